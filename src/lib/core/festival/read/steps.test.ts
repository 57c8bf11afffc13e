import { describe, expect, it } from 'vitest';
import { addEvent } from '../document/doc.js';
import type { EventId } from '../document/ids.js';
import {
	finish,
	readFestival,
	readFestivalSteps,
	readTree,
	readTreeSteps,
	runSliced
} from './views.js';
import { ALICE, BOB, Fest, hours, tree } from './tree.fixture.js';
import { STEP } from './steps.js';

/** A festival of `n` of Bob's events, each asking for Alice's hall; the first two (8 to 9) accepted. */
function festival(n: number) {
	const f = new Fest(ALICE, 'Big');
	const hall = f.resource(ALICE, { name: 'Hall' });
	const ids = f.edit(BOB, (d) => {
		const out: EventId[] = [];
		for (let i = 0; i < n; i++)
			out.push(
				addEvent(d, BOB, {
					title: `Talk ${i}`,
					...(i < 2 ? hours(8, 9) : hours(9 + (i % 10), 10 + (i % 10))),
					tags: [],
					requests: [{ resource: hall, festival: f.id }]
				})
			);
		return out;
	});
	for (const event of ids.slice(0, 2))
		f.decide(ALICE, { resource: hall, event, verdict: 'accept', frame: hours(8, 9) });
	return { f, hall, ids };
}

describe('reading in steps', () => {
	it('pauses between steps of a long read and reads the same as at once', async () => {
		const { f } = festival(3 * STEP);
		const t = tree(f);
		let clock = 0;
		let pauses = 0;
		const pace = { sliceMs: 1, now: () => clock++, pause: async () => void pauses++ };
		const model = (await runSliced(readTreeSteps(t), pace))!;
		const view = await runSliced(readFestivalSteps(model, f.id), pace);
		expect(pauses).toBeGreaterThanOrEqual(6);
		expect(JSON.stringify(view)).toBe(JSON.stringify(readFestival(readTree(t), f.id)));
		// Both accepted at 8 to 9 on one hall: a conflict, found across the steps.
		expect(view!.events.filter((e) => e.status.state === 'conflict')).toHaveLength(2);
		expect(finish(readFestivalSteps(model, f.id))).toEqual(view);
	});

	it('stops when the result is no longer wanted', async () => {
		const { f } = festival(2 * STEP);
		let clock = 0;
		const out = await runSliced(readTreeSteps(tree(f)), {
			sliceMs: 1,
			now: () => clock++,
			pause: async () => undefined,
			cancelled: () => true
		});
		expect(out).toBeUndefined();
	});

	it('reads again what a change touched, and only that changes', () => {
		const { f, hall, ids } = festival(3);
		const before = readFestival(tree(f), f.id)!;
		expect(before.events.filter((e) => e.status.state === 'conflict')).toHaveLength(2);
		f.move(BOB, ids[1]!, hours(12, 13));
		f.decide(ALICE, { resource: hall, event: ids[2]!, verdict: 'deny', frame: hours(11, 12) });
		const after = readFestival(tree(f), f.id)!;
		const state = (v: typeof after, id: EventId) => v.events.find((e) => e.id === id)!.status.state;
		// Moved: its decision was for the old frame, so it waits again; the other holds the hall.
		expect(state(after, ids[1]!)).toBe('waiting');
		expect(after.events.find((e) => e.id === ids[1])!.start).toBe(hours(12, 13).start);
		expect(state(after, ids[0]!)).toBe('confirmed');
		expect(state(after, ids[2]!)).toBe('denied');
	});
});
