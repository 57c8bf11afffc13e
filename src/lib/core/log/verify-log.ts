/**
 * Verifying a whole log file, entry by entry, with a {@link LogBook} (the CLI's `log verify`).
 * @module
 */
import { LogBook, type LogResult } from './log.js';
import type { CryptoOptions } from './sign.js';

/** The verdict on one line of a log file. */
export interface LogLineVerdict {
	readonly index: number;
	readonly seqNum?: number;
	readonly result: LogResult;
}

/**
 * Verifies a sequence of entries in log order (gaps allowed where the certificate pool covers
 * them), as the CLI's `log verify` does. Returns one verdict per input.
 */
export async function verifyLog(
	items: readonly { bytes: Uint8Array; payload?: Uint8Array }[],
	opts: CryptoOptions = {}
): Promise<LogLineVerdict[]> {
	const book = new LogBook(opts);
	const results = await book.addMany(items);
	return results.map((result, index) => ({
		index,
		...(result.ok ? { seqNum: result.value.entry.seqNum } : {}),
		result
	}));
}
