/**
 * What the intake (intake.ts) keeps of the entries an engine holds, per log: per entry, by
 * its seq, where its payload stands and how many of its changes wait. A festival holds tens of
 * thousands of entries in a few hundred logs, so an entry costs a map slot with a small-integer
 * key, not a string.
 * @module
 */
import type { AuthorId } from '../../identity/identity.js';
import { logKey } from '../../log/logs.js';
import type { EntryPosition } from '../../store/log-store.js';
import { actorFor } from '../document/ids.js';
import type { PayloadState } from './ingest-report.js';

/** One log's held entries (an author's log id). */
export class HeldLog {
	/** Payload state per held entry, by seq; absent: held without its payload. */
	readonly payloads = new Map<number, PayloadState>();
	/**
	 * Per entry whose payload was taken and some of whose changes are pending, by seq: twice the
	 * number of changes still pending, plus 1 once one of them was applied or refused as not a
	 * stray (intake.ts).
	 */
	readonly progress = new Map<number, number>();
	/** Entries reported as waiting (so their settling is reported too); made when first needed. */
	reported: Set<number> | undefined;
	/** The log's Automerge actor (author key + log id). */
	readonly actor: string;

	constructor(
		readonly author: string,
		readonly logId: bigint
	) {
		this.actor = actorFor(author as AuthorId, logId);
	}

	/** Where entry `seqNum` of this log is. */
	position(seqNum: number): EntryPosition {
		return { author: this.author, logId: this.logId, seqNum };
	}
}

/** The held logs of one festival, by author and log id. */
export class HeldLogs {
	readonly #logs = new Map<string, HeldLog>();
	/** The log found last: a batch brings a log's entries together. */
	#last: HeldLog | undefined;

	/** The log, made if it is new. */
	get(author: string, logId: bigint): HeldLog {
		return this.find(author, logId) ?? this.#make(author, logId);
	}

	/** The log, if some entry of it is held. */
	find(author: string, logId: bigint): HeldLog | undefined {
		const last = this.#last;
		if (last && last.logId === logId && last.author === author) return last;
		const log = this.#logs.get(logKey(author, logId));
		if (log) this.#last = log;
		return log;
	}

	#make(author: string, logId: bigint): HeldLog {
		const log = new HeldLog(author, logId);
		this.#logs.set(logKey(author, logId), log);
		return (this.#last = log);
	}

	/** Every held log. */
	values(): IterableIterator<HeldLog> {
		return this.#logs.values();
	}
}
