/**
 * The logs a {@link LogBook} holds, by author and log id, with the last one found remembered:
 * a writer, or a batch of one log, asks for the same log entry after entry and then spells no
 * key.
 * @module
 */
import { bytesEqual, fromHex, toHex } from '../bytes.js';

/** The key of one log: author hex and log id. */
export function logKey(author: Uint8Array | string, logId: bigint): string {
	return `${typeof author === 'string' ? author : toHex(author)}/${logId}`;
}

/** One log's held entries and what is known of its end and forks. */
export interface LogState<H = unknown> {
	readonly entries: Map<number, H>;
	/** The highest seq in `entries` (0 when empty); entries are never removed. */
	top: number;
	endAt?: number;
	forkedFrom?: number;
}

/** Logs by key; {@link find} remembers the last log it found. */
export class Logs<H> {
	readonly #logs = new Map<string, LogState<H>>();
	/** The log found last, by a copy of its author's bytes (when they spell its key) and hex. */
	#last:
		| {
				readonly author: Uint8Array | undefined;
				readonly hex: string;
				readonly logId: bigint;
				readonly log: LogState<H>;
		  }
		| undefined;

	/** The state of a log, if held. */
	find(author: Uint8Array | string, logId: bigint): LogState<H> | undefined {
		const m = this.#last;
		if (
			m &&
			m.logId === logId &&
			(typeof author === 'string'
				? author === m.hex
				: m.author !== undefined && bytesEqual(author, m.author))
		)
			return m.log;
		const hex = typeof author === 'string' ? author : toHex(author);
		const log = this.#logs.get(logKey(hex, logId));
		if (log) {
			// Bytes that spell this key exactly (a key in upper case has none).
			const bytes = typeof author === 'string' ? fromHex(hex) : author.slice();
			const exact = bytes && toHex(bytes) === hex ? bytes : undefined;
			this.#last = { author: exact, hex, logId, log };
		}
		return log;
	}

	/** The state of a log, made empty if not held yet. */
	make(author: Uint8Array, logId: bigint): LogState<H> {
		const found = this.find(author, logId);
		if (found) return found;
		const log: LogState<H> = { entries: new Map(), top: 0 };
		this.#logs.set(logKey(author, logId), log);
		return log;
	}
}
