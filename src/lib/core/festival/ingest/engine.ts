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
import type { AuthorId } from '../../identity/identity.js';
import type { CryptoOptions } from '../../log/sign.js';
import { decodeEntry, type Entry } from '../../log/entry.js';
import { YAMF } from '../../log/hash.js';
import { LogBook, logKey, type LogResult } from '../../log/log.js';
import { entryPosition, type EntryPosition } from '../../store/log-store.js';
import { applySafely } from './apply.js';
import { attachIntegrity, MAX_NOTES, type Integrity, type IntegrityNote } from './integrity.js';
import { emptyReport, type IngestReport, type PayloadState } from './ingest-report.js';
import { ChangeQueue, type Candidate } from './change-queue.js';

export type { IngestReport, PayloadRefusal, PayloadState, Refusal } from './ingest-report.js';
import { toHex } from '../../bytes.js';
import { err, type Result } from '../../result.js';
import type { FestivalId } from '../document/ids.js';
import {
	localPreparer,
	preparePayload,
	type EntryItem,
	type PayloadProblem,
	type PreparedChange,
	type PreparedEntry,
	type Preparer
} from './prepare.js';
import { checkSummary } from '../document/rules.js';
import type { CheckedSnapshot } from '../files/snapshot-check.js';
import type { Snapshot } from '../files/snapshot.js';
import { CONTAINERS, GENESIS_MESSAGE, type FestivalDoc } from '../document/doc.js';
import { actorFor, shardNames } from '../document/ids.js';

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

const yieldToEventLoop = () => new Promise<void>((r) => setTimeout(r, 0));

const posKey = (author: string, logId: bigint, seqNum: number) =>
	`${logKey(author, logId)}/${seqNum}`;

/** Per entry whose payload was taken: how many of its changes are still pending. */
interface EntryProgress {
	readonly pos: EntryPosition;
	left: number;
	strays: number;
	total: number;
}

/** A festival document and the state needed to ingest into it. */
export class FestivalEngine {
	readonly id: FestivalId;
	#doc: A.Doc<FestivalDoc>;
	readonly book: LogBook;
	/** Authors who broke a write rule or forked a log, with the reasons. */
	readonly misbehaving = new Map<string, string[]>();
	/** Changes seen but not applied, and the order they may go in. */
	readonly #changes = new ChangeQueue((hash) => this.#has(hash));
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
	/** Payload state per held entry (author/log/seq); absent: held without its payload. */
	readonly #payloads = new Map<string, PayloadState>();
	/** Entries whose payload was taken and some of whose changes are pending. */
	readonly #progress = new Map<string, EntryProgress>();
	/** Entries reported as waiting (so their settling is reported too). */
	readonly #reportedWaiting = new Set<string>();
	/**
	 * What the document holds: the highest applied seq per actor and every change hash, read
	 * from its history on first need (a lookup by hash in Automerge materialises the change:
	 * too slow for more than a few).
	 */
	#history: { seqs: Map<string, number>; hashes: Set<string> } | undefined;
	/** Lookups answered by Automerge before the history is read. */
	#lookups = 0;
	/** Actors whose log is forked, and notes for people. */
	readonly #integrity: { voidActors: Set<string>; notes: IntegrityNote[] } = {
		voidActors: new Set(),
		notes: []
	};
	readonly #noted = new Set<string>();

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
		if (this.#has(id)) this.#refreshShared();
	}

	/** The document (read it through read/views.ts). */
	get doc(): A.Doc<FestivalDoc> {
		return this.#doc;
	}

	/** Replaces the document (a local edit made it): what it holds is asked of it anew. */
	set doc(d: A.Doc<FestivalDoc>) {
		this.#doc = d;
		this.#history = undefined;
		attachIntegrity(d, this.#integrity);
	}

	/**
	 * A local edit: the document after one more local change (or none), which is noted as
	 * applied (see {@link noteLocal}); what the engine knows of the history stays valid.
	 */
	commitLocal(d: A.Doc<FestivalDoc>, change?: { hash: string; actor: string; seq: number }): void {
		this.#doc = d;
		attachIntegrity(d, this.#integrity);
		if (change) this.noteLocal(change.hash, change.actor, change.seq);
	}

	#known(): { seqs: Map<string, number>; hashes: Set<string> } {
		if (!this.#history) {
			const seqs = new Map<string, number>();
			const hashes = new Set<string>();
			if (A.getHeads(this.#doc).length) {
				for (const m of A.getChangesMetaSince(this.#doc, [])) {
					seqs.set(m.actor, Math.max(m.seq, seqs.get(m.actor) ?? 0));
					hashes.add(m.hash);
				}
			}
			this.#history = { seqs, hashes };
		}
		return this.#history;
	}

	#setDoc(d: A.Doc<FestivalDoc>): void {
		this.#doc = d;
		attachIntegrity(d, this.#integrity);
	}

	/** Integrity facts: forked logs (void) and refusals (see integrity.ts). */
	get integrity(): Integrity {
		return this.#integrity;
	}

	/** Whether the change with this hash is in the document. */
	#has(hash: string): boolean {
		if (this.#changes.applied.has(hash) || !this.#loaded) return this.#changes.applied.has(hash);
		if (!this.#history && ++this.#lookups <= 16) return A.hasHeads(this.#doc, [hash]);
		return this.#known().hashes.has(hash);
	}

	/**
	 * Marks a change made locally as applied (the writer already changed the document). With
	 * its actor and seq, the engine's record of actor seqs stays current without a rescan.
	 */
	noteLocal(hash: string, actor?: string, seq?: number): void {
		if (actor !== undefined && seq !== undefined && this.#history) {
			this.#history.seqs.set(actor, Math.max(seq, this.#history.seqs.get(actor) ?? 0));
			this.#history.hashes.add(hash);
		}
		this.#changes.markApplied(hash);
		if (hash === this.id) this.#refreshShared();
	}

	/** Admits an entry from this peer's own storage (verified when it was stored). */
	trustStored(entry: Entry, payload: PayloadState | undefined): void {
		this.book.trust(entry);
		if (payload)
			this.#payloads.set(posKey(toHex(entry.author), entry.logId, entry.seqNum), payload);
	}

	/** Where a held entry's payload stands: taken, refused, or not held (undefined). */
	payloadState(author: string, logId: bigint, seqNum: number): PayloadState | undefined {
		return this.#payloads.get(posKey(author, logId, seqNum));
	}

	#refreshShared(): void {
		const shared = this.#shared;
		for (const [name, shards] of Object.entries(CONTAINERS)) {
			const c = this.#doc[name];
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

	/**
	 * Adds a note for people (integrity.ts), once: true if it is new. The first
	 * {@link MAX_NOTES} are kept.
	 */
	note(where: string, reason: string): boolean {
		const key = `${where}\n${reason}`;
		if (this.#noted.has(key) || this.#noted.size >= MAX_NOTES) return false;
		this.#noted.add(key);
		this.#integrity.notes.push({ where, reason });
		attachIntegrity(this.#doc, this.#integrity);
		return true;
	}

	/**
	 * Records that a log is forked (its author signed two histories): everything its actor
	 * wrote counts for nothing from now on (read/tree-model.ts), on every peer that knows.
	 */
	noteFork(author: string, logId: bigint, reason: string, report?: IngestReport): void {
		const actor = actorFor(author as AuthorId, logId);
		if (this.#integrity.voidActors.has(actor)) return;
		this.#integrity.voidActors.add(actor);
		report?.voidLogs.push({ author, logId, reason });
		this.#flag(author, reason);
		this.note(
			`log ${author.slice(0, 8)}/${logId}`,
			`${reason}; everything this log wrote is ignored`
		);
		attachIntegrity(this.#doc, this.#integrity);
	}

	/** Records a payload refused earlier (from storage): it is not wanted again. */
	noteRefusal(author: string, logId: bigint, seqNum: number): void {
		this.#payloads.set(posKey(author, logId, seqNum), 'refused');
	}

	/** Whether some change of a held entry waits for others. */
	isWaiting(author: string, logId: bigint, seqNum: number): boolean {
		return this.#progress.has(posKey(author, logId, seqNum));
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
		const run = this.#queue.then(async () => {
			const report = emptyReport();
			const suite = this.#opts.suite ?? YAMF;
			for (const item of items) {
				const d = decodeEntry(item.bytes, suite);
				if (!d.ok || !item.payload) continue;
				const e = d.value;
				this.#takePayload(
					toHex(e.author) as AuthorId,
					e.logId,
					e.seqNum,
					undefined,
					item.payload,
					report
				);
			}
			return this.#finish(report);
		});
		this.#queue = run.catch(() => undefined);
		return run;
	}

	async #ingest(items: readonly EntryItem[]): Promise<IngestReport> {
		const report = emptyReport();
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
			const author = toHex(entry.author);
			const r: LogResult = this.book.admitVerified(entry, p.hash, item.payload);
			if (!r.ok) {
				if (r.error.code === 'missing-link') {
					report.waiting++;
					bySignature.set(toHex(entry.signature), p);
					return;
				}
				const fork =
					r.fork !== undefined ||
					r.error.code === 'lipmaa-mismatch' ||
					r.error.code === 'backlink-mismatch';
				if (fork) {
					// Proof that the author signed two histories: kept and passed on, so every
					// peer voids this log whichever branch it saw first.
					report.forkProofs.push({ bytes: entry.bytes });
					this.noteFork(author, entry.logId, r.error.reason, report);
				}
				const byAuthor = fork || ['after-end', 'forked-log'].includes(r.error.code);
				report.refused.push({
					blame: byAuthor ? 'author' : 'entry',
					code: r.error.code,
					author,
					seqNum: entry.seqNum,
					reason: r.error.reason
				});
				return;
			}
			report.admitted++;
			this.#admitted(author as AuthorId, entry, item, p, r.duplicate === true, report);
		});
		// Entries that waited for their certificate and were admitted by this batch.
		for (const { held, payload, duplicate } of this.book.takeReleased()) {
			const e = held.entry;
			report.admitted++;
			const item = { bytes: e.bytes, ...(payload ? { payload } : {}) };
			this.#admitted(
				toHex(e.author) as AuthorId,
				e,
				item,
				bySignature.get(toHex(e.signature)),
				duplicate === true,
				report
			);
		}
		return this.#finish(report);
	}

	/** An admitted entry: store it if new, and take its payload if it brings one this peer lacks. */
	#admitted(
		author: AuthorId,
		entry: Entry,
		item: EntryItem,
		prepared: PreparedEntry | undefined,
		duplicate: boolean,
		report: IngestReport
	): void {
		const key = posKey(author, entry.logId, entry.seqNum);
		const state = this.#payloads.get(key);
		const fresh = item.payload !== undefined && state === undefined;
		if (item.payload && state === 'refused') {
			// Offered again: still refused, and said so (a bundle import reports it again).
			report.refused.push({
				blame: 'author',
				code: 'refused',
				author,
				seqNum: entry.seqNum,
				reason: `entry ${entry.seqNum}: its payload was refused before`
			});
		}
		if (duplicate && !fresh) {
			report.duplicates++;
			return;
		}
		report.newEntries.push(item);
		if (fresh)
			this.#takePayload(author, entry.logId, entry.seqNum, prepared, item.payload!, report);
	}

	#takePayload(
		author: AuthorId,
		logId: bigint,
		seqNum: number,
		prepared: PreparedEntry | undefined,
		payload: Uint8Array,
		report: IngestReport
	): void {
		const key = posKey(author, logId, seqNum);
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
		if (problem || !changes?.length) {
			const why = problem ?? { code: 'payload' as const, reason: `entry ${seqNum}: no changes` };
			report.refused.push({ blame: 'author', code: why.code, author, seqNum, reason: why.reason });
			this.#flag(author, why.reason);
			return this.#refusePayload(author, logId, seqNum, why.reason, 'payload', report);
		}
		this.#payloads.set(key, 'taken');
		const progress: EntryProgress = {
			pos: { author, logId, seqNum },
			left: 0,
			strays: 0,
			total: 0
		};
		const actor = actorFor(author, logId);
		for (const c of changes) {
			// A genesis breaking the genesis rule is refused here, so it allows no foreign history.
			if (c.genesisProblem !== undefined) {
				report.refused.push({
					blame: 'author',
					code: 'genesis',
					author,
					seqNum,
					reason: c.genesisProblem
				});
				this.#flag(author, c.genesisProblem);
				continue;
			}
			if (
				this.#changes.add(
					{
						bytes: payload.subarray(c.start, c.end),
						change: c,
						author,
						actor,
						entry: key,
						missing: 0
					},
					this.id
				)
			)
				progress.left++;
		}
		progress.total = progress.left;
		if (progress.left) this.#progress.set(key, progress);
	}

	#refusePayload(
		author: string,
		logId: bigint,
		seqNum: number,
		reason: string,
		drop: 'payload' | 'entry',
		report: IngestReport
	): void {
		this.#payloads.set(posKey(author, logId, seqNum), 'refused');
		report.refusedPayloads.push({ author, logId, seqNum, reason, drop });
	}

	/** One change of an entry is done (applied or refused); settles the entry when it was the last. */
	#settle(c: Candidate, stray: boolean, report: IngestReport): void {
		const p = this.#progress.get(c.entry);
		if (!p) return;
		if (stray) p.strays++;
		if (--p.left > 0) return;
		this.#progress.delete(c.entry);
		if (this.#reportedWaiting.delete(c.entry)) report.settledEntries.push(p.pos);
		// Every change of it belongs to another festival: nothing of it is kept here.
		if (p.strays === p.total)
			this.#refusePayload(
				p.pos.author,
				p.pos.logId,
				p.pos.seqNum,
				'its changes belong to another festival',
				'entry',
				report
			);
	}

	/** Applies what is ready, refuses strays once they are known to be strays, and sums up. */
	async #finish(report: IngestReport): Promise<IngestReport> {
		report.applied += await this.#applyReady(report);
		// Once the genesis is applied, nothing else can ever make a parked change belong here
		// (a fork's history is all applied before its genesis): those are strays.
		if (this.#changes.parked.length && this.#has(this.id)) {
			const strays = this.#changes.parked;
			this.#changes.parked = [];
			for (let i = 0; i < strays.length; i++) {
				const c = strays[i]!;
				this.#changes.pending.delete(c.change.hash);
				// What waits for a stray can never apply here either: a stray too.
				for (const w of this.#changes.takeDependants(c.change.hash))
					if (!strays.includes(w)) strays.push(w);
				const reason = `change ${c.change.hash.slice(0, 12)} carries festival ${c.change.message?.slice(0, 12) ?? '(none)'}, not this one`;
				report.refused.push({ blame: 'author', code: 'stray', author: c.author, reason });
				this.#settle(c, true, report);
			}
		}
		for (const [key, p] of this.#progress) {
			if (!this.#reportedWaiting.has(key)) {
				this.#reportedWaiting.add(key);
				report.waitingEntries.push(p.pos);
			}
		}
		// What to store: no payload the peer refused, no entry of another festival's log.
		const dropped = new Map(
			report.refusedPayloads.map((r) => [posKey(r.author, r.logId, r.seqNum), r.drop])
		);
		if (dropped.size) {
			report.newEntries = report.newEntries.flatMap((e) => {
				const p = entryPosition(e.bytes);
				const drop = p.ok
					? dropped.get(posKey(p.value.author, p.value.logId, p.value.seqNum))
					: undefined;
				if (drop === 'entry') return [];
				return drop === 'payload' ? [{ bytes: e.bytes }] : [e];
			});
		}
		return report;
	}

	/** The highest applied seq of an actor (0 if none). */
	#seqOf(actor: string): number {
		return this.#known().seqs.get(actor) ?? 0;
	}

	#refuseChange(c: Candidate, code: string, reason: string, report: IngestReport): void {
		report.refused.push({ blame: 'author', code, author: c.author, reason });
		this.#flag(c.author, reason);
		this.#settle(c, false, report);
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
			const hash = c.change.hash;
			if (!q.isCurrent(c)) continue; // refused meanwhile (a stray's dependent)
			if (!q.belongs(c.change, this.id)) {
				q.parked.push(c);
				continue;
			}
			q.pending.delete(hash);
			const isGenesis = c.change.message === GENESIS_MESSAGE;
			if (!isGenesis) {
				const verdict = checkSummary(c.change.rules, this.#shared);
				if (!verdict.ok) {
					this.#refuseChange(c, 'rule', verdict.error.reason, report);
					continue;
				}
			}
			const next = this.#seqOf(c.actor) + 1;
			if (c.change.seq > next) {
				// Its actor's earlier change is not here yet (a hostile change need not depend on
				// it): it waits for it, so every peer applies it exactly when that one applies.
				q.waitForSeq(c);
				continue;
			}
			if (c.change.seq < next) {
				// Two changes with one seq: the author signed two versions of its history, like a
				// forked log. Whichever a peer got first, the log counts for nothing anywhere.
				const why = `change ${hash.slice(0, 12)} repeats seq ${c.change.seq} of its actor: Automerge cannot apply it`;
				this.noteFork(
					c.author,
					BigInt('0x' + c.actor.slice(64)),
					`two changes with seq ${c.change.seq} (a forked history)`,
					report
				);
				this.#refuseChange(c, 'seq', why, report);
				continue;
			}
			this.#known().seqs.set(c.actor, c.change.seq);
			q.seqApplied(c.actor, c.change.seq);
			if (isGenesis) for (const id of c.change.shared ?? []) this.#shared.add(id);
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
			const out = applySafely(
				this.#doc,
				part.map((c) => ({ bytes: c.bytes, hash: c.change.hash }))
			);
			this.#setDoc(out.doc);
			applied += part.length - out.refused.length - out.held.length;
			const byHash = new Map(part.map((c) => [c.change.hash, c]));
			for (const { item, reason } of out.refused) {
				const c = byHash.get(item.hash)!;
				this.#unapply(c);
				this.#refuseChange(c, 'automerge', `change ${item.hash.slice(0, 12)}: ${reason}`, report);
			}
			for (const item of out.held) this.#unapply(byHash.get(item.hash)!, true);
			for (const c of part)
				if (this.#changes.applied.has(c.change.hash)) this.#settle(c, false, report);
		};
		if (!Number.isFinite(this.#sliceMs)) {
			if (batch.length) one(batch);
			return applied;
		}
		for (let i = 0; i < batch.length;) {
			const n = Math.min(this.#sliceSize, batch.length - i);
			const t = performance.now();
			one(batch.slice(i, i + n));
			const took = performance.now() - t;
			i += n;
			// Aim the next slice at the time budget, changing by at most a factor of 2.
			const aim = took > 0 ? (n * this.#sliceMs) / took : n * 2;
			this.#sliceSize = Math.max(
				1,
				Math.min(8192, Math.round(Math.min(n * 2, Math.max(n / 2, aim))))
			);
			if (i < batch.length) await yieldToEventLoop();
		}
		return applied;
	}

	/** A change counted as applied that Automerge refused or held back (see ChangeQueue.unapply). */
	#unapply(c: Candidate, wait = false): void {
		this.#changes.unapply(c, wait);
		this.#history = undefined;
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
		this.#setDoc(doc);
		this.#history = undefined;
		this.#loaded = true;
		for (const h of checked.value.shared) this.#shared.add(h);
		for (const e of entries) this.trustStored(e, 'taken');
		for (const h of checked.value.allowed) this.#changes.allowedForeign.add(h);
		return checked;
	}

	/** Changes that cannot belong here (another festival's, replayed), with reasons. */
	strays(): { author: string; reason: string }[] {
		if (!this.#has(this.id)) return [];
		return this.#changes.parked.map((c) => ({
			author: c.author,
			reason: `change ${c.change.hash.slice(0, 12)} carries festival ${c.change.message?.slice(0, 12) ?? '(none)'}, not this one`
		}));
	}
}
