/**
 * A festival as an application uses it: the engine (document rebuilt from verified entries),
 * this device's log writer, and storage. Local edits are durable at once and sealed into one
 * signed entry per burst (about a second, or on close).
 * @module
 */
import * as A from '@automerge/automerge';
import { logIdFor } from '../identity/identity.js';
import {
	createFestivalDoc,
	forkFestivalDoc,
	addChild,
	type FestivalDoc,
	type NewFestival
} from './document/doc.js';
import { FestivalEngine, type EntryItem, type IngestReport } from './ingest/engine.js';
import type { LogHave } from './ingest/have.js';
import { actorFor, type FestivalId } from './document/ids.js';
import { encodeChanges } from './ingest/payload.js';
import type { Snapshot } from './files/snapshot.js';
import { err, ok, type Result } from '../result.js';
import { FestivalStorage } from './files/storage.js';
import { FestivalRecords } from './festival-records.js';
import { LogWriter } from './document/writer.js';
import { Sealer, type UnsealedChange } from './sealer.js';
import type { FestivalContext } from './context.js';
import { EntryListeners } from './listeners.js';
export type { FestivalContext } from './context.js';
import {
	ChangeTooLargeError,
	partitionUnsealed,
	rewindWithout,
	unsealableReason,
	type DroppedChange
} from './ingest/local-bounds.js';

/** One open festival. */
export class Festival {
	readonly id: FestivalId;
	readonly engine: FestivalEngine;
	readonly store: FestivalStorage;
	readonly #ctx: FestivalContext;
	readonly #writer: LogWriter;
	/** Refusals, fork proofs, waiting changes and what sync asks (festival-records.ts). */
	readonly #records: FestivalRecords;
	/** Local changes and the seals that sign them into entries. */
	readonly #sealer: Sealer<EntryItem>;
	/** The name the index lists this festival under (renames update it). */
	#listedAs: string | undefined;
	/** The document as last saved for a snapshot, and the document it was saved from. */
	#saved: [A.Doc<FestivalDoc>, Uint8Array] | undefined;
	readonly #listeners = new EntryListeners();
	/** Local changes dropped on opening as they could never be shared (local-bounds.ts), why. */
	readonly problems: DroppedChange[] = [];

	private constructor(ctx: FestivalContext, id: FestivalId, doc: A.Doc<FestivalDoc>) {
		this.#ctx = ctx;
		this.id = id;
		this.store = new FestivalStorage(ctx.storage, id);
		this.engine = new FestivalEngine(id, doc, ctx.crypto ?? {}, {
			...(ctx.preparer ? { preparer: ctx.preparer } : {}),
			...(ctx.applySliceMs !== undefined ? { applySliceMs: ctx.applySliceMs } : {})
		});
		this.#records = new FestivalRecords(this.store, this.engine, ctx.crypto?.suite);
		const logId = logIdFor(ctx.device, id);
		this.#writer = new LogWriter(ctx.identity, logId, this.engine.book, ctx.crypto ?? {});
		this.#sealer = new Sealer(ctx.sealDelayMs ?? 1000, {
			prepare: () => this.#records.ensureLog(ctx.identity.author, this.#writer.logId),
			write: (group) => this.#writeEntry(group),
			sealed: (item) => this.#listeners.emit([item], undefined)
		});
	}

	/** Signs and stores one entry of sealed local changes. */
	async #writeEntry(group: readonly UnsealedChange[]): Promise<EntryItem> {
		const payload = encodeChanges(group.map((c) => c.bytes));
		const entry = await this.#writer.append(payload);
		this.engine.trustStored(entry, 'taken');
		// The entry and the document chunk are written side by side; the unsealed copies are
		// dropped only once the entry is stored, so a crash in between loses nothing.
		await Promise.all([this.store.entries.put(entry.bytes, payload), this.store.saveDoc(this.doc)]);
		await this.store.dropUnsealed(group.map((c) => c.hash));
		return { bytes: entry.bytes, payload };
	}

	/**
	 * Calls `fn` with every batch of entries this festival newly stores: sealed local edits
	 * (origin undefined) and ingested entries (origin as passed to {@link ingest}). Sync uses
	 * this to push what is new. Returns an unsubscribe function.
	 */
	onEntries(fn: (entries: readonly EntryItem[], origin: unknown) => void): () => void {
		return this.#listeners.add(fn);
	}

	/** The current document (read it through read/views.ts). */
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
		return Festival.#fromGenesis(ctx, made, o.name, o.parent);
	}

	static async #fromGenesis(
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
		f.engine.trustStored(entry, 'taken');
		await f.store.entries.put(entry.bytes, encodeChanges([genesis]));
		f.engine.noteLocal(made.id);
		f.engine.doc = A.clone(made.doc, f.actor);
		await f.store.saveDoc(f.doc);
		await f.store.markReconciled();
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
			// Listed among the festival's problems too, where people and `show` see them.
			for (const d of drop)
				await f.store.saveNote(`your change ${d.hash.slice(0, 12)}`, `dropped: ${d.reason}`);
		}
		// Refusals and forks known, then what was left waiting when last open is taken up again.
		await f.#records.resume((report) => f.#persist(report, 'storage'));
		if (unsealed.length) {
			// The document may have been saved before or after these changes: apply the missing.
			const missing = unsealed.filter((c) => !A.hasHeads(f.doc, [A.decodeChange(c).hash]));
			if (missing.length) f.engine.doc = A.applyChanges(f.doc, missing)[0];
			f.#sealer.restore(unsealed.map((bytes) => ({ hash: A.decodeChange(bytes).hash, bytes })));
			for (const u of f.#sealer.pending) f.engine.noteLocal(u.hash);
			await f.seal();
		}
		return f;
	}

	/** Rebuilds the document from every stored entry (verifying them all) and saves it anew. */
	static async #rebuild(
		ctx: FestivalContext,
		id: FestivalId,
		actor: string
	): Promise<Festival | undefined> {
		const f = new Festival(ctx, id, A.init<FestivalDoc>({ actor: actor as A.ActorId }));
		await f.#records.loadIntegrity();
		const entries = await f.entries();
		await f.#persist(await f.engine.ingest(entries), 'storage');
		if (f.isEmpty) return undefined;
		await f.store.compact(f.doc);
		await f.store.markReconciled();
		return f;
	}

	/**
	 * Joins a festival this device does not hold yet, from entries (a bundle, a peer). Returns
	 * the festival; it is empty until its genesis entry arrives.
	 */
	static async join(
		ctx: FestivalContext,
		id: FestivalId,
		items: readonly EntryItem[] = []
	): Promise<Festival> {
		const existing = await Festival.open(ctx, id);
		const f =
			existing ??
			new Festival(
				ctx,
				id,
				A.init<FestivalDoc>({ actor: Festival.#actorFor(ctx, id) as A.ActorId })
			);
		// Held entries but no document yet (the genesis has not arrived): what waited still waits.
		if (!existing) await f.#records.resume((report) => f.#persist(report, 'storage'));
		if (items.length) await f.ingest(items);
		await f.#relist();
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
		const next = A.change(this.doc, { message: this.id }, (d) => {
			out = fn(d);
		});
		const after = A.getHeads(next);
		if (before.length === after.length && before.every((h, i) => h === after[i])) {
			this.engine.commitLocal(next);
			return out;
		}
		const bytes = A.getLastLocalChange(next)!;
		const tooLarge = unsealableReason(bytes);
		if (tooLarge) {
			this.engine.doc = A.clone(A.view(next, before), { actor: this.actor as A.ActorId });
			throw new ChangeTooLargeError(bytes.length, tooLarge);
		}
		const decoded = A.getChangesMetaSince(next, before)[0]!; // metadata only: no op decoded
		const hash = decoded.hash;
		this.engine.commitLocal(next, { hash, actor: decoded.actor, seq: decoded.seq });
		this.#sealer.push({ hash, bytes });
		await this.store.saveUnsealed(hash, bytes);
		this.#sealer.schedule();
		await this.#relist();
		return out;
	}

	/**
	 * Local changes not yet in a signed, stored entry of this device's log. They are durable
	 * already (stored unsealed); sealing makes them shareable.
	 */
	get unsealedCount(): number {
		return this.#sealer.count;
	}

	/** Seals unsealed local changes into entries of this device's log (split under the size limit). */
	seal(): Promise<void> {
		return this.#sealer.seal();
	}

	/** Verifies, applies and stores entries from elsewhere (a peer, a bundle). */
	async ingest(items: readonly EntryItem[], origin?: unknown): Promise<IngestReport> {
		await this.#records.ensureLogsOf(items);
		const report = await this.engine.ingest(items);
		await this.#persist(report, origin);
		return report;
	}

	/**
	 * Stores what an ingest decided (festival-records.ts) and passes on what is new. The document
	 * first: after a crash in between it holds changes whose entries are not stored yet, and peers
	 * send those entries again; never the reverse.
	 */
	async #persist(report: IngestReport, origin: unknown): Promise<void> {
		await this.store.saveDoc(this.doc);
		const proofs = await this.#records.persist(report);
		await this.#relist();
		this.#listeners.emit([...report.newEntries, ...proofs], origin);
	}

	/**
	 * Per log: the highest seq held, a short hash of that entry (so a peer holding another
	 * entry there finds the fork), and the seqs below it this peer still lacks: not held, or
	 * held without a payload it has not refused. An entry counts as held only with its payload.
	 */
	have(): Promise<LogHave[]> {
		return this.#records.have();
	}

	/** Held entries at these seqs of a log that carry their payload. */
	entriesAt(author: string, logId: bigint, seqs: readonly number[]): Promise<EntryItem[]> {
		return this.#records.entriesAt(author, logId, seqs);
	}

	/** The entry held at a position, without its payload, if its hash does not end in `tip`. */
	forkEvidence(author: string, logId: bigint, seq: number, tip: Uint8Array): EntryItem | undefined {
		return this.#records.forkEvidence(author, logId, seq, tip);
	}

	/** Entries proving that a log forked (to pass on to every peer). */
	proofs(author: string, logId: bigint): EntryItem[] {
		return this.#records.proofs(author, logId);
	}

	/** Stored entries of one log after `seq`, in seq order, with payloads. */
	entriesAfter(author: string, logId: bigint, seq: number): Promise<EntryItem[]> {
		return this.#records.entriesAfter(author, logId, seq);
	}

	/**
	 * A snapshot for a newcomer (files/snapshot.ts): the saved document (saved once per document
	 * state) and, per log, the signatures and change counts of its entries from seq 1 on. Seals
	 * first, so every change of the document is in an entry.
	 */
	async snapshot(): Promise<Snapshot> {
		await this.seal();
		if (this.#saved?.[0] !== this.doc) this.#saved = [this.doc, A.save(this.doc)];
		return { festival: this.id, doc: this.#saved[1], logs: await this.#records.snapshotLogs() };
	}

	/** Lists this festival in the index under `name` and its document's parent. */
	#saveSummary(name: unknown): Promise<void> {
		const parent = this.doc.meta?.parent;
		this.#listedAs = String(name);
		return this.store.saveSummary({
			id: this.id,
			name: String(name),
			...(parent ? { parent: String(parent) as FestivalId } : {})
		});
	}

	/** Lists this festival again if its name is not the one listed (it arrived, or was renamed). */
	async #relist(): Promise<void> {
		const name = this.doc.meta?.name;
		if (name !== undefined && String(name) !== this.#listedAs) await this.#saveSummary(name);
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
		await this.#saveSummary(this.doc.meta?.name ?? '');
		this.#listeners.emit(entries, 'snapshot');
		return ok(r.value.changes);
	}

	/** Every stored entry with its payload, each log in seq order (what a bundle carries). */
	entries(): Promise<EntryItem[]> {
		return this.#records.entries();
	}

	/** Forks this festival at its current heads into a new festival, with every entry so far. */
	async fork(o: NewFestival): Promise<Festival> {
		await this.seal();
		const made = forkFestivalDoc(
			this.doc,
			this.id,
			Festival.#actorFor(this.#ctx, `fork:${Math.random()}`) as never,
			o
		);
		const entries = await this.entries();
		const f = await Festival.#fromGenesis(this.#ctx, made, o.name, o.parent);
		for (const e of entries) await f.store.entries.put(e.bytes, e.payload);
		return f;
	}

	/** Creates a child festival and lists it here. */
	async addChild(o: NewFestival): Promise<Festival> {
		const child = await Festival.create(this.#ctx, {
			tz: String(this.doc.meta?.tz ?? 'UTC'),
			...o,
			parent: this.id
		});
		await this.change((d) => addChild(d, this.#ctx.identity.author, child.id, o.name, this.id));
		return child;
	}

	/** Seals what is pending and saves the document. */
	async close(): Promise<void> {
		await this.seal();
		await this.store.saveDoc(this.doc);
		if (this.store.wantsCompaction) await this.store.compact(this.doc);
	}
}
