/**
 * Where one festival lives in an automerge-repo storage adapter (namespace `['festival', id]`):
 * - entries and payloads, through a {@link StorageLogStore};
 * - the document: a snapshot (`doc/snapshot`) plus incremental chunks (`doc/inc/<n>`), the way
 *   automerge-repo stores documents, compacted into a new snapshot now and then, so opening
 *   a large festival does not replay every change;
 * - local changes not yet sealed into an entry (`unsealed/<hash>`): durable at once, sealed
 *   within about a second, and re-sealed on the next open if the process died first.
 * - integrity records, small and keyed by entry position (`author`, `log id`, 16-digit `seq`):
 *   `waiting/...` entries whose changes wait for others (taken up again on open),
 *   `refused/...` entries whose payload was refused as unusable (the reason, as text),
 *   `proofs/.../<signature prefix>` validly signed entries that prove a log forked;
 *   `reconciled`: stored entries were once checked against the document (see Festival.open).
 * `['index', id]` holds a small JSON summary so festivals can be listed without opening them.
 * @module
 */
import * as A from '@automerge/automerge';
import type { StorageAdapterInterface } from '@automerge/automerge-repo/slim';
import { blake2b } from '@noble/hashes/blake2.js';
import { toHex } from '../../bytes.js';
import type { EntryPosition } from '../../store/log-store.js';
import { seqKey, StorageLogStore } from '../../store/storage-log-store.js';
import type { FestivalDoc } from '../document/doc.js';
import type { FestivalId } from '../document/ids.js';

/** How many incremental chunks before they are compacted into a snapshot. */
const COMPACT_AFTER = 32;
/** Past this many chunks, saving compacts even on the edit path. */
const HARD_CAP = 1000;

/** A listed festival. */
export interface FestivalSummary {
	readonly id: FestivalId;
	readonly name: string;
	readonly parent?: FestivalId;
}

/**
 * A document from its snapshot and chunks: loaded in one go from their concatenation (one
 * materialization, instead of one patch set per chunk: several times faster, and the largest
 * cost of opening many festivals); chunk by chunk if that fails (a chunk whose dependencies
 * are not all there).
 */
function loadParts<T>(
	snapshot: Uint8Array | undefined,
	chunks: readonly Uint8Array[],
	opts: { actor?: A.ActorId }
): A.Doc<T> {
	const parts = snapshot ? [snapshot, ...chunks] : chunks;
	if (parts.length === 0) return A.init<T>(opts);
	const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		all.set(p, at);
		at += p.length;
	}
	try {
		return A.load<T>(all, opts);
	} catch {
		let doc = snapshot ? A.load<T>(snapshot, opts) : A.init<T>(opts);
		for (const c of chunks) doc = A.loadIncremental(doc, c);
		return doc;
	}
}

/** One festival's storage. */
export class FestivalStorage {
	readonly id: FestivalId;
	readonly entries: StorageLogStore;
	readonly #storage: StorageAdapterInterface;
	#chunks = 0;
	#lastSaved: A.Heads = [];

	constructor(storage: StorageAdapterInterface, id: FestivalId) {
		this.id = id;
		this.#storage = storage;
		this.entries = new StorageLogStore(storage, { namespace: ['festival', id] });
	}

	/** Loads the document from snapshot and chunks, or undefined if none is stored. */
	async loadDoc(actor?: string): Promise<A.Doc<FestivalDoc> | undefined> {
		const chunks = await this.#storage.loadRange(['festival', this.id, 'doc']);
		if (!chunks.length) return undefined;
		const snap = chunks.find((c) => c.key[3] === 'snapshot');
		const incs = chunks.filter((c) => c.key[3] === 'inc' && c.data);
		this.#chunks = incs.length;
		const opts = actor ? { actor: actor as A.ActorId } : {};
		const doc = loadParts<FestivalDoc>(
			snap?.data,
			incs.map((c) => c.data!),
			opts
		);
		this.#lastSaved = A.getHeads(doc);
		return doc;
	}

	/**
	 * Persists what changed since the last save as an incremental chunk (cheap: the edit path).
	 * The first save writes a snapshot; compaction is left to {@link compact}, which callers run
	 * off the edit path (on close, when idle), except past a hard cap of chunks.
	 */
	async saveDoc(doc: A.Doc<FestivalDoc>): Promise<void> {
		const heads = A.getHeads(doc);
		if (heads.length === this.#lastSaved.length && heads.every((h, i) => h === this.#lastSaved[i]))
			return;
		if (this.#lastSaved.length === 0 || this.#chunks >= HARD_CAP) return this.compact(doc);
		const chunk = A.saveSince(doc, this.#lastSaved);
		const name = `${Date.now().toString().padStart(15, '0')}-${Math.random().toString(36).slice(2, 8)}`;
		await this.#storage.save(['festival', this.id, 'doc', 'inc', name], chunk);
		this.#chunks++;
		this.#lastSaved = heads;
	}

	/** Whether enough chunks piled up that {@link compact} is worth running. */
	get wantsCompaction(): boolean {
		return this.#chunks >= COMPACT_AFTER;
	}

	/** Writes a full snapshot and drops the incremental chunks it covers. */
	async compact(doc: A.Doc<FestivalDoc>): Promise<void> {
		const heads = A.getHeads(doc);
		const old = (await this.#storage.loadRange(['festival', this.id, 'doc', 'inc'])).map(
			(c) => c.key
		);
		await this.#storage.save(['festival', this.id, 'doc', 'snapshot'], A.save(doc));
		await Promise.all(old.map((k) => this.#storage.remove(k)));
		this.#chunks = 0;
		this.#lastSaved = heads;
	}

	/** Keeps a local change durable until it is sealed into an entry. */
	saveUnsealed(hash: string, change: Uint8Array): Promise<void> {
		return this.#storage.save(['festival', this.id, 'unsealed', hash], change);
	}

	/** Local changes not yet sealed, oldest first (by Automerge seq). */
	async loadUnsealed(): Promise<Uint8Array[]> {
		const chunks = await this.#storage.loadRange(['festival', this.id, 'unsealed']);
		return chunks
			.filter((c) => c.data)
			.map((c) => c.data!)
			.sort((a, b) => A.decodeChange(a).seq - A.decodeChange(b).seq);
	}

	/** Forgets sealed changes. */
	async dropUnsealed(hashes: readonly string[]): Promise<void> {
		await Promise.all(
			hashes.map((h) => this.#storage.remove(['festival', this.id, 'unsealed', h]))
		);
	}

	#at(kind: string, p: EntryPosition): string[] {
		return ['festival', this.id, kind, p.author, String(p.logId), seqKey(p.seqNum)];
	}

	/** Positions stored under one kind of integrity record, with their data. */
	async #positions(kind: string): Promise<{ pos: EntryPosition; data: Uint8Array }[]> {
		const out: { pos: EntryPosition; data: Uint8Array }[] = [];
		for (const c of await this.#storage.loadRange(['festival', this.id, kind])) {
			const [author, logId, seq] = c.key.slice(3);
			if (
				!c.data ||
				!/^[0-9a-f]{64}$/.test(author ?? '') ||
				!/^[0-9]+$/.test(logId ?? '') ||
				!/^[0-9]{16}$/.test(seq ?? '')
			)
				continue;
			const seqNum = Number(seq);
			if (seqNum < 1) continue;
			out.push({ pos: { author: author!, logId: BigInt(logId!), seqNum }, data: c.data });
		}
		return out;
	}

	/** Remembers that an entry's changes wait for others. */
	saveWaiting(p: EntryPosition): Promise<void> {
		return this.#storage.save(this.#at('waiting', p), Uint8Array.of(1));
	}

	/** Forgets that an entry waited. */
	dropWaiting(p: EntryPosition): Promise<void> {
		return this.#storage.remove(this.#at('waiting', p));
	}

	/** Entries whose changes waited for others when last stored. */
	async loadWaiting(): Promise<EntryPosition[]> {
		return (await this.#positions('waiting')).map((x) => x.pos);
	}

	/** Remembers a refused payload and why. */
	saveRefused(p: EntryPosition, reason: string): Promise<void> {
		return this.#storage.save(
			this.#at('refused', p),
			new TextEncoder().encode(reason.slice(0, 500))
		);
	}

	/** Every refused payload, with its reason. */
	async loadRefused(): Promise<{ pos: EntryPosition; reason: string }[]> {
		return (await this.#positions('refused')).map((x) => ({
			pos: x.pos,
			reason: new TextDecoder().decode(x.data)
		}));
	}

	/** Keeps an entry that proves its log forked. */
	saveProof(p: EntryPosition, entry: Uint8Array): Promise<void> {
		const sig = toHex(entry.subarray(entry.length - 8));
		return this.#storage.save([...this.#at('proofs', p), sig], entry);
	}

	/** Every stored fork proof. */
	async loadProofs(): Promise<{ pos: EntryPosition; entry: Uint8Array }[]> {
		return (await this.#positions('proofs')).map((x) => ({ pos: x.pos, entry: x.data }));
	}

	/** Remembers that a log is forked (void) and why. */
	saveVoid(author: string, logId: bigint, reason: string): Promise<void> {
		return this.#storage.save(
			['festival', this.id, 'void', author, String(logId)],
			new TextEncoder().encode(reason.slice(0, 500))
		);
	}

	/** Every log remembered as forked. */
	async loadVoid(): Promise<{ author: string; logId: bigint; reason: string }[]> {
		const out: { author: string; logId: bigint; reason: string }[] = [];
		for (const c of await this.#storage.loadRange(['festival', this.id, 'void'])) {
			const [author, logId] = c.key.slice(3);
			if (!c.data || !/^[0-9a-f]{64}$/.test(author ?? '') || !/^[0-9]+$/.test(logId ?? ''))
				continue;
			out.push({
				author: author!,
				logId: BigInt(logId!),
				reason: new TextDecoder().decode(c.data)
			});
		}
		return out;
	}

	/** Keeps a note for people about something refused (`notes/<key>`: JSON where and reason). */
	saveNote(where: string, reason: string): Promise<void> {
		const bytes = new TextEncoder().encode(
			JSON.stringify({ where: where.slice(0, 200), reason: reason.slice(0, 500) })
		);
		// Keyed by its content, so the same note is kept once.
		return this.#storage.save(
			['festival', this.id, 'notes', toHex(blake2b(bytes, { dkLen: 8 }))],
			bytes
		);
	}

	/** Every stored note (damaged ones are skipped). */
	async loadNotes(): Promise<{ where: string; reason: string }[]> {
		const out: { where: string; reason: string }[] = [];
		for (const c of await this.#storage.loadRange(['festival', this.id, 'notes'])) {
			try {
				const v = JSON.parse(new TextDecoder().decode(c.data)) as unknown;
				if (
					v &&
					typeof v === 'object' &&
					typeof (v as { where?: unknown }).where === 'string' &&
					typeof (v as { reason?: unknown }).reason === 'string'
				) {
					out.push(v as { where: string; reason: string });
				}
			} catch {
				/* a damaged note is skipped */
			}
		}
		return out;
	}

	/** Whether the stored entries were checked against the document once (see Festival.open). */
	async isReconciled(): Promise<boolean> {
		return (await this.#storage.load(['festival', this.id, 'reconciled'])) !== undefined;
	}

	/** Records that the stored entries were checked against the document. */
	markReconciled(): Promise<void> {
		return this.#storage.save(['festival', this.id, 'reconciled'], Uint8Array.of(1));
	}

	/** Writes the festival's summary into the index. */
	saveSummary(s: FestivalSummary): Promise<void> {
		return this.#storage.save(['index', this.id], new TextEncoder().encode(JSON.stringify(s)));
	}
}

/** Deletes everything stored for a festival, its index entry included (close it first). */
export async function removeFestival(
	storage: StorageAdapterInterface,
	id: FestivalId
): Promise<void> {
	await storage.removeRange(['festival', id]);
	await storage.remove(['index', id]);
}

/** Every festival in a storage adapter's index. */
export async function listFestivals(storage: StorageAdapterInterface): Promise<FestivalSummary[]> {
	const out: FestivalSummary[] = [];
	for (const c of await storage.loadRange(['index'])) {
		if (!c.data) continue;
		try {
			out.push(JSON.parse(new TextDecoder().decode(c.data)) as FestivalSummary);
		} catch {
			/* a damaged summary is skipped; the festival itself is intact */
		}
	}
	return out.sort((a, b) => a.name.localeCompare(b.name));
}
