/**
 * The festival engine: a festival's Automerge document rebuilt from verified entries.
 *
 * Ingest, per batch of entries (any order, any mix of logs, duplicates fine):
 * 1. a {@link Preparer} does the stateless work, on another thread where the platform has
 *    one (prepare.ts): each entry's signature and payload hash, its hash, its changes
 *    decoded, each change's actor (it must be the log's own actor: author key + log id, or
 *    the whole entry is refused), and a summary of each change's write-rule verdict;
 * 2. the LogBook admits each verified entry by its links (certificate pool, forks);
 * 3. changes wait until their dependencies are applied; ready ones are taken in dependency
 *    order, checked against the write rules, and applied with one `Automerge.applyChanges`
 *    call per batch (Automerge's own queue for missing deps is quadratic, so we order them
 *    ourselves), or in slices of about `applySliceMs` that yield to the event loop between
 *    them, so that a page stays responsive while a large festival arrives;
 * 4. a change must belong to this festival: its genesis (hash = festival id), a change whose
 *    message is the festival id, or an ancestor of the genesis (a fork's history).
 * A change that breaks a rule is not applied and its author is flagged; nothing else is lost.
 * Ingest calls run one at a time, in call order.
 * @module
 */
import * as A from '@automerge/automerge';
import type { AuthorId } from '../identity/identity.js';
import type { CryptoOptions } from '../log/sign.js';
import { decodeEntry } from '../log/entry.js';
import { YAMF } from '../log/hash.js';
import { LogBook, type LogResult } from '../log/log.js';
import { toHex } from '../bytes.js';
import { err, type Result } from '../result.js';
import type { FestivalId } from './ids.js';
import { localPreparer, preparePayload, type EntryItem, type PayloadProblem, type PreparedChange, type Preparer } from './prepare.js';
import { checkSummary } from './rules.js';
import type { CheckedSnapshot } from './snapshot-check.js';
import type { Snapshot } from './snapshot.js';
import { CONTAINERS, GENESIS_MESSAGE, type FestivalDoc } from './doc.js';
import { shardNames } from './ids.js';

export type { EntryItem } from './prepare.js';

interface Candidate {
	readonly bytes: Uint8Array;
	readonly change: PreparedChange;
	readonly author: AuthorId;
	/** Dependencies not yet applied. */
	missing: number;
}

/** How an engine ingests, beyond the crypto options. */
export interface EngineOptions {
	/** Where the stateless part of ingest runs (default: the calling thread). */
	readonly preparer?: Preparer;
	/**
	 * Apply accepted changes in slices of about this many milliseconds, yielding to the event
	 * loop between slices (default: one call for the whole batch, the fastest in total).
	 */
	readonly applySliceMs?: number;
}

const yieldToEventLoop = () => new Promise<void>((r) => setTimeout(r, 0));

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
	readonly #preparer: Preparer;
	readonly #sliceMs: number;
	/**
	 * Changes per slice when applying in slices; starts small (a change can hold hundreds of
	 * events) and adapts to the time slices take.
	 */
	#sliceSize = 4;
	/** The ingest running now (calls run one at a time). */
	#queue: Promise<unknown> = Promise.resolve();

	constructor(id: FestivalId, doc: A.Doc<FestivalDoc> = A.init<FestivalDoc>(), opts: CryptoOptions = {}, engine: EngineOptions = {}) {
		this.id = id;
		this.doc = doc;
		this.#loaded = A.getHeads(doc).length > 0;
		this.book = new LogBook(opts);
		this.#opts = opts;
		this.#preparer = engine.preparer ?? localPreparer(opts);
		this.#sliceMs = engine.applySliceMs ?? Infinity;
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

	/** Verifies and ingests entries; never throws on untrusted input. Calls run one at a time. */
	ingest(items: readonly EntryItem[]): Promise<IngestReport> {
		const run = this.#queue.then(() => this.#ingest(items));
		this.#queue = run.catch(() => undefined);
		return run;
	}

	async #ingest(items: readonly EntryItem[]): Promise<IngestReport> {
		const report: IngestReport = { admitted: 0, applied: 0, waiting: 0, duplicates: 0, refused: [], newEntries: [] };
		const prepared = await this.#preparer.prepare(items);
		const suite = this.#opts.suite ?? YAMF;
		/** This batch's prepared payloads by entry signature, for entries admitted later in it as orphans. */
		const bySignature = new Map<string, (typeof prepared)[number]>();
		prepared.forEach((p, i) => {
			const item = items[i]!;
			const decoded = p.ok ? decodeEntry(item.bytes, suite) : undefined;
			if (!p.ok || !decoded?.ok) {
				const problem = p.ok ? { code: 'decode', reason: 'the entry does not decode' } : p.error;
				report.refused.push({ blame: 'entry', code: problem.code, reason: problem.reason });
				return;
			}
			const entry = decoded.value;
			const r: LogResult = this.book.admitVerified(entry, p.hash, item.payload);
			if (!r.ok) {
				if (r.error.code === 'missing-link') {
					report.waiting++;
					bySignature.set(toHex(entry.signature), p);
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
			if (item.payload) this.#takePayload(toHex(entry.author) as AuthorId, entry.logId, entry.seqNum, p, item.payload, report);
		});
		// Entries that waited for their certificate and were admitted by this batch.
		for (const { held, payload } of this.book.takeAdopted()) {
			const e = held.entry;
			report.admitted++;
			report.newEntries.push({ bytes: e.bytes, ...(payload ? { payload } : {}) });
			if (payload) this.#takePayload(toHex(e.author) as AuthorId, e.logId, e.seqNum, bySignature.get(toHex(e.signature)), payload, report);
		}
		report.applied += await this.#applyReady(report);
		return report;
	}

	#takePayload(
		author: AuthorId,
		logId: bigint,
		seqNum: number,
		prepared: (Awaited<ReturnType<Preparer['prepare']>>)[number] | undefined,
		payload: Uint8Array,
		report: IngestReport
	): void {
		let changes: readonly PreparedChange[] | undefined;
		let problem: PayloadProblem | undefined;
		if (prepared?.ok && (prepared.changes || prepared.payloadProblem)) {
			changes = prepared.changes;
			problem = prepared.payloadProblem;
		} else {
			const p = preparePayload(payload, author, logId, seqNum);
			if ('changes' in p) changes = p.changes;
			else problem = p;
		}
		if (problem || !changes) {
			const why = problem ?? { code: 'payload' as const, reason: `entry ${seqNum}: no changes` };
			report.refused.push({ blame: 'author', code: why.code, author, seqNum, reason: why.reason });
			return this.#flag(author, why.reason);
		}
		for (const c of changes) {
			// A genesis breaking the genesis rule is refused here, so it allows no foreign history.
			if (c.genesisProblem !== undefined) {
				report.refused.push({ blame: 'author', code: 'genesis', author, seqNum, reason: c.genesisProblem });
				this.#flag(author, c.genesisProblem);
				continue;
			}
			this.#enqueue({ bytes: payload.subarray(c.start, c.end), change: c, author, missing: 0 });
		}
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
	#belongs(c: PreparedChange): boolean {
		return c.hash === this.id || c.message === this.id || this.#allowedForeign.has(c.hash);
	}

	/**
	 * Takes ready changes in dependency order (Kahn's algorithm), checks each against the write
	 * rules, and applies the accepted ones (see {@link #apply}).
	 */
	async #applyReady(report: IngestReport): Promise<number> {
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
				for (const id of c.change.shared ?? []) this.#shared.add(id);
			} else {
				const verdict = checkSummary(c.change.rules, this.#shared);
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
		await this.#apply(batch);
		return batch.length;
	}

	/** Applies changes in order: in one call, or in slices that yield between them (`applySliceMs`). */
	async #apply(batch: Uint8Array[]): Promise<void> {
		if (!Number.isFinite(this.#sliceMs)) {
			if (batch.length) this.doc = A.applyChanges(this.doc, batch)[0];
			return;
		}
		for (let i = 0; i < batch.length; ) {
			const n = Math.min(this.#sliceSize, batch.length - i);
			const t = performance.now();
			this.doc = A.applyChanges(this.doc, batch.slice(i, i + n))[0];
			const took = performance.now() - t;
			i += n;
			// Aim the next slice at the time budget, changing by at most a factor of 2.
			const aim = took > 0 ? (n * this.#sliceMs) / took : n * 2;
			this.#sliceSize = Math.max(1, Math.min(8192, Math.round(Math.min(n * 2, Math.max(n / 2, aim)))));
			if (i < batch.length) await yieldToEventLoop();
		}
	}

	/**
	 * Adopts a snapshot (snapshot.ts) as a newcomer: the {@link Preparer} checks it (on another
	 * thread where there is one; snapshot-check.ts: every entry verified, every change covered,
	 * belonging and keeping the rules), then the document is loaded here with `actor`. Nothing
	 * is adopted if a check fails. Only for an empty engine; runs in turn with ingest calls.
	 */
	adoptSnapshot(s: Snapshot, actor: string): Promise<Result<CheckedSnapshot, 'snapshot'>> {
		const run = this.#queue.then(() => this.#adoptSnapshot(s, actor));
		this.#queue = run.catch(() => undefined);
		return run;
	}

	async #adoptSnapshot(s: Snapshot, actor: string): Promise<Result<CheckedSnapshot, 'snapshot'>> {
		if (A.getHeads(this.doc).length) return err('snapshot', 'a snapshot is only for a newcomer');
		const checked = await this.#preparer.checkSnapshot(s, this.id, actor);
		if (!checked.ok) return checked;
		let doc = checked.value.doc as A.Doc<FestivalDoc> | undefined;
		try {
			doc ??= A.load<FestivalDoc>(s.doc, { actor: actor as A.ActorId });
		} catch (e) {
			return err('snapshot', `the document does not load: ${(e as Error).message}`);
		}
		const suite = this.#opts.suite ?? YAMF;
		const entries = [];
		for (const item of checked.value.entries) {
			const d = decodeEntry(item.bytes, suite);
			if (!d.ok) return err('snapshot', `a checked entry does not decode: ${d.error.reason}`);
			entries.push(d.value);
		}
		this.doc = doc;
		this.#loaded = true;
		for (const h of checked.value.shared) this.#shared.add(h);
		for (const e of entries) this.book.trust(e);
		for (const h of checked.value.allowed) this.#allowedForeign.add(h);
		return checked;
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
