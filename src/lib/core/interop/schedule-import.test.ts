import { describe, expect, it } from 'vitest';
import { addEvent } from '../festival/document/doc.js';
import type { FestivalContext } from '../festival/festival.js';
import { readFestival, type FestivalView } from '../festival/read/views.js';
import { ALICE, Fest, hours, tree } from '../festival/read/tree.fixture.js';
import { generateIdentity, newDeviceId } from '../identity/identity.js';
import { MemoryStorageAdapter } from '../store/memory-storage-adapter.js';
import { readSchedule } from './schedule-import.js';
import { importSchedule, type ScheduleImport } from './schedule-write.js';
import { exportScheduleJson } from './schedule-json.js';
import { sample, scheduleValidator } from './schedule.fixture.js';

async function ctx(): Promise<FestivalContext> {
	return {
		identity: await generateIdentity('Importer'),
		device: newDeviceId(),
		storage: new MemoryStorageAdapter(),
		sealDelayMs: 5
	};
}

async function load(
	text: string
): Promise<{ result: ScheduleImport; view: FestivalView | undefined; me: string }> {
	const c = await ctx();
	const result = await importSchedule(c, text, new Date('2026-01-01T00:00:00Z'));
	const f = result.festival;
	const view = f ? readFestival(new Map([[f.id, f.doc]]), f.id) : undefined;
	if (f) await f.close();
	return { result, view, me: c.identity.author };
}

/** A minimal valid-looking schedule around some days. */
const doc = (conference: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
	JSON.stringify({
		schedule: {
			version: '1',
			conference: { title: 'Test', time_zone_name: 'Europe/Berlin', ...conference },
			...extra
		}
	});
const talk = (over: Record<string, unknown> = {}) => ({
	guid: crypto.randomUUID(),
	title: 'A talk',
	date: '2026-07-01T10:00:00+02:00',
	start: '10:00',
	duration: '01:00',
	room: 'Hall',
	...over
});
const day = (talks: unknown[], room = 'Hall') => ({
	index: 1,
	date: '2026-07-01',
	day_start: '2026-07-01T00:00:00+02:00',
	day_end: '2026-07-01T23:59:00+02:00',
	rooms: { [room]: talks }
});

describe('schedule.json import', () => {
	it('imports the pretalx sample completely: every room and talk, rooms first-come and talks accepted', async () => {
		const { result, view, me } = await load(sample('pretalx-democon.json'));
		expect(result.problems).toEqual([]);
		expect(view).toBeDefined();
		const v = view!;
		expect(v.name).toBe('DemoCon');
		expect(v.tz).toBe('UTC');
		expect(v.resources.map((r) => [r.name, r.kind, r.policy, r.owner])).toEqual([
			['Gray Room', 'location', 'first-come', me],
			['Tan Room', 'location', 'first-come', me]
		]);
		expect(v.events).toHaveLength(36);
		expect(
			v.events.every(
				(e) => e.owner === me && e.status.state === 'confirmed' && e.requests.length === 1
			)
		).toBe(true);
		const first = v.events.find((e) => e.title === 'Focused 5thgeneration hardware')!;
		expect(first).toMatchObject({
			start: '2020-12-14T08:00:00Z',
			end: '2020-12-14T08:30:00Z',
			tags: ['Phased', 'Talk']
		});
		expect(first.description).toContain('Brand back-end models!');
		expect(first.description).toContain('Speakers: Brian Robinson');
		const gray = v.resources.find((r) => r.name === 'Gray Room')!.id;
		expect(first.requests[0]).toMatchObject({ resource: gray, status: 'accepted' });
		const source = JSON.parse(sample('pretalx-democon.json')) as {
			schedule: { conference: { days: { rooms: Record<string, { title: string }[]> }[] } };
		};
		const titles = source.schedule.conference.days.flatMap((d) =>
			Object.values(d.rooms)
				.flat()
				.map((t) => t.title)
		);
		expect(v.events.map((e) => e.title).sort()).toEqual(titles.sort());
	});

	it('imports what it can of the invalid example and reports the rest', async () => {
		const { result, view } = await load(sample('invalid-example.json'));
		expect(view!.name).toBe('Winterchaos');
		expect(view!.tz).toBe('Europe/Zurich');
		expect(view!.resources.map((r) => [r.name, r.description])).toEqual([
			['Winterchaos', 'Talks at LuXerias and LABOR Luzerns Winterchaos 2022']
		]);
		expect(view!.events.map((e) => [e.title, e.start, e.end, e.status.state])).toEqual([
			[
				'Internal Penetration Testing Basics',
				'2022-12-28T13:00:00Z',
				'2022-12-28T13:45:00Z',
				'confirmed'
			]
		]);
		expect(result.problems).toEqual([
			{
				where: 'schedule.rooms',
				reason: expect.stringMatching(/not part of the format.*read anyway/)
			}
		]);
	});

	it('round-trips its own export', async () => {
		const fest = new Fest(ALICE, 'Round trip');
		const hall = fest.resource(ALICE, { name: 'Hall', kind: 'location' });
		fest.edit(ALICE, (d) =>
			addEvent(d, ALICE, {
				title: 'One',
				description: 'First.',
				...hours(10, 11),
				tags: ['talk'],
				requests: [{ resource: hall, festival: fest.id }]
			})
		);
		fest.event(ALICE, hours(12, 13), [], 'Two');
		const out = exportScheduleJson(tree(fest), fest.id);
		if (!out.ok) throw new Error(out.error.reason);
		const { result, view } = await load(JSON.stringify(out.value));
		expect(result.problems).toEqual([]);
		expect(view!.tz).toBe('Europe/Berlin');
		expect(view!.resources.map((r) => r.name).sort()).toEqual(['(no location)', 'Hall']);
		expect(view!.events.map((e) => [e.title, e.start, e.end, e.tags, e.status.state])).toEqual([
			['One', hours(10, 11).start, hours(10, 11).end, ['talk'], 'confirmed'],
			['Two', hours(12, 13).start, hours(12, 13).end, ['test', 'other'], 'confirmed']
		]);
	});

	it('keeps speakers and links through an import and the export after it', async () => {
		const fest = new Fest(ALICE, 'Talks');
		const hall = fest.resource(ALICE, { name: 'Hall', kind: 'location' });
		fest.event(ALICE, hours(10, 11), [{ resource: hall }], 'Keynote');
		const first = exportScheduleJson(tree(fest), fest.id);
		if (!first.ok) throw new Error(first.error.reason);
		// As a conference tool would write it: persons (both person forms) and links.
		const json = JSON.parse(JSON.stringify(first.value));
		const talk = Object.values(json.schedule.conference.days[0].rooms).flat()[0] as Record<
			string,
			unknown
		>;
		talk.abstract = 'About things.';
		talk.description = 'About things.';
		talk.persons = [{ name: 'Ann Example' }, { id: 7, public_name: 'Bo' }];
		talk.links = [
			{ url: 'https://slides.example/keynote', title: 'Slides', type: 'slides' },
			{ url: 'javascript:alert(1)', title: 'Bad' }
		];
		const { result, view } = await load(JSON.stringify(json));
		expect(result.problems).toEqual([]);
		const again = new Map([[view!.id, result.festival!.doc]]);
		const out = exportScheduleJson(again, view!.id);
		if (!out.ok) throw new Error(out.error.reason);
		const back = Object.values(out.value.schedule.conference.days[0]!.rooms).flat()[0]!;
		expect(back.abstract).toBe('About things.');
		expect((back.persons as { name: string }[]).map((p) => p.name)).toEqual(['Ann Example', 'Bo']);
		expect(back.links).toEqual([
			{ url: 'https://slides.example/keynote', title: 'https://slides.example/keynote' }
		]);
		expect(scheduleValidator()(JSON.parse(JSON.stringify(out.value)))).toEqual([]);
	});

	it('reports input that is not a schedule at all, and creates nothing', async () => {
		for (const [input, where, reason] of [
			['{"schedule": ', '(file)', /not JSON/],
			['', '(file)', /not JSON/],
			['[1, 2]', '(top)', /is an object, not a list/],
			['"schedule"', '(top)', /not string/],
			['{}', 'schedule', /missing/],
			['{"schedule": 5}', 'schedule', /not an object \(number 5\)/],
			['{"schedule": {"conference": null}}', 'schedule.conference', /null/],
			[doc({ days: 'monday' }), '(file)', /nothing to import/]
		] as const) {
			const { result } = await load(input);
			expect(result.festival, input).toBeUndefined();
			expect(result.problems.at(-1), input).toEqual({
				where,
				reason: expect.stringMatching(reason)
			});
		}
	});

	it('skips malformed rooms and talks with a reason each, and keeps the rest', async () => {
		const ok = talk({ title: 'Fine' });
		const { result, view } = await load(
			// JSON cannot say 1e400 through JSON.stringify (Infinity becomes null): put it in as text.
			doc({
				title: 42,
				acronym: 'fallback',
				time_zone_name: 'Mars/Olympus_Mons',
				rooms: [
					{ name: 'Hall', capacity: 'HUGE' },
					'Kitchen',
					{ capacity: 3 },
					{ name: 'Annex', capacity: 120, description: { de: 'Anbau', en: 'Annex room' } }
				],
				days: [
					day([
						ok,
						17,
						talk({ title: '' }),
						talk({ title: ['x'] }),
						talk({ date: 'yesterday', start: '25:00' }),
						talk({ date: '+275760-09-13T00:00:00Z', start: undefined }),
						talk({ date: 1e20, start: undefined }),
						talk({ duration: 'long', end: undefined }),
						talk({ duration: '99999:00' }),
						talk({ duration: '00:00' }),
						talk({ title: 'Zero', end: '2026-07-01T10:00:00+02:00', duration: undefined }),
						talk({ guid: ok.guid, title: 'Copy' }),
						talk({ title: 'x'.repeat(400), date: '2026-07-01T08:00:00Z', duration: '0:30' }),
						talk({ title: 'Roomless', room: 7, date: '2026-07-02T10:00:00+02:00' })
					]),
					'tuesday',
					{ date: '2026-07-03', rooms: [] },
					{ date: '2026-07-04', rooms: { Hall: { title: 'not a list' } } },
					day(
						[
							talk({
								title: 'From start',
								date: undefined,
								room: undefined,
								start: '9:30',
								duration: '0:45:30'
							})
						],
						'Garden'
					)
				]
			}).replace('"HUGE"', '1e400')
		);
		expect(result.festival).toBeDefined();
		const lines = result.problems.map((p) => `${p.where}: ${p.reason}`);
		const d0 = 'schedule.conference.days[0].rooms.Hall';
		const expected: [string, RegExp][] = [
			[
				'schedule.conference.time_zone_name',
				/"Mars\/Olympus_Mons" is not a known time zone; times are shown in UTC/
			],
			['schedule.conference.title', /not text \(number 42\); the festival is called "fallback"/],
			[
				'schedule.conference.rooms[0].capacity',
				/capacity number Infinity is not a whole number of seats; left out/
			],
			['schedule.conference.rooms[1]', /must be an object, not string/],
			['schedule.conference.rooms[2]', /needs a name/],
			[`${d0}[1]`, /must be an object, not number 17/],
			[`${d0}[2]`, /needs a title/],
			[`${d0}[3]`, /needs a title \(title is a list\)/],
			[`${d0}[4]`, /no usable start time \(date string "yesterday", start string "25:00"\)/],
			[`${d0}[5]`, /no usable start time/],
			[`${d0}[6]`, /no usable start time \(date number 100000000000000000000/],
			[`${d0}[7]`, /no usable end or duration \(duration string "long"/],
			[`${d0}[8]`, /longer than 366 days/],
			[`${d0}[9]`, /must end after it starts/],
			[`${d0}[10]`, /"Zero": it must end after it starts/],
			[`${d0}[11]`, /"Copy": the same guid as .*rooms\.Hall\[0\]; skipped/],
			[`${d0}[12].title`, /title cut to 300 characters/],
			[`${d0}[13].room`, /"Roomless": room number 7 is not a name; using "Hall"/],
			['schedule.conference.days[1]', /a day must be an object, not string "tuesday"/],
			['schedule.conference.days[2].rooms', /not a list/],
			['schedule.conference.days[3].rooms.Hall', /talks must be a list, not an object/]
		];
		for (const [where, reason] of expected)
			expect(lines, where).toContainEqual(
				expect.stringMatching(
					new RegExp(`^${where.replace(/[.[\]]/g, '\\$&')}: .*${reason.source}`)
				)
			);
		// The overlapping talk is imported but its room is taken: reported too.
		expect(lines).toContainEqual(
			expect.stringMatching(/\[12\]: "x{40}": imported, but Hall was taken/)
		);
		expect(lines).toHaveLength(expected.length + 1);

		const v = view!;
		expect(v.name).toBe('fallback');
		expect(v.tz).toBe('UTC');
		expect(v.resources.map((r) => [r.name, r.description ?? null]).sort()).toEqual([
			['Annex', 'Annex room\nSeats: 120'],
			['Garden', null],
			['Hall', null]
		]);
		const byTitle = new Map(v.events.map((e) => [e.title.slice(0, 10), e]));
		expect([...byTitle.keys()].sort()).toEqual(
			['Fine', 'From start', 'Roomless', 'x'.repeat(10)].sort()
		);
		expect(byTitle.get('Fine')!.status.state).toBe('confirmed');
		expect(byTitle.get('x'.repeat(10))!.requests[0]).toMatchObject({
			status: 'denied',
			reason: 'taken'
		});
		// No offset and no known zone: the day's date and start in UTC, plus h:mm:ss.
		expect(byTitle.get('From start')).toMatchObject({
			start: '2026-07-01T09:30:00Z',
			end: '2026-07-01T10:15:30Z'
		});
	});

	it('reads days without throwing on hostile shapes', () => {
		for (const input of [
			doc({ days: [{ rooms: { __proto__: [talk()] } }] }),
			doc({ days: [null, [], { rooms: null }] }),
			doc({ rooms: { name: 'x' }, days: [] }),
			JSON.stringify({
				schedule: {
					conference: {
						days: [day([talk({ persons: 'me', links: [null, { url: 5 }], abstract: 7 })])]
					}
				}
			})
		]) {
			expect(() => readSchedule(input)).not.toThrow();
		}
		const r = readSchedule(
			JSON.stringify({
				schedule: {
					conference: {
						days: [
							day([
								talk({
									persons: [null, { name: 'Ann' }, { public_name: 'Bo' }],
									links: [{ url: 'https://x.example' }]
								})
							])
						]
					}
				}
			})
		);
		expect(r.plan!.talks[0]!.description).toBe('Speakers: Ann, Bo\n\nLinks: https://x.example');
		expect(r.problems.map((p) => p.where)).toEqual([
			'schedule.conference.time_zone_name',
			'schedule.conference.title'
		]);
	});
});
