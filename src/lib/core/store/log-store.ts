/**
 * Storage of bamboo entries by author, log id and sequence number.
 *
 * A {@link LogStore} is about storage only: it trusts what it is given. Callers verify an
 * entry first (decode, signature, links: the {@link LogBook}'s job) and store it only once it
 * is admitted. The store reads nothing but the entry's position (author, log id, seq), which
 * comes before any hash in the encoding, so it needs no hash suite.
 *
 * A second, different entry at a position already held is not stored (the first one stays,
 * nothing stored is lost) and `put` answers `'conflict'`: that is a fork, and keeping its
 * proof is the LogBook's concern.
 * @module
 */
import { toHex } from '../bytes.js';
import { err, ok, type Result } from '../result.js';
import { readVaru64 } from '../log/varu64.js';

/** An author as 64 lower-case hex characters or its 32 public-key bytes. */
export type AuthorRef = string | Uint8Array;

/** One log: its author (public key hex) and log id. */
export interface LogRef {
	readonly author: string;
	readonly logId: bigint;
}

/** Where an entry sits: author (hex), log id, sequence number. */
export interface EntryPosition extends LogRef {
	readonly seqNum: number;
}

/** An entry as stored: its position, its full encoding and, when held, its payload. */
export interface StoredEntry extends EntryPosition {
	readonly entry: Uint8Array;
	readonly payload?: Uint8Array;
}

/**
 * What {@link LogStore.put} did: `'added'` a new entry, found the same bytes already there
 * (`'unchanged'`), or found a different entry at that position (`'conflict'`, nothing
 * written).
 */
export type PutOutcome = 'added' | 'unchanged' | 'conflict';

/**
 * Entries of many logs, by author / log id / seq. Implementations: {@link MemoryLogStore}
 * and {@link StorageLogStore} (over any automerge-repo storage adapter).
 *
 * Callers verify before they store: the store does not check signatures, links or payload
 * hashes. `put` throws a `RangeError` only when the bytes do not even carry a position.
 */
export interface LogStore {
	/**
	 * Stores an entry (and its payload, if given) under its author / log id / seq.
	 * Idempotent for identical bytes; a payload given with an already held entry is stored.
	 */
	put(entry: Uint8Array, payload?: Uint8Array): Promise<PutOutcome>;
	/**
	 * Stores the payload of an entry already held (say, rebuilt from a document snapshot).
	 * Returns false, storing nothing, when no entry is held at that position.
	 */
	putPayload(
		author: AuthorRef,
		logId: bigint,
		seqNum: number,
		payload: Uint8Array
	): Promise<boolean>;
	/** The entry at a position, with its payload when held. */
	get(author: AuthorRef, logId: bigint, seqNum: number): Promise<StoredEntry | undefined>;
	/** The payload at a position, if held. */
	getPayload(author: AuthorRef, logId: bigint, seqNum: number): Promise<Uint8Array | undefined>;
	/** The highest seq held in a log; 0 if none. */
	latest(author: AuthorRef, logId: bigint): Promise<number>;
	/** Every log holding at least one entry, ordered by author, then log id. */
	logs(): Promise<LogRef[]>;
	/** The entries of a log with seq >= `fromSeq` (default 1), in seq order; gaps are skipped. */
	range(author: AuthorRef, logId: bigint, fromSeq?: number): Promise<StoredEntry[]>;
}

/** Lower-case hex of an author, checked to be 32 bytes. */
export function authorHex(author: AuthorRef): string {
	const hex = typeof author === 'string' ? author.toLowerCase() : toHex(author);
	if (!/^[0-9a-f]{64}$/.test(hex))
		throw new RangeError('an author is a 32-byte public key (64 hex characters)');
	return hex;
}

/**
 * Reads an entry's position from its encoding (tag, author, log id, seq): the fields before
 * any hash. Checks nothing else. Never throws.
 */
export function entryPosition(bytes: Uint8Array): Result<EntryPosition, 'position'> {
	const tag = bytes[0];
	if (tag === undefined || tag > 1)
		return err('position', 'not a bamboo entry: the tag must be 0 or 1');
	if (bytes.length < 33)
		return err('position', 'not a bamboo entry: it ends inside the author key');
	const logId = readVaru64(bytes, 33);
	if (!logId.ok) return err('position', `not a bamboo entry: log id: ${logId.error.reason}`);
	const seq = readVaru64(bytes, 33 + logId.value.length);
	if (!seq.ok) return err('position', `not a bamboo entry: sequence number: ${seq.error.reason}`);
	if (seq.value.value < 1n || seq.value.value > BigInt(Number.MAX_SAFE_INTEGER)) {
		return err('position', `sequence number ${seq.value.value} is out of range`);
	}
	return ok({
		author: toHex(bytes.subarray(1, 33)),
		logId: logId.value.value,
		seqNum: Number(seq.value.value)
	});
}

/** Like {@link entryPosition} but throws a `RangeError` (a caller storing unverified bytes). */
export function requirePosition(bytes: Uint8Array): EntryPosition {
	const p = entryPosition(bytes);
	if (!p.ok) throw new RangeError(p.error.reason);
	return p.value;
}

/** Checks a seq is a safe integer >= 1. */
export function checkSeq(seqNum: number): number {
	if (!Number.isSafeInteger(seqNum) || seqNum < 1)
		throw new RangeError(`sequence number ${seqNum} is out of range`);
	return seqNum;
}

/** Orders logs by author hex, then log id. */
export function compareLogs(a: LogRef, b: LogRef): number {
	if (a.author !== b.author) return a.author < b.author ? -1 : 1;
	return a.logId < b.logId ? -1 : a.logId > b.logId ? 1 : 0;
}
