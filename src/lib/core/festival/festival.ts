/**
 * A festival as an application uses it: the engine (document rebuilt from verified entries),
 * this device's log writer, and storage. Local edits are durable at once and sealed into one
 * signed entry per burst (about a second, or on close).
 * @module
 */
import * as A from '@automerge/automerge';
import type { StorageAdapterInterface } from '@automerge/automerge-repo/slim';
import { logIdFor, type DeviceId, type Identity } from '../identity/identity.js';
import { decodeEntry } from '../log/entry.js';
import { logKey } from '../log/log.js';
import { toHex } from '../bytes.js';
import type { CryptoOptions } from '../log/sign.js';
import { createFestivalDoc, forkFestivalDoc, addChild, type FestivalDoc, type NewFestival } from './doc.js';
import { FestivalEngine, type EntryItem, type IngestReport } from './engine.js';
import { actorFor, type FestivalId } from './ids.js';
import { changeCount, encodeChanges } from './payload.js';
import type { Snapshot, SnapshotEntry, SnapshotLog } from './snapshot.js';
import { err, ok, type Result } from '../result.js';
import { FestivalStorage } from './storage.js';
import { LogWriter } from './writer.js';
import type { Preparer } from './prepare.js';
import { MAX_PAYLOAD_SIZE } from '../log/entry.js';
import { ChangeTooLargeError, partitionUnsealed, rewindWithout, unsealableReason, type DroppedChange } from './local-bounds.js';
import { changeCost, MAX_ENTRY_OPS } from './change-bounds.js';

/** Who is editing, on which device, with which storage. */
export interface FestivalContext {
	readonly identity: Identity;
	readonly device: DeviceId;
	readonly storage: StorageAdapterInterface;
	readonly crypto?: CryptoOptions;
	/** Delay before a burst of local changes is sealed into an entry (ms, default 1000). */
	readonly sealDelayMs?: number;
	/** Where entries from elsewhere are verified and decoded (default: this thread); see prepare.ts. */
	readonly preparer?: Preparer;
	/** Apply large ingests in slices of about this many ms, yielding between them (default: at once). */
	readonly applySliceMs?: number;
}

/** One open festival. */
export class Festival {
	readonly id: FestivalId;
	readonly engine: FestivalEngine;
	readonly store: FestivalStorage;
	readonly #ctx: FestivalContext;
	readonly #writer: LogWriter;
	readonly #loadedLogs = new Set<string>();
	#unsealed: { hash: string; bytes: Uint8Array }[] = [];
	/** Changes taken by a running seal whose entries are not stored yet. */
	#sealingCount = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#sealing: Promise<void> = Promise.resolve();
	/** Whether the index lists this festival (set once its genesis arrived by ingest). */
	#listed = false;
	readonly #listeners = new Set<(entries: readonly EntryItem[], origin: unknown) => void>();
	/**
	 * Local changes dropped when the festival opened because they could never be shared (see
	 * local-bounds.ts), with the reasons, for the app or CLI to tell.
	 */
	readonly problems: DroppedChange[] = [];

	private constructor(ctx: FestivalContext, id: FestivalId, doc: A.Doc<FestivalDoc>) {
		this.#ctx = ctx;
		this.id = id;
		this.store = new FestivalStorage(ctx.storage, id);
		this.engine = new FestivalEngine(id, doc, ctx.crypto ?? {}, {
			...(ctx.preparer ? { preparer: ctx.preparer } : {}),
			...(ctx.applySliceMs !== undefined ? { applySliceMs: ctx.applySliceMs } : {})
		});
		const logId = logIdFor(ctx.device, id);
		this.#writer = new LogWriter(ctx.identity, logId, this.engine.book, ctx.crypto ?? {});
	}

	/**
	 * Calls `fn` with every batch of entries this festival newly stores: sealed local edits
	 * (origin undefined) and ingested entries (origin as passed to {@link ingest}). Sync uses
	 * this to push what is new. Returns an unsubscribe function.
	 */
	onEntries(fn: (entries: readonly EntryItem[], origin: unknown) => void): () => void {
		this.#listeners.add(fn);
		return () => this.#listeners.delete(fn);
	}

	#emit(entries: readonly EntryItem[], origin: unknown): void {
		if (!entries.length) return;
		for (const fn of this.#listeners) {
			try {
				fn(entries, origin);
			} catch {
				/* a listener's failure is its own */
			}
		}
	}

	/** The current document (read it through read.ts). */
	get doc(): A.Doc<FestivalDoc> {
		return this.engine.doc;
	}

	/** This device's actor in this festival. */
	get actor(): string {
		return actorFor(this.#ctx.identity.author, this.#writer.logId);
	}

	static #actorFor(ctx: FestivalContext, key: string): string {
		return actorFor(ctx.identity.author, logIdFor(ctx.device, key));
	}

	/** Creates a festival; its genesis is the first change of this device's log for it. */
	static async create(ctx: FestivalContext, o: NewFestival): Promise<Festival> {
		// The actor must exist before the id (the genesis hash) does: derive it from a nonce,
		// then re-key the document to the festival's own log actor.
		const tmpActor = Festival.#actorFor(ctx, `genesis:${Math.random()}`);
		const made = createFestivalDoc(tmpActor as never, o);
		return Festival.#adopt(ctx, made, o.name, o.parent);
	}

	static async #adopt(
		ctx: FestivalContext,
		made: { doc: A.Doc<FestivalDoc>; id: FestivalId },
		name: string,
		parent: FestivalId | undefined
	): Promise<Festival> {
		const f = new Festival(ctx, made.id, made.doc);
		// The genesis was made with the actor of a log keyed by a nonce; its entry goes in that
		// log. Every later change uses the festival's own log (keyed by the festival id).
		const genesis = A.getLastLocalChange(made.doc)!;
		const genesisLog = BigInt('0x' + A.decodeChange(genesis).actor.slice(64));
		const genesisWriter = new LogWriter(ctx.identity, genesisLog, f.engine.book, ctx.crypto ?? {});
		const entry = await genesisWriter.append(encodeChanges([genesis]));
		await f.store.entries.put(entry.bytes, encodeChanges([genesis]));
		f.engine.noteLocal(made.id);
		f.engine.doc = A.clone(made.doc, f.actor);
		await f.store.saveDoc(f.doc);
		await f.store.saveSummary({ id: f.id, name, ...(parent ? { parent } : {}) });
		return f;
	}

	/** Opens a stored festival, re-sealing local changes a crash left unsealed. */
	static async open(ctx: FestivalContext, id: FestivalId): Promise<Festival | undefined> {
		const store = new FestivalStorage(ctx.storage, id);
		const actor = Festival.#actorFor(ctx, id);
		let doc: A.Doc<FestivalDoc> | undefined;
		try {
			doc = await store.loadDoc(actor);
		} catch {
			doc = undefined; // a damaged snapshot or chunk: rebuild from the entries below
		}
		if (!doc) {
			if ((await store.entries.logs()).length === 0) return undefined;
			return Festival.#rebuild(ctx, id, actor);
		}
		const f = new Festival(ctx, id, doc);
		const { keep: unsealed, drop } = partitionUnsealed(await f.store.loadUnsealed());
		if (drop.length) {
			// Changes no entry can carry (left by an older version): drop them and what follows.
			f.engine.doc = rewindWithout(f.doc, new Set(drop.map((d) => d.hash)), actor);
			await f.store.compact(f.doc);
			await f.store.dropUnsealed(drop.map((d) => d.hash));
			f.problems.push(...drop);
		}
		if (unsealed.length) {
			// The document may have been saved before or after these changes: apply the missing.
			const missing = unsealed.filter((c) => !A.hasHeads(f.doc, [A.decodeChange(c).hash]));
			if (missing.length) f.engine.doc = A.applyChanges(f.doc, missing)[0];
			f.#unsealed = unsealed.map((bytes) => ({ hash: A.decodeChange(bytes).hash, bytes }));
			for (const u of f.#unsealed) f.engine.noteLocal(u.hash);
			await f.seal();
		}
		return f;
	}

	/** Rebuilds the document from every stored entry (verifying them all) and saves it anew. */
	static async #rebuild(ctx: FestivalContext, id: FestivalId, actor: string): Promise<Festival | undefined> {
		const f = new Festival(ctx, id, A.init<FestivalDoc>({ actor: actor as A.ActorId }));
		const entries = await f.entries();
		await f.engine.ingest(entries);
		if (f.isEmpty) return undefined;
		await f.store.compact(f.doc);
		return f;
	}

	/**
	 * Joins a festival this device does not hold yet, from entries (a bundle, a peer). Returns
	 * the festival; it is empty until its genesis entry arrives.
	 */
	static async join(ctx: FestivalContext, id: FestivalId, items: readonly EntryItem[] = []): Promise<Festival> {
		const existing = await Festival.open(ctx, id);
		const f = existing ?? new Festival(ctx, id, A.init<FestivalDoc>({ actor: Festival.#actorFor(ctx, id) as A.ActorId }));
		if (items.length) await f.ingest(items);
		const name = f.doc.meta?.name;
		if (name !== undefined) await f.store.saveSummary({ id, name: String(name), ...(f.doc.meta.parent ? { parent: String(f.doc.meta.parent) as FestivalId } : {}) });
		return f;
	}

	/**
	 * Makes a local change. It is applied at once, durable when the promise resolves, and
	 * sealed into a signed entry with the rest of its burst. Returns what `fn` returns. A
	 * change that no entry could carry is not kept: {@link ChangeTooLargeError}.
	 */
	async change<T>(fn: (d: FestivalDoc) => T): Promise<T> {
		let out!: T;
		const before = A.getHeads(this.doc);
		this.engine.doc = A.change(this.doc, { message: this.id }, (d) => {
			out = fn(d);
		});
		const after = A.getHeads(this.doc);
		if (before.length === after.length && before.every((h, i) => h === after[i])) return out;
		const bytes = A.getLastLocalChange(this.doc)!;
		const tooLarge = unsealableReason(bytes);
		if (tooLarge) {
			this.engine.doc = A.clone(A.view(this.doc, before), { actor: this.actor as A.ActorId });
			throw new ChangeTooLargeError(bytes.length, tooLarge);
		}
		const hash = A.decodeChange(bytes).hash;
		this.engine.noteLocal(hash);
		this.#unsealed.push({ hash, bytes });
		await this.store.saveUnsealed(hash, bytes);
		this.#scheduleSeal();
		return out;
	}

	#scheduleSeal(): void {
		if (this.#timer !== undefined) return;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			void this.seal();
		}, this.#ctx.sealDelayMs ?? 1000);
		(this.#timer as { unref?: () => void }).unref?.();
	}

	async #ensureLog(author: string, logId: bigint): Promise<void> {
		const key = logKey(author, logId);
		if (this.#loadedLogs.has(key)) return;
		this.#loadedLogs.add(key);
		for (const e of await this.store.entries.range(author, logId)) {
			const d = decodeEntry(e.entry, this.#ctx.crypto?.suite);
			if (d.ok) this.engine.book.trust(d.value);
		}
	}

	/**
	 * Local changes not yet in a signed, stored entry of this device's log. They are durable
	 * already (stored unsealed); sealing makes them shareable.
	 */
	get unsealedCount(): number {
		return this.#unsealed.length + this.#sealingCount;
	}

	/** Seals unsealed local changes into entries of this device's log (split under the size limit). */
	seal(): Promise<void> {
		this.#sealing = this.#sealing.then(() => this.#seal());
		return this.#sealing;
	}

	async #seal(): Promise<void> {
		if (this.#timer !== undefined) clearTimeout(this.#timer);
		this.#timer = undefined;
		const todo = this.#unsealed;
		this.#unsealed = [];
		if (!todo.length) return;
		this.#sealingCount = todo.length;
		await this.#ensureLog(this.#ctx.identity.author, this.#writer.logId);
		let group: typeof todo = [];
		let size = 0;
		let ops = 0;
		const flush = async () => {
			if (!group.length) return;
			const payload = encodeChanges(group.map((c) => c.bytes));
			const entry = await this.#writer.append(payload);
			// The entry and the document chunk are written side by side; the unsealed copies are
			// dropped only once the entry is stored, so a crash in between loses nothing.
			await Promise.all([this.store.entries.put(entry.bytes, payload), this.store.saveDoc(this.doc)]);
			await this.store.dropUnsealed(group.map((c) => c.hash));
			this.#sealingCount -= group.length;
			this.#emit([{ bytes: entry.bytes, payload }], undefined);
			group = [];
			size = 0;
			ops = 0;
		};
		for (const c of todo) {
			// Under the payload size and the ops peers accept in one entry (change-bounds.ts).
			const cost = changeCost(c.bytes);
			const cOps = cost.ok ? cost.value.ops : 0;
			if (size + c.bytes.length + 16 > MAX_PAYLOAD_SIZE || ops + cOps > MAX_ENTRY_OPS) await flush();
			group.push(c);
			size += c.bytes.length + 16;
			ops += cOps;
		}
		await flush();
	}

	/** Verifies, applies and stores entries from elsewhere (a peer, a bundle). */
	async ingest(items: readonly EntryItem[], origin?: unknown): Promise<IngestReport> {
		const logs = new Map<string, [string, bigint]>();
		for (const it of items) {
			const d = decodeEntry(it.bytes, this.#ctx.crypto?.suite);
			if (d.ok) logs.set(logKey(d.value.author, d.value.logId), [toHex(d.value.author), d.value.logId]);
		}
		for (const [author, logId] of logs.values()) await this.#ensureLog(author, logId);
		const report = await this.engine.ingest(items);
		// The document first: after a crash in between it holds changes whose entries are not
		// stored yet, and peers send those entries again; never the reverse (stored entries
		// whose changes the document lacks would never be applied).
		await this.store.saveDoc(this.doc);
		for (const e of report.newEntries) await this.store.entries.put(e.bytes, e.payload);
		if (!this.#listed && this.doc.meta?.name !== undefined) {
			this.#listed = true;
			const parent = this.doc.meta.parent;
			await this.store.saveSummary({ id: this.id, name: String(this.doc.meta.name), ...(parent ? { parent: String(parent) as FestivalId } : {}) });
		}
		this.#emit(report.newEntries, origin);
		return report;
	}

	/** Per log, the highest seq stored (what sync's HAVE carries). */
	async have(): Promise<{ author: string; logId: bigint; seq: number }[]> {
		const out: { author: string; logId: bigint; seq: number }[] = [];
		for (const log of await this.store.entries.logs()) {
			out.push({ ...log, seq: await this.store.entries.latest(log.author, log.logId) });
		}
		return out;
	}

	/** Stored entries of one log after `seq`, in seq order, with payloads. */
	async entriesAfter(author: string, logId: bigint, seq: number): Promise<EntryItem[]> {
		return (await this.store.entries.range(author, logId, seq + 1)).map((e) => ({
			bytes: e.entry,
			...(e.payload ? { payload: e.payload } : {})
		}));
	}

	/**
	 * A snapshot for a newcomer (sync/snapshot.ts): the saved document and, per log, the
	 * signatures and change counts of its entries from seq 1 on. Seals first, so every change
	 * of the document is in an entry.
	 */
	async snapshot(): Promise<Snapshot> {
		await this.seal();
		const logs: SnapshotLog[] = [];
		for (const log of await this.store.entries.logs()) {
			const entries: SnapshotEntry[] = [];
			for (const e of await this.store.entries.range(log.author, log.logId)) {
				const count = e.payload ? changeCount(e.payload) : undefined;
				if (e.seqNum !== entries.length + 1 || count === undefined) break;
				entries.push({ endOfLog: e.entry[0] === 1, changes: count, signature: e.entry.subarray(e.entry.length - 64) });
			}
			if (entries.length) logs.push({ author: log.author, logId: log.logId, entries });
		}
		return { festival: this.id, doc: A.save(this.doc), logs };
	}

	/** Whether this festival holds nothing yet (a newcomer). */
	get isEmpty(): boolean {
		return A.getHeads(this.doc).length === 0;
	}

	/**
	 * Adopts a snapshot as a newcomer: rebuilds and verifies every entry, checks every change,
	 * stores entries and document. Nothing is kept if any check fails.
	 */
	async adoptSnapshot(s: Snapshot): Promise<Result<number, 'snapshot'>> {
		if (s.festival !== this.id) return err('snapshot', 'a snapshot of another festival');
		const r = await this.engine.adoptSnapshot(s, this.actor);
		if (!r.ok) return r;
		const entries = r.value.entries;
		await Promise.all(entries.map((e) => this.store.entries.put(e.bytes, e.payload)));
		await this.store.compact(this.doc);
		await this.store.saveSummary({ id: this.id, name: String(this.doc.meta?.name ?? ''), ...(this.doc.meta?.parent ? { parent: String(this.doc.meta.parent) as FestivalId } : {}) });
		this.#emit(entries, 'snapshot');
		return ok(r.value.changes);
	}

	/** Every stored entry with its payload, each log in seq order (what a bundle carries). */
	async entries(): Promise<EntryItem[]> {
		const out: EntryItem[] = [];
		for (const log of await this.store.entries.logs()) {
			for (const e of await this.store.entries.range(log.author, log.logId)) {
				out.push({ bytes: e.entry, ...(e.payload ? { payload: e.payload } : {}) });
			}
		}
		return out;
	}

	/** Forks this festival at its current heads into a new festival, with every entry so far. */
	async fork(o: NewFestival): Promise<Festival> {
		await this.seal();
		const made = forkFestivalDoc(this.doc, this.id, Festival.#actorFor(this.#ctx, `fork:${Math.random()}`) as never, o);
		const entries = await this.entries();
		const f = await Festival.#adopt(this.#ctx, made, o.name, o.parent);
		for (const e of entries) await f.store.entries.put(e.bytes, e.payload);
		return f;
	}

	/** Creates a child festival and lists it here. */
	async addChild(o: NewFestival): Promise<Festival> {
		const child = await Festival.create(this.#ctx, { tz: String(this.doc.meta?.tz ?? 'UTC'), ...o, parent: this.id });
		await this.change((d) => addChild(d, this.#ctx.identity.author, child.id, o.name));
		return child;
	}

	/** Seals what is pending and saves the document. */
	async close(): Promise<void> {
		await this.seal();
		await this.store.saveDoc(this.doc);
		if (this.store.wantsCompaction) await this.store.compact(this.doc);
	}
}
