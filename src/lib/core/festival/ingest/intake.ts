/**
 * What an engine knows of the entries it holds, beyond their links: whether each one's
 * payload was taken or refused, and for the taken ones how many of their changes still wait.
 * The intake takes a payload's changes into the {@link ChangeQueue} and settles an entry
 * when its last change is applied or refused (engine.ts decides which).
 * @module
 */
import { decodeEntry, type Entry } from '../../log/entry.js';
import type { HashSuite } from '../../log/hash.js';
import { toHex } from '../../bytes.js';
import { logKey } from '../../log/logs.js';
import { entryPosition } from '../../store/log-store.js';
import type { AuthorId } from '../../identity/identity.js';
import type { FestivalId } from '../document/ids.js';
import { HeldLogs, type HeldLog } from './held-logs.js';
import type { Candidate, ChangeQueue } from './change-queue.js';
import type { IngestReport, PayloadState } from './ingest-report.js';
import type { EntryItem, PayloadProblem } from './payload.js';
import { preparePayload, type PreparedChange, type PreparedEntry } from './prepare.js';

/** The key of an entry's position: author/log/seq. */
const posKey = (author: string, logId: bigint, seqNum: number) =>
	`${logKey(author, logId)}/${seqNum}`;

/** Progress bit: one of the entry's changes was applied or refused as not a stray. */
const KEPT = 1;

/** Payload state and progress per held entry of one festival (per log: held-logs.ts). */
export class ChangeIntake {
	readonly #id: FestivalId;
	readonly #changes: ChangeQueue;
	readonly #flag: (author: string, reason: string) => void;
	readonly #logs = new HeldLogs();

	constructor(
		id: FestivalId,
		changes: ChangeQueue,
		flag: (author: string, reason: string) => void
	) {
		this.#id = id;
		this.#changes = changes;
		this.#flag = flag;
	}

	/** Where a held entry's payload stands: taken, refused, or not held (undefined). */
	state(author: string, logId: bigint, seqNum: number): PayloadState | undefined {
		return this.#logs.find(author, logId)?.payloads.get(seqNum);
	}

	/** Records where a held entry's payload stands (from storage). */
	setState(author: string, logId: bigint, seqNum: number, state: PayloadState): void {
		this.#logs.get(author, logId).payloads.set(seqNum, state);
	}

	/** Whether some change of a held entry waits for others. */
	isWaiting(author: string, logId: bigint, seqNum: number): boolean {
		return this.#logs.find(author, logId)?.progress.has(seqNum) ?? false;
	}

	/** An admitted entry: store it if new, and take its payload if it brings one this peer lacks. */
	admitted(
		author: AuthorId,
		entry: Entry,
		item: EntryItem,
		prepared: PreparedEntry | undefined,
		duplicate: boolean,
		report: IngestReport
	): void {
		const log = this.#logs.get(author, entry.logId);
		const state = log.payloads.get(entry.seqNum);
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
		if (fresh) this.#take(log, entry.seqNum, prepared, item.payload!, report);
	}

	/** Takes up again the payloads of stored entries (engine.ts `requeue`); undecodable ones are skipped. */
	retake(items: readonly EntryItem[], suite: HashSuite, report: IngestReport): void {
		for (const item of items) {
			const d = decodeEntry(item.bytes, suite);
			if (!d.ok || !item.payload) continue;
			const e = d.value;
			this.take(toHex(e.author) as AuthorId, e.logId, e.seqNum, undefined, item.payload, report);
		}
	}

	/** Takes an entry's payload: its changes join the queue, or it is refused (its author flagged). */
	take(
		author: AuthorId,
		logId: bigint,
		seqNum: number,
		prepared: PreparedEntry | undefined,
		payload: Uint8Array,
		report: IngestReport
	): void {
		this.#take(this.#logs.get(author, logId), seqNum, prepared, payload, report);
	}

	#take(
		log: HeldLog,
		seqNum: number,
		prepared: PreparedEntry | undefined,
		payload: Uint8Array,
		report: IngestReport
	): void {
		const author = log.author as AuthorId;
		let changes: readonly PreparedChange[] | undefined;
		let problem: PayloadProblem | undefined;
		if (prepared?.ok && (prepared.changes || prepared.payloadProblem)) {
			changes = prepared.changes;
			problem = prepared.payloadProblem;
		} else {
			const p = preparePayload(payload, author, log.logId, seqNum);
			if ('changes' in p) changes = p.changes;
			else problem = p;
		}
		if (problem || !changes?.length) {
			const why = problem ?? { code: 'payload' as const, reason: `entry ${seqNum}: no changes` };
			report.refused.push({ blame: 'author', code: why.code, author, seqNum, reason: why.reason });
			this.#flag(author, why.reason);
			return this.#refuse(log, seqNum, why.reason, 'payload', report);
		}
		log.payloads.set(seqNum, 'taken');
		let left = 0;
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
			const candidate: Candidate = {
				bytes: payload.subarray(c.start, c.end),
				hash: c.hash,
				seq: c.seq,
				// One string for the festival id that every change of it carries.
				message: c.message === this.#id ? this.#id : c.message,
				deps: c.deps,
				rules: c.rules,
				author,
				actor: log.actor,
				log,
				entrySeq: seqNum,
				missing: 0
			};
			if (this.#changes.add(c.shared ? { ...candidate, shared: c.shared } : candidate, this.#id))
				left++;
		}
		if (left) log.progress.set(seqNum, 2 * left);
	}

	#refuse(
		log: HeldLog,
		seqNum: number,
		reason: string,
		drop: 'payload' | 'entry',
		report: IngestReport
	): void {
		log.payloads.set(seqNum, 'refused');
		report.refusedPayloads.push({ ...log.position(seqNum), reason, drop });
	}

	/** One change of an entry is done (applied or refused); settles the entry when it was the last. */
	settle(c: Candidate, stray: boolean, report: IngestReport): void {
		const { log, entrySeq } = c;
		const p = log.progress.get(entrySeq);
		if (p === undefined) return;
		const kept = stray ? p & KEPT : KEPT;
		if (p >= 4) {
			log.progress.set(entrySeq, p - 2 - (p & KEPT) + kept);
			return;
		}
		log.progress.delete(entrySeq);
		if (log.reported?.delete(entrySeq)) report.settledEntries.push(log.position(entrySeq));
		// Every change of it belongs to another festival: nothing of it is kept here.
		if (!kept)
			this.#refuse(log, entrySeq, 'its changes belong to another festival', 'entry', report);
	}

	/**
	 * Refuses every parked change (and whatever waits for one) as a stray: called once the
	 * genesis is applied, when nothing can make them belong here any more.
	 */
	refuseStrays(report: IngestReport): void {
		const strays = this.#changes.parked;
		this.#changes.parked = [];
		for (let i = 0; i < strays.length; i++) {
			const c = strays[i]!;
			this.#changes.pending.delete(c.hash);
			// What waits for a stray can never apply here either: a stray too.
			for (const w of this.#changes.takeDependants(c.hash)) if (!strays.includes(w)) strays.push(w);
			const reason = strayReason(c);
			report.refused.push({ blame: 'author', code: 'stray', author: c.author, reason });
			this.settle(c, true, report);
		}
	}

	/** Reports the entries that wait, each once. */
	reportWaiting(report: IngestReport): void {
		for (const log of this.#logs.values()) {
			if (!log.progress.size) continue;
			const reported = (log.reported ??= new Set());
			for (const seq of log.progress.keys()) {
				if (!reported.has(seq)) {
					reported.add(seq);
					report.waitingEntries.push(log.position(seq));
				}
			}
		}
	}
}

/** Why a parked change is a stray. */
export function strayReason(c: Candidate): string {
	return `change ${c.hash.slice(0, 12)} carries festival ${c.message?.slice(0, 12) ?? '(none)'}, not this one`;
}

/** What to store of a report's new entries: no payload the peer refused, no entry of another festival's log. */
export function dropRefused(report: IngestReport): void {
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
}
