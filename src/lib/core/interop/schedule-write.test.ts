import { describe, expect, it } from 'vitest';
import { Festival } from '../festival/festival.js';
import { readFestival } from '../festival/read/views.js';
import { generateIdentity, newDeviceId } from '../identity/identity.js';
import { MemoryStorageAdapter } from '../store/memory-storage-adapter.js';
import { readSchedule } from './schedule-import.js';
import { writeSchedule } from './schedule-write.js';

/** A schedule.json of `n` talks of 15 minutes in one room, one after another, two overlapping. */
function talks(n: number): string {
	const list = Array.from({ length: n }, (_, i) => ({
		guid: `t-${i}`,
		title: `Talk ${i}`,
		date: new Date(Date.UTC(2026, 6, 1, 8) + (i === 1 ? 0 : i) * 900_000).toISOString(),
		duration: '00:15',
		room: 'Hall'
	}));
	return JSON.stringify({
		schedule: {
			version: '1',
			conference: {
				title: 'Paced',
				time_zone_name: 'UTC',
				days: [{ index: 1, date: '2026-07-01', rooms: { Hall: list } }]
			}
		}
	});
}

describe('writing a schedule in paced slices', () => {
	it('stops a change once it has spent its slice, pauses between changes, and writes the same', async () => {
		const plan = readSchedule(talks(12)).plan!;
		const write = async (pace: Parameters<typeof writeSchedule>[4]) => {
			const identity = await generateIdentity('Importer');
			const f = await Festival.create(
				{ identity, device: newDeviceId(), storage: new MemoryStorageAdapter(), sealDelayMs: 5 },
				{ name: plan.name, tz: plan.tz }
			);
			let changes = 0;
			const target = {
				id: f.id,
				change: <T>(fn: Parameters<typeof f.change<T>>[0]) => (changes++, f.change(fn))
			};
			const written = await writeSchedule(target, identity.author, plan, new Date(0), pace);
			const view = readFestival(new Map([[f.id, f.doc]]), f.id)!;
			await f.close();
			return { changes, written, view };
		};
		const whole = await write(undefined);
		// A clock that moves 10 ms a reading: a 25 ms slice holds 3 talks (readings at 0, 10, 20).
		let t = 0;
		let pauses = 0;
		const paced = await write({
			sliceMs: 25,
			now: () => (t += 10),
			pause: async () => void pauses++
		});
		expect(whole.changes).toBe(2);
		expect(paced.changes).toBe(1 + 4);
		expect(pauses).toBe(4);
		expect(paced.written.events).toHaveLength(12);
		expect(paced.written.problems.map((p) => p.reason)).toEqual(
			whole.written.problems.map((p) => p.reason)
		);
		const shape = (v: typeof whole.view) =>
			v.events
				.map((e) => `${e.title} ${e.start} ${e.status.state}`)
				.sort()
				.join('\n');
		expect(shape(paced.view)).toBe(shape(whole.view));
		expect(paced.view.events.filter((e) => e.status.state === 'denied')).toHaveLength(1);
	});

	it('leaves a change fewer talks when the ones before it overran their time', async () => {
		const plan = readSchedule(talks(12)).plan!;
		const identity = await generateIdentity('Importer');
		const f = await Festival.create(
			{ identity, device: newDeviceId(), storage: new MemoryStorageAdapter(), sealDelayMs: 5 },
			{ name: plan.name, tz: plan.tz }
		);
		// On this clock every change costs 100 ms while it runs, whatever it holds: over a budget
		// of 50 ms, the next change takes half as many items as the last, and at least one.
		let t = 0;
		let changes = 0;
		const target = {
			id: f.id,
			change: <T>(fn: Parameters<typeof f.change<T>>[0]) => {
				changes++;
				return f.change((d) => {
					const out = fn(d);
					t += 100;
					return out;
				});
			}
		};
		const written = await writeSchedule(target, identity.author, plan, new Date(0), {
			changeMs: 50,
			now: () => t
		});
		const view = readFestival(new Map([[f.id, f.doc]]), f.id)!;
		await f.close();
		expect(plan.rooms.length).toBeLessThan(4);
		// The rooms in one change (over budget), then the talks one a change.
		expect(changes).toBe(1 + 12);
		expect(written.events).toHaveLength(12);
		expect(view.events).toHaveLength(12);
	});
});
