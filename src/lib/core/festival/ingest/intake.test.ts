import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import type { AuthorId } from '../../identity/identity.js';
import { addEvent, createFestivalDoc, type FestivalDoc } from '../document/doc.js';
import { actorFor, type FestivalId } from '../document/ids.js';
import { ChangeQueue } from './change-queue.js';
import { emptyReport } from './ingest-report.js';
import { ChangeIntake } from './intake.js';
import { encodeChanges } from './payload.js';

const creator = 'c1'.repeat(32) as AuthorId;
const author = 'a2'.repeat(32) as AuthorId;

/** An entry payload of two changes by `author` (log 7, or `logId`) in a festival. */
function twoChanges(logId = 7n): { id: FestivalId; payload: Uint8Array; hashes: string[] } {
	const { doc, id } = createFestivalDoc(actorFor(creator, 1n), { name: 'Intake' });
	let d = A.clone(doc, actorFor(author, logId));
	const out: Uint8Array[] = [];
	for (const title of ['One', 'Two']) {
		d = A.change(d, { message: id }, (x: FestivalDoc) => {
			addEvent(x, author, {
				title,
				start: '2026-07-01T10:00:00Z',
				end: '2026-07-01T11:00:00Z',
				tags: [],
				requests: []
			});
		});
		out.push(A.getLastLocalChange(d)!);
	}
	return { id, payload: encodeChanges(out), hashes: out.map((c) => A.decodeChange(c).hash) };
}

/** An intake whose festival's genesis counts as applied, with an entry of two changes taken. */
function taken() {
	const { id, payload, hashes } = twoChanges();
	const q = new ChangeQueue((h) => h === id);
	const flagged: string[] = [];
	const intake = new ChangeIntake(id, q, (a) => flagged.push(a));
	const report = emptyReport();
	intake.take(author, 7n, 3, undefined, payload, report);
	const [c1, c2] = hashes.map((h) => q.pending.get(h)!);
	return { intake, report, c1: c1!, c2: c2!, flagged };
}

const pos = { author, logId: 7n, seqNum: 3 };

describe('change intake', () => {
	it('an entry of any log id and seq is found again and reported where it is', () => {
		const far = { author, logId: 2n ** 64n - 1n, seqNum: 2 ** 40 };
		const { id, payload } = twoChanges(far.logId);
		const intake = new ChangeIntake(id, new ChangeQueue((h) => h === id), () => {});
		const report = emptyReport();
		intake.take(author, far.logId, far.seqNum, undefined, payload, report);
		intake.take(creator, 7n, 3, undefined, payload, report); // another author's log 7
		expect(intake.state(author, far.logId, far.seqNum)).toBe('taken');
		expect(intake.state(author, 7n, 3)).toBeUndefined();
		expect(intake.state(creator, 7n, 3)).toBe('refused'); // not its actor's changes
		intake.reportWaiting(report);
		expect(report.waitingEntries).toEqual([far]);
	});

	it('an entry waits until its last change settles, and is reported waiting, then settled, once', () => {
		const { intake, report, c1, c2 } = taken();
		expect(intake.state(author, 7n, 3)).toBe('taken');
		expect(intake.isWaiting(author, 7n, 3)).toBe(true);
		intake.reportWaiting(report);
		intake.reportWaiting(report);
		expect(report.waitingEntries).toEqual([pos]);
		intake.settle(c1, true, report);
		expect(intake.isWaiting(author, 7n, 3)).toBe(true);
		expect(report.settledEntries).toEqual([]);
		intake.settle(c2, false, report);
		expect(intake.isWaiting(author, 7n, 3)).toBe(false);
		expect(report.settledEntries).toEqual([pos]);
		// One change of it was kept: the entry stays.
		expect(report.refusedPayloads).toEqual([]);
		expect(intake.state(author, 7n, 3)).toBe('taken');
	});

	it('an entry whose changes kept one and then were strays stays; one whose changes all were strays is refused', () => {
		const kept = taken();
		kept.intake.settle(kept.c1, false, kept.report);
		kept.intake.settle(kept.c2, true, kept.report);
		expect(kept.report.refusedPayloads).toEqual([]);
		const strays = taken();
		strays.intake.settle(strays.c1, true, strays.report);
		expect(strays.report.refusedPayloads).toEqual([]);
		strays.intake.settle(strays.c2, true, strays.report);
		expect(strays.report.refusedPayloads).toEqual([
			{ ...pos, reason: 'its changes belong to another festival', drop: 'entry' }
		]);
		expect(strays.intake.state(author, 7n, 3)).toBe('refused');
		expect(strays.intake.isWaiting(author, 7n, 3)).toBe(false);
	});
});
