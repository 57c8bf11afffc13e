/**
 * Admitting a prepared batch by its links (the LogBook: certificate pool, forks): refused
 * entries are reported (a fork's proof kept, its log voided), admitted ones handed to the
 * intake, and entries that waited for their certificate taken up once it came.
 * @module
 */
import type { AuthorId } from '../../identity/identity.js';
import { toHex } from '../../bytes.js';
import { decodeEntry, type Entry } from '../../log/entry.js';
import type { HashSuite } from '../../log/hash.js';
import type { LogBook, LogResult } from '../../log/log.js';
import type { ChangeIntake } from './intake.js';
import type { IngestReport } from './ingest-report.js';
import type { EntryItem } from './payload.js';
import type { PreparedEntry } from './prepare.js';
import { runHex } from './change-columns.js';

/** Admits a batch of prepared entries (`prepared[i]` is `items[i]`'s), reporting into `report`. */
export function admitBatch(
	book: LogBook,
	items: readonly EntryItem[],
	prepared: readonly PreparedEntry[],
	suite: HashSuite,
	report: IngestReport,
	intake: ChangeIntake,
	noteFork: (author: string, logId: bigint, reason: string) => void
): void {
	/** This batch's prepared payloads by entry signature, for entries admitted later in it as orphans. */
	const bySignature = new Map<string, (typeof prepared)[number]>();
	// One hex string per run of one author's entries, not one per entry for the queue to hold.
	const hexOf = runHex();
	prepared.forEach((p, i) => {
		const item = items[i]!;
		let entry: Entry | undefined;
		if (p.ok) {
			const decoded = p.entry ? undefined : decodeEntry(item.bytes, suite);
			entry = decoded ? (decoded.ok ? decoded.value : undefined) : p.entry;
		}
		if (!p.ok || !entry) {
			const problem = p.ok ? { code: 'decode', reason: 'the entry does not decode' } : p.error;
			report.refused.push({ blame: 'entry', code: problem.code, reason: problem.reason });
			return;
		}
		const author = hexOf(entry.author);
		const r: LogResult = book.admitVerified(entry, p.hash, item.payload);
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
				noteFork(author, entry.logId, r.error.reason);
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
		intake.admitted(author as AuthorId, entry, item, p, r.duplicate === true, report);
	});
	// Entries that waited for their certificate and were admitted by this batch.
	for (const { held, payload, duplicate } of book.takeReleased()) {
		const e = held.entry;
		report.admitted++;
		const item = { bytes: e.bytes, ...(payload ? { payload } : {}) };
		intake.admitted(
			toHex(e.author) as AuthorId,
			e,
			item,
			bySignature.get(toHex(e.signature)),
			duplicate === true,
			report
		);
	}
}
