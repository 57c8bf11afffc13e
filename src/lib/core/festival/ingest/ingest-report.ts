/**
 * What one ingest call did and what the festival must remember of it (engine.ts).
 * @module
 */
import type { EntryItem } from './prepare.js';
import type { EntryPosition } from '../../store/log-store.js';

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

/** A payload this peer will not use, keep or pass on (see {@link IngestReport.refusedPayloads}). */
export interface PayloadRefusal extends EntryPosition {
	readonly reason: string;
	/**
	 * `payload`: keep the entry (later entries of its log link to it) without its payload;
	 * `entry`: keep nothing (an entry of another festival's log).
	 */
	readonly drop: 'payload' | 'entry';
}

/** What one ingest call did. */
export interface IngestReport {
	/** Entries admitted by the log layer (new or already held). */
	admitted: number;
	/** Changes applied to the document. */
	applied: number;
	/** Entries or changes refused, each with a reason a person can read. */
	refused: Refusal[];
	/** Entries already held with their payload (admitted again, nothing to do). */
	duplicates: number;
	/** Verified entries kept until the entry they link to arrives (not stored yet). */
	waiting: number;
	/**
	 * What to store and pass on: entries admitted by this call, and held entries whose payload
	 * this call brought. A payload is included only if it is usable.
	 */
	newEntries: EntryItem[];
	/** Payloads refused as unusable, now or since they were stored. */
	refusedPayloads: PayloadRefusal[];
	/** Entries whose changes wait for changes not held yet (to remember across restarts). */
	waitingEntries: EntryPosition[];
	/** Entries that waited and whose changes are now all applied or refused. */
	settledEntries: EntryPosition[];
	/** Validly signed entries that contradict held ones: proof that their log is forked. */
	forkProofs: EntryItem[];
	/** Logs found forked by this call (to remember across restarts). */
	voidLogs: { author: string; logId: bigint; reason: string }[];
}

/** Whether this peer holds an entry's payload ('taken': used) or refused it for good. */
export type PayloadState = 'taken' | 'refused';

/** A report of nothing done yet. */
export const emptyReport = (): IngestReport => ({
	admitted: 0,
	applied: 0,
	waiting: 0,
	duplicates: 0,
	refused: [],
	newEntries: [],
	refusedPayloads: [],
	waitingEntries: [],
	settledEntries: [],
	forkProofs: [],
	voidLogs: []
});
