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
import type { CryptoOptions } from '../../log/sign.js';
import type { Entry } from '../../log/entry.js';
import { YAMF } from '../../log/hash.js';
import { LogBook } from '../../log/log.js';
import { applySafely, Slicer } from './apply.js';
import { loadChecked, type CheckedSnapshot } from '../files/snapshot-check.js';
import { DocHistory } from './doc-history.js';
import { attachIntegrity, IntegrityLedger, type Integrity } from './integrity.js';
import { emptyReport, type IngestReport, type PayloadState } from './ingest-report.js';
import { ChangeQueue, rulesOf, slim, type Candidate } from './change-queue.js';
import { admitBatch } from './admit.js';
import { ChangeIntake, dropRefused, strayReason } from './intake.js';

export type { IngestReport, PayloadRefusal, PayloadState, Refusal } from './ingest-report.js';
import { toHex } from '../../bytes.js';
import { err, type Result } from '../../result.js';
import type { FestivalId } from '../document/ids.js';
import { localPreparer, type EntryItem, type Preparer } from './prepare.js';
import { checkSummary } from '../document/rules.js';
import type { Snapshot } from '../files/snapshot.js';
import { GENESIS_MESSAGE, type FestivalDoc } from '../document/doc.js';
import { addSharedContainers } from '../document/shared.js';

export type { EntryItem } from './payload.js';

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

/** A festival document and the state needed to ingest into it. */
export class FestivalEngine {
	readonly id: FestivalId;
	#doc: A.Doc<FestivalDoc>;
	readonly book: LogBook;
	/** Authors who broke a write rule or forked a log, with the reasons. */
	get misbehaving(): Map<string, string[]> {
		return this.#ledger.misbehaving;
	}
	/** Changes seen but not applied, and the order they may go in. */
	readonly #changes = new ChangeQueue((hash) => this.#has(hash));
	readonly #shared = new Set<string>();
	/** Whether the document came with history (a snapshot): then ask it what it holds. */
	#loaded: boolean;
	readonly #opts: CryptoOptions;
	readonly #preparer: Preparer;
	readonly #sliceMs: number;
	/** Slices of changes to apply, sized to the time budget. */
	readonly #slicer: Slicer;
	/** The ingest running now (calls run one at a time). */
	#queue: Promise<unknown> = Promise.resolve();
	/** Payload state and progress per held entry. */
	readonly #intake: ChangeIntake;
	/** What the document holds (actor seqs, change hashes). */
	readonly #history = new DocHistory();
	/** Actors whose log is forked, and notes for people. */
	readonly #ledger = new IntegrityLedger();

	constructor(
		id: FestivalId,
		doc: A.Doc<FestivalDoc> = A.init<FestivalDoc>(),
		opts: CryptoOptions = {},
		engine: EngineOptions = {}
	) {
		this.id = id;
		this.#doc = doc;
		this.#loaded = A.getHeads(doc).length > 0;
		this.book = new LogBook(opts);
		this.#opts = opts;
		this.#preparer = engine.preparer ?? localPreparer(opts);
		this.#sliceMs = engine.applySliceMs ?? Infinity;
		this.#slicer = new Slicer(this.#sliceMs);
		this.#intake = new ChangeIntake(id, this.#changes, (a, r) => this.#flag(a, r));
		if (this.#has(id)) addSharedContainers(this.#doc, this.#shared);
	}

	/** The document (read it through read/views.ts). */
	get doc(): A.Doc<FestivalDoc> {
		return this.#doc;
	}

	/** Replaces the document (a local edit made it): what it holds is asked of it anew. */
	set doc(d: A.Doc<FestivalDoc>) {
		this.#doc = d;
		this.#history.reset();
		attachIntegrity(d, this.#ledger.integrity);
	}

	/**
	 * A local edit: the document after one more local change (or none), which is noted as
	 * applied (see {@link noteLocal}); what the engine knows of the history stays valid.
	 */
	commitLocal(d: A.Doc<FestivalDoc>, change?: { hash: string; actor: string; seq: number }): void {
		this.#setDoc(d);
		if (change) this.noteLocal(change.hash, change.actor, change.seq);
	}

	#setDoc(d: A.Doc<FestivalDoc>): void {
		this.#doc = d;
		attachIntegrity(d, this.#ledger.integrity);
	}

	/** Integrity facts: forked logs (void) and refusals (see integrity.ts). */
	get integrity(): Integrity {
		return this.#ledger.integrity;
	}

	/** Whether the change with this hash is in the document. */
	#has(hash: string): boolean {
		if (this.#changes.applied.has(hash)) return true;
		return this.#loaded && this.#history.has(this.#doc, hash);
	}

	/**
	 * Marks a change made locally as applied (the writer already changed the document). With
	 * its actor and seq, the engine's record of actor seqs stays current without a rescan.
	 */
	noteLocal(hash: string, actor?: string, seq?: number): void {
		if (actor !== undefined && seq !== undefined) this.#history.noteApplied(hash, actor, seq);
		this.#changes.markApplied(hash);
		if (hash === this.id) addSharedContainers(this.#doc, this.#shared);
	}

	/** Admits an entry from this peer's own storage (verified when it was stored). */
	trustStored(entry: Entry, payload: PayloadState | undefined): void {
		this.book.trust(entry);
		if (payload) this.#intake.setState(toHex(entry.author), entry.logId, entry.seqNum, payload);
	}

	/** Where a held entry's payload stands: taken, refused, or not held (undefined). */
	payloadState(author: string, logId: bigint, seqNum: number): PayloadState | undefined {
		return this.#intake.state(author, logId, seqNum);
	}

	#flag(author: string, reason: string): void {
		this.#ledger.flag(author, reason);
	}

	/**
	 * Adds a note for people (integrity.ts), once: true if it is new. The first
	 * `MAX_NOTES` (integrity.ts) are kept.
	 */
	note(where: string, reason: string): boolean {
		if (!this.#ledger.note(where, reason)) return false;
		attachIntegrity(this.#doc, this.#ledger.integrity);
		return true;
	}

	/**
	 * Records that a log is forked (its author signed two histories): everything its actor
	 * wrote counts for nothing from now on (read/tree-model.ts), on every peer that knows.
	 */
	noteFork(author: string, logId: bigint, reason: string, report?: IngestReport): void {
		if (this.#ledger.voidLog(author, logId, reason, report))
			attachIntegrity(this.#doc, this.#ledger.integrity);
	}

	/** Records a payload refused earlier (from storage): it is not wanted again. */
	noteRefusal(author: string, logId: bigint, seqNum: number): void {
		this.#intake.setState(author, logId, seqNum, 'refused');
	}

	/** Whether some change of a held entry waits for others. */
	isWaiting(author: string, logId: bigint, seqNum: number): boolean {
		return this.#intake.isWaiting(author, logId, seqNum);
	}

	/** Changes waiting for dependencies (or for the festival's genesis). */
	get pendingCount(): number {
		return this.#changes.pending.size;
	}

	/** Verifies and ingests entries; never throws on untrusted input. Calls run one at a time. */
	ingest(items: readonly EntryItem[]): Promise<IngestReport> {
		const run = this.#queue.then(() => this.#ingest(items));
		this.#queue = run.catch(() => undefined);
		return run;
	}

	/**
	 * Takes up again the changes of stored entries that were waiting for others when the
	 * festival was last open (their entries are held, so ingest would see duplicates).
	 */
	requeue(items: readonly EntryItem[]): Promise<IngestReport> {
		const run = this.#queue.then(() => {
			const report = emptyReport();
			this.#intake.retake(items, this.#opts.suite ?? YAMF, report);
			return this.#finish(report);
		});
		this.#queue = run.catch(() => undefined);
		return run;
	}

	async #ingest(items: readonly EntryItem[]): Promise<IngestReport> {
		return this.#finish(await this.#admit(items, emptyReport()));
	}

	/** Prepares and admits a batch; what was prepared is not held while its changes apply. */
	async #admit(items: readonly EntryItem[], report: IngestReport): Promise<IngestReport> {
		const prepared = await this.#preparer.prepare(items);
		const suite = this.#opts.suite ?? YAMF;
		admitBatch(this.book, items, prepared, suite, report, this.#intake, (a, l, r) =>
			this.noteFork(a, l, r, report)
		);
		return report;
	}

	/** Applies what is ready, refuses strays once they are known to be strays, and sums up. */
	async #finish(report: IngestReport): Promise<IngestReport> {
		report.applied += await this.#applyReady(report);
		// Once the genesis is applied, nothing else can ever make a parked change belong here
		// (a fork's history is all applied before its genesis): those are strays.
		if (this.#changes.parked.length && this.#has(this.id)) this.#intake.refuseStrays(report);
		this.#intake.reportWaiting(report);
		dropRefused(report);
		return report;
	}

	/** The highest applied seq of an actor (0 if none). */
	#seqOf(actor: string): number {
		return this.#history.known(this.#doc).seqs.get(actor) ?? 0;
	}

	#refuseChange(c: Candidate, code: string, reason: string, report: IngestReport): void {
		report.refused.push({ blame: 'author', code, author: c.author, reason });
		this.#flag(c.author, reason);
		this.#intake.settle(c, false, report);
	}

	/**
	 * Takes ready changes in dependency order (Kahn's algorithm), checks each against the write
	 * rules and against what Automerge would refuse (each actor's seqs run 1, 2, 3... with no
	 * duplicate and no gap), and applies the accepted ones (see {@link #apply}).
	 */
	async #applyReady(report: IngestReport): Promise<number> {
		const q = this.#changes;
		if (q.parked.length) {
			q.ready.push(...q.parked);
			q.parked = [];
		}
		const batch: Candidate[] = [];
		while (q.ready.length) {
			const c = q.ready.pop()!;
			const hash = c.hash;
			if (!q.isCurrent(c)) continue; // refused meanwhile (a stray's dependent)
			if (!q.belongs(c, this.id)) {
				q.parked.push(c);
				continue;
			}
			q.pending.delete(hash);
			const isGenesis = c.message === GENESIS_MESSAGE;
			if (!isGenesis) {
				const verdict = checkSummary(rulesOf(c), this.#shared);
				if (!verdict.ok) {
					this.#refuseChange(c, 'rule', verdict.error.reason, report);
					continue;
				}
			}
			const next = this.#seqOf(c.actor) + 1;
			if (c.seq > next) {
				// Its actor's earlier change is not here yet (a hostile change need not depend on
				// it): it waits for it, so every peer applies it exactly when that one applies.
				q.waitForSeq(c);
				continue;
			}
			if (c.seq < next) {
				// Two changes with one seq: the author signed two versions of its history, like a
				// forked log. Whichever a peer got first, the log counts for nothing anywhere.
				const why = `change ${hash.slice(0, 12)} repeats seq ${c.seq} of its actor: Automerge cannot apply it`;
				this.noteFork(
					c.author,
					BigInt('0x' + c.actor.slice(64)),
					`two changes with seq ${c.seq} (a forked history)`,
					report
				);
				this.#refuseChange(c, 'seq', why, report);
				continue;
			}
			this.#history.known(this.#doc).seqs.set(c.actor, c.seq);
			q.seqApplied(c.actor, c.seq);
			if (isGenesis) for (const id of c.shared ?? []) this.#shared.add(id);
			slim(c);
			batch.push(c);
			q.markApplied(hash);
		}
		return this.#apply(batch, report);
	}

	/**
	 * Applies changes in order (apply.ts: a refusal by Automerge never damages the document):
	 * in one call, or in slices that yield between them (`applySliceMs`). Returns how many
	 * were applied.
	 */
	async #apply(batch: Candidate[], report: IngestReport): Promise<number> {
		let applied = 0;
		const one = (part: Candidate[]) => {
			// A candidate is an ApplyItem (its bytes and hash).
			const out = applySafely(this.#doc, part);
			this.#setDoc(out.doc);
			applied += part.length - out.refused.length - out.held.length;
			const byHash = new Map(
				out.refused.length || out.held.length ? part.map((c) => [c.hash, c]) : []
			);
			for (const { item, reason } of out.refused) {
				const c = byHash.get(item.hash)!;
				this.#unapply(c);
				this.#refuseChange(c, 'automerge', `change ${item.hash.slice(0, 12)}: ${reason}`, report);
			}
			for (const item of out.held) this.#unapply(byHash.get(item.hash)!, true);
			for (const c of part)
				if (this.#changes.applied.has(c.hash)) this.#intake.settle(c, false, report);
		};
		if (!Number.isFinite(this.#sliceMs)) {
			if (batch.length) one(batch);
			return applied;
		}
		await this.#slicer.run(batch, one);
		return applied;
	}

	/** A change counted as applied that Automerge refused or held back (see ChangeQueue.unapply). */
	#unapply(c: Candidate, wait = false): void {
		this.#changes.unapply(c, wait);
		this.#history.reset();
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
		if (A.getHeads(this.#doc).length) return err('snapshot', 'a snapshot is only for a newcomer');
		const checked = await this.#preparer.checkSnapshot(s, this.id, actor);
		if (!checked.ok) return checked;
		const loaded = loadChecked(s, checked.value, actor, this.#opts.suite ?? YAMF);
		if (!loaded.ok) return loaded;
		const { doc, entries } = loaded.value;
		this.#setDoc(doc);
		this.#history.reset();
		this.#loaded = true;
		for (const h of checked.value.shared) this.#shared.add(h);
		for (const e of entries) this.trustStored(e, 'taken');
		for (const h of checked.value.allowed) this.#changes.allowedForeign.add(h);
		return checked;
	}

	/** Changes that cannot belong here (another festival's, replayed), with reasons. */
	strays(): { author: string; reason: string }[] {
		if (!this.#has(this.id)) return [];
		return this.#changes.parked.map((c) => ({ author: c.author, reason: strayReason(c) }));
	}
}
