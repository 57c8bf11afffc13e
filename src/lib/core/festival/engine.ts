/**
 * The festival engine: a festival's Automerge document rebuilt from verified entries.
 *
 * Ingest, per batch of entries (any order, any mix of logs, duplicates fine):
 * 1. the LogBook verifies each entry (signature, payload hash, links, forks);
 * 2. the payload's changes are decoded; each change's actor must be the log's own actor
 *    (author key + log id), or the whole entry is refused;
 * 3. changes wait until their dependencies are applied; ready ones are taken in dependency
 *    order, checked against the write rules, and applied in batches with one
 *    `Automerge.applyChanges` call per batch (Automerge's own queue for missing deps is
 *    quadratic, so we order them ourselves);
 * 4. a change must belong to this festival: its genesis (hash = festival id), a change whose
 *    message is the festival id, or an ancestor of the genesis (a fork's history).
 * A change that breaks a rule is not applied and its author is flagged; nothing else is lost.
 * @module
 */
import * as A from '@automerge/automerge';
import type { AuthorId } from '../identity/identity.js';
import type { CryptoOptions } from '../log/sign.js';
import { LogBook, type LogResult } from '../log/log.js';
import { toHex } from '../bytes.js';
import { err, ok, type Result } from '../result.js';
import { actorFor, authorOfActor, type FestivalId } from './ids.js';
import { decodeChanges } from './payload.js';
import { checkChange, sharedObjectsOf } from './rules.js';
import { CONTAINERS, GENESIS_MESSAGE, type FestivalDoc } from './doc.js';
import { shardNames } from './ids.js';

/** An entry as it travels: encoded bytes and (usually) its payload. */
export interface EntryItem {
	readonly bytes: Uint8Array;
	readonly payload?: Uint8Array;
}

interface Candidate {
	readonly bytes: Uint8Array;
	readonly change: A.DecodedChange;
	readonly author: AuthorId;
	/** Dependencies not yet applied. */
	missing: number;
}

type Predecoded = Result<{ bytes: Uint8Array; change: A.DecodedChange }[], 'payload'>;

/** Splits a payload into changes and decodes each; never throws. */
function predecode(payload: Uint8Array): Predecoded {
	const changes = decodeChanges(payload);
	if (!changes.ok) return changes;
	const out: { bytes: Uint8Array; change: A.DecodedChange }[] = [];
	for (const bytes of changes.value) {
		try {
			out.push({ bytes, change: A.decodeChange(bytes) });
		} catch (e) {
			return err('payload', `a change does not decode (${(e as Error).message})`);
		}
	}
	return ok(out);
}

/**
 * Why something was refused. `entry` problems (bad bytes, signature, links, payload hash) are
 * the fault of whoever sent the entry; `author` problems (a fork, a broken write rule, a
 * spoofed actor, a garbage payload under a valid signature) are the signing author's, and an
 * honest relay may pass them on.
 */
export interface Refusal {
	readonly blame: 'entry' | 'author';
	readonly code?: string;
	readonly author?: string;
	readonly seqNum?: number;
	readonly reason: string;
}

/** What one ingest call did. */
export interface IngestReport {
	/** Entries admitted by the log layer (new or already held). */
	admitted: number;
	/** Changes applied to the document. */
	applied: number;
	/** Entries or changes refused, each with a reason a person can read. */
	refused: Refusal[];
	/** Entries already held (admitted again, nothing to do). */
	duplicates: number;
	/** Verified entries kept until the entry they link to arrives (not stored yet). */
	waiting: number;
	/** Entries admitted by this call (so callers can store exactly these). */
	newEntries: EntryItem[];
}

/** A festival document and the state needed to ingest into it. */
export class FestivalEngine {
	readonly id: FestivalId;
	doc: A.Doc<FestivalDoc>;
	readonly book: LogBook;
	/** Authors who broke a write rule or forked a log, with the reasons. */
	readonly misbehaving = new Map<string, string[]>();
	/** Every change seen but not applied, by hash. */
	readonly #pending = new Map<string, Candidate>();
	/** Candidates waiting on a dependency, by the dependency's hash. */
	readonly #waiters = new Map<string, Candidate[]>();
	/** Candidates whose dependencies are all applied. */
	#ready: Candidate[] = [];
	/** Ready candidates not (yet) known to belong to this festival. */
	#parked: Candidate[] = [];
	readonly #applied = new Set<string>();
	/** Ancestors of this festival's genesis: a fork's history, which it may hold. */
	readonly #allowedForeign = new Set<string>();
	readonly #shared = new Set<string>();
	/** Whether the document came with history (a snapshot): then ask it what it holds. */
	#loaded: boolean;
	readonly #opts: CryptoOptions;

	constructor(id: FestivalId, doc: A.Doc<FestivalDoc> = A.init<FestivalDoc>(), opts: CryptoOptions = {}) {
		this.id = id;
		this.doc = doc;
		this.#loaded = A.getHeads(doc).length > 0;
		this.book = new LogBook(opts);
		this.#opts = opts;
		if (this.#has(id)) this.#refreshShared();
	}

	/** Whether the change with this hash is in the document. */
	#has(hash: string): boolean {
		return this.#applied.has(hash) || (this.#loaded && A.hasHeads(this.doc, [hash]));
	}

	/** Marks a change made locally as applied (the writer already changed the document). */
	noteLocal(hash: string): void {
		this.#applied.add(hash);
		if (hash === this.id) this.#refreshShared();
		const waiting = this.#waiters.get(hash);
		if (waiting) {
			this.#waiters.delete(hash);
			for (const w of waiting) if (--w.missing === 0) this.#ready.push(w);
		}
	}

	#refreshShared(): void {
		const shared = this.#shared;
		for (const [name, shards] of Object.entries(CONTAINERS)) {
			const c = this.doc[name];
			if (!c) continue;
			shared.add(A.getObjectId(c)!);
			for (const s of shardNames(shards)) if (c[s]) shared.add(A.getObjectId(c[s])!);
		}
	}

	#flag(author: string, reason: string): void {
		const list = this.misbehaving.get(author) ?? [];
		list.push(reason);
		this.misbehaving.set(author, list);
	}

	/** Changes waiting for dependencies (or for the festival's genesis). */
	get pendingCount(): number {
		return this.#pending.size;
	}

	/** Verifies and ingests entries; never throws on untrusted input. */
	async ingest(items: readonly EntryItem[]): Promise<IngestReport> {
		const report: IngestReport = { admitted: 0, applied: 0, waiting: 0, duplicates: 0, refused: [], newEntries: [] };
		const verifying = this.book.addMany(items);
		// Signatures verify off the main thread (Web Crypto); let every check be dispatched,
		// then decode the payloads here meanwhile. Decoding untrusted bytes is harmless: the
		// result is used only for entries that verify.
		await new Promise((r) => setTimeout(r, 0));
		const pre = items.map((it) => (it.payload ? predecode(it.payload) : undefined));
		const results: LogResult[] = await verifying;
		results.forEach((r, i) => {
			const item = items[i]!;
			if (!r.ok) {
				if (r.error.code === 'missing-link') {
					report.waiting++;
					return;
				}
				if (r.fork) this.#flag(r.fork.author, r.error.reason);
				const byAuthor = r.fork !== undefined || ['after-end', 'forked-log', 'lipmaa-mismatch', 'backlink-mismatch'].includes(r.error.code);
				report.refused.push({ blame: byAuthor ? 'author' : 'entry', code: r.error.code, reason: r.error.reason });
				return;
			}
			report.admitted++;
			if (r.duplicate) {
				report.duplicates++;
				return;
			}
			report.newEntries.push(item);
			if (item.payload) this.#takePayload(r.value.entry.author, r.value.entry.logId, r.value.entry.seqNum, pre[i], item.payload, report);
		});
		// Entries that waited for their certificate and were admitted by this batch.
		for (const { held, payload } of this.book.takeAdopted()) {
			const e = held.entry;
			report.admitted++;
			report.newEntries.push({ bytes: e.bytes, ...(payload ? { payload } : {}) });
			if (payload) this.#takePayload(e.author, e.logId, e.seqNum, undefined, payload, report);
		}
		report.applied += this.#applyReady(report);
		return report;
	}

	#takePayload(
		authorBytes: Uint8Array,
		logId: bigint,
		seqNum: number,
		pre: Predecoded | undefined,
		payload: Uint8Array,
		report: IngestReport
	): void {
		const author = toHex(authorBytes) as AuthorId;
		const decoded = pre ?? predecode(payload);
		if (!decoded.ok) {
			const reason = `entry ${seqNum}: ${decoded.error.reason}`;
			report.refused.push({ blame: 'author', code: 'payload', author, seqNum, reason });
			return this.#flag(author, reason);
		}
		const actor = actorFor(author, logId);
		for (const c of decoded.value) {
			if (c.change.actor !== actor) {
				const reason = `entry ${seqNum}: change actor ${c.change.actor.slice(0, 12)}… is not this log's actor (spoofed actor)`;
				report.refused.push({ blame: 'author', code: 'actor', author, seqNum, reason });
				return this.#flag(author, reason);
			}
		}
		for (const c of decoded.value) this.#enqueue({ bytes: c.bytes, change: c.change, author, missing: 0 });
	}

	#enqueue(c: Candidate): void {
		const hash = c.change.hash;
		if (this.#pending.has(hash) || this.#has(hash)) return;
		this.#pending.set(hash, c);
		if (hash === this.id || this.#allowedForeign.has(hash)) this.#allow(c.change.deps);
		for (const d of c.change.deps) {
			if (this.#has(d)) continue;
			c.missing++;
			const list = this.#waiters.get(d);
			if (list) list.push(c);
			else this.#waiters.set(d, [c]);
		}
		if (c.missing === 0) this.#ready.push(c);
	}

	/** Allows the given changes and, transitively, their known ancestors. */
	#allow(hashes: readonly string[]): void {
		const stack = [...hashes];
		while (stack.length) {
			const h = stack.pop()!;
			if (this.#allowedForeign.has(h)) continue;
			this.#allowedForeign.add(h);
			const known = this.#pending.get(h);
			if (known) stack.push(...known.change.deps);
		}
	}

	/** Whether a change belongs to this festival: its genesis, its own, or its fork history. */
	#belongs(c: A.DecodedChange): boolean {
		return c.hash === this.id || c.message === this.id || this.#allowedForeign.has(c.hash);
	}

	/**
	 * Takes ready changes in dependency order (Kahn's algorithm), checks each against the write
	 * rules, and applies the accepted ones in one batch.
	 */
	#applyReady(report: IngestReport): number {
		if (this.#parked.length) {
			this.#ready.push(...this.#parked);
			this.#parked = [];
		}
		const batch: Uint8Array[] = [];
		while (this.#ready.length) {
			const c = this.#ready.pop()!;
			const hash = c.change.hash;
			if (!this.#belongs(c.change)) {
				this.#parked.push(c);
				continue;
			}
			this.#pending.delete(hash);
			const isGenesis = c.change.message === GENESIS_MESSAGE;
			if (isGenesis) {
				for (const id of sharedObjectsOf(c.change)) this.#shared.add(id);
			} else {
				const verdict = checkChange(c.change, c.author, this.#shared);
				if (!verdict.ok) {
					report.refused.push({ blame: 'author', code: 'rule', author: c.author, reason: verdict.error.reason });
					this.#flag(c.author, verdict.error.reason);
					continue;
				}
			}
			batch.push(c.bytes);
			this.#applied.add(hash);
			const waiting = this.#waiters.get(hash);
			if (waiting) {
				this.#waiters.delete(hash);
				for (const w of waiting) if (--w.missing === 0) this.#ready.push(w);
			}
		}
		if (batch.length) this.doc = A.applyChanges(this.doc, batch)[0];
		return batch.length;
	}

	/**
	 * Adopts a document and the entries rebuilt from a snapshot (sync/snapshot.ts), as a
	 * newcomer. Every entry must verify (signature, links, payload hash); every change of the
	 * document must be covered by a verified entry of its actor's log, belong to this festival
	 * and keep the write rules. Otherwise nothing is adopted. Only for an empty engine.
	 */
	async adoptSnapshot(
		doc: A.Doc<FestivalDoc>,
		entries: readonly EntryItem[],
		changes: readonly A.DecodedChange[]
	): Promise<Result<number, 'snapshot'>> {
		if (A.getHeads(this.doc).length) return err('snapshot', 'a snapshot is only for a newcomer');
		const probe = new LogBook(this.#opts);
		const verdicts = await probe.addMany(entries);
		const bad = verdicts.find((v) => !v.ok);
		if (bad && !bad.ok) return err('snapshot', `a rebuilt entry does not verify: ${bad.error.reason}`);
		let covered = 0;
		for (const e of entries) {
			const d = decodeChanges(e.payload!);
			if (d.ok) covered += d.value.length;
		}
		if (covered !== changes.length) {
			return err('snapshot', `${changes.length - covered} changes of the document are not in any entry the snapshot lists`);
		}
		const byHash = new Map(changes.map((c) => [c.hash, c]));
		const genesis = byHash.get(this.id);
		if (!genesis) return err('snapshot', 'the document lacks this festival\'s genesis');
		const allowed = new Set<string>();
		const stack = [...genesis.deps];
		while (stack.length) {
			const h = stack.pop()!;
			if (allowed.has(h)) continue;
			allowed.add(h);
			stack.push(...(byHash.get(h)?.deps ?? []));
		}
		const shared = new Set<string>();
		for (const c of changes) {
			if (c.message === GENESIS_MESSAGE && (c.hash === this.id || allowed.has(c.hash))) for (const o of sharedObjectsOf(c)) shared.add(o);
		}
		for (const c of changes) {
			if (c.hash !== this.id && c.message !== this.id && !allowed.has(c.hash)) {
				return err('snapshot', `change ${c.hash.slice(0, 12)} belongs to another festival`);
			}
			if (c.message === GENESIS_MESSAGE) continue;
			const verdict = checkChange(c, authorOfActor(c.actor), shared);
			if (!verdict.ok) return err('snapshot', verdict.error.reason);
		}
		this.doc = doc;
		this.#loaded = true;
		for (const h of shared) this.#shared.add(h);
		for (const v of verdicts) if (v.ok) this.book.trust(v.value.entry);
		for (const h of allowed) this.#allowedForeign.add(h);
		return ok(changes.length);
	}

	/** Changes that cannot belong here (another festival's, replayed), with reasons. */
	strays(): { author: string; reason: string }[] {
		if (!this.#has(this.id)) return [];
		return this.#parked.map((c) => ({
			author: c.author,
			reason: `change ${c.change.hash.slice(0, 12)} carries festival ${c.change.message?.slice(0, 12) ?? '(none)'}, not this one`
		}));
	}
}
