/**
 * `festival import schedule` with files whose rooms once made a change no entry could carry
 * (the festival then never opened again), in-process.
 */
import { describe, expect, it } from 'vitest';
import { cliHomes } from './homes.fixture.js';

const homes = cliHomes('bounds');
const person = (name: string) => homes.person(name);

/** Text that does not compress. */
const noise = (len: number) =>
	Array.from({ length: len }, () => String.fromCharCode(33 + Math.floor(Math.random() * 90))).join(
		''
	);
const schedule = (conference: Record<string, unknown>) =>
	JSON.stringify({
		schedule: {
			version: '1',
			conference: { title: 'Huge', time_zone_name: 'UTC', days: [], ...conference }
		}
	});

describe('festival import schedule, oversize rooms', () => {
	it('oversize room URL in schedule.json: the room is imported without it, and the festival opens again', async () => {
		const alice = await person('alice');
		const file = schedule({
			rooms: [{ name: 'Hall', url: 'https://example.org/' + 'a'.repeat(4_700_000) }],
			days: [
				{
					index: 1,
					date: '2026-07-01',
					rooms: {
						Hall: [
							{
								guid: 'g1',
								title: 'Talk',
								date: '2026-07-01T10:00:00Z',
								start: '10:00',
								duration: '01:00',
								room: 'Hall'
							}
						]
					}
				}
			]
		});
		const r = await alice.runWith(file, 'import', 'schedule', '-');
		expect(r.code, r.stderr).toBe(0);
		const id = r.stdout.trim();
		expect(r.stderr).toMatch(
			/rooms\[0\]\.url: room "Hall": its URL is 4700020 characters long, over 2000; left out/
		);
		// Every later command opens the festival.
		const shown = JSON.parse(await alice.ok('show', id, '--json')) as {
			resources: { name: string; place?: unknown }[];
			events: unknown[];
		};
		expect(shown.resources.map((x) => [x.name, x.place])).toEqual([['Hall', undefined]]);
		expect(shown.events).toHaveLength(1);
	});

	it('oversize rooms in schedule.json: 3,000 rooms with long descriptions are written in changes that fit an entry', async () => {
		const alice = await person('alice');
		const rooms = Array.from({ length: 3000 }, (_, i) => ({
			name: `Room ${i}`,
			description: noise(2000)
		}));
		const r = await alice.runWith(schedule({ rooms }), 'import', 'schedule', '-');
		expect(r.code, r.stderr).toBe(0);
		const id = r.stdout.trim();
		const shown = JSON.parse(await alice.ok('show', id, '--json')) as {
			resources: { name: string; description?: string }[];
		};
		expect(shown.resources).toHaveLength(3000);
		expect(shown.resources.every((x) => x.description?.length === 2000)).toBe(true);
	}, 60_000);

	it('oversize text in a CLI edit: a URL over 2,000 characters is refused with the limit, nothing written', async () => {
		const alice = await person('alice');
		const fest = (await alice.ok('create', 'Camp')).trim();
		const r = await alice.run(
			'resource',
			'add',
			fest,
			'--name',
			'Stream',
			'--kind',
			'location',
			'--url',
			'https://meet.example/' + 'a'.repeat(2000)
		);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/^festival: .*(url|web address).* 2000 /i);
		const shown = JSON.parse(await alice.ok('show', fest, '--json')) as { resources: unknown[] };
		expect(shown.resources).toEqual([]);
	});
});
