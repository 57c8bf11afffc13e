import { describe, expect, it } from 'vitest';
import type { EventId, FestivalId, ResourceId } from '../../core/festival/document/ids.js';
import type { EventView, TreeModel } from '../../core/festival/read/views.js';
import {
	addDays,
	blockColumns,
	clock,
	dayBlocks,
	dayColumns,
	dayRange,
	freeGaps,
	resourceBookings,
	resourceCalendar,
	weekOf
} from './calendar.js';

function ev(id: string, start: string, end: string): EventView {
	return {
		id: id as EventId,
		title: id,
		start,
		end,
		owner: 'bob',
		ownerName: null,
		tags: [],
		requests: [],
		status: { label: 'no resources requested', confirmed: 0, total: 0, state: 'none' }
	};
}

const spans = (m: Map<string, { event: EventView; from: number; to: number }[]>) =>
	Object.fromEntries(
		[...m].map(([d, list]) => [
			d,
			list.map((b) => `${b.event.title} ${clock(b.from)}–${clock(b.to)}`)
		])
	);

describe('days and weeks', () => {
	it('adds days across months and years, and finds the Monday-to-Sunday week of a day', () => {
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(weekOf('2026-07-01')).toEqual([
			'2026-06-29',
			'2026-06-30',
			'2026-07-01',
			'2026-07-02',
			'2026-07-03',
			'2026-07-04',
			'2026-07-05'
		]);
		expect(weekOf('2026-07-05')[0]).toBe('2026-06-29'); // a Sunday ends its week
		expect(weekOf('2026-06-29')[0]).toBe('2026-06-29');
		expect(weekOf('2027-01-01')[0]).toBe('2026-12-28');
		expect(dayRange('2026-03-28', '2026-03-30')).toEqual([
			'2026-03-28',
			'2026-03-29',
			'2026-03-30'
		]);
	});
});

describe('dayBlocks', () => {
	it('puts an event on the day of its wall-clock start in the zone, not in UTC', () => {
		// 23:30 UTC on 28 March is 00:30 in Berlin on the 29th, the night clocks go forward.
		const e = ev('Night', '2026-03-28T23:30:00Z', '2026-03-29T01:30:00Z');
		const days = ['2026-03-28', '2026-03-29'];
		expect(spans(dayBlocks([e], days, 'Europe/Berlin'))).toEqual({
			'2026-03-28': [],
			// 00:30 CET to 03:30 CEST: drawn at its wall-clock times.
			'2026-03-29': ['Night 00:30–03:30']
		});
		expect(spans(dayBlocks([e], days, 'UTC'))).toEqual({
			'2026-03-28': ['Night 23:30–24:00'],
			'2026-03-29': ['Night 00:00–01:30']
		});
	});

	it('keeps the day of an event in the hour the clocks go back, and splits events over midnight', () => {
		// 00:30 UTC on 25 October is 02:30 CEST; 01:30 UTC is 02:30 CET (the hour repeats): an hour long.
		const repeat = ev('Twice', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z');
		const late = ev('Late', '2026-10-24T20:00:00Z', '2026-10-24T22:00:00Z'); // 22:00–00:00 CEST
		const over = ev('Over', '2026-10-24T21:00:00Z', '2026-10-24T22:30:00Z'); // 23:00–00:30
		const m = dayBlocks([repeat, late, over], ['2026-10-24', '2026-10-25'], 'Europe/Berlin');
		expect(spans(m)).toEqual({
			'2026-10-24': ['Late 22:00–24:00', 'Over 23:00–24:00'],
			'2026-10-25': ['Twice 02:30–03:30', 'Over 00:00–00:30']
		});
		const [, overToday] = m.get('2026-10-24')!;
		expect([overToday!.continues, overToday!.lane, overToday!.lanes]).toEqual([true, 1, 2]);
		expect(m.get('2026-10-25')![1]!.continued).toBe(true);
	});
});

describe('dayColumns', () => {
	it('gives a day one column per overlapping lane, at least 7rem each, and blocks their share', () => {
		const days = ['2026-07-01', '2026-07-02'];
		const m = dayBlocks(
			[
				ev('A', '2026-07-01T10:00:00Z', '2026-07-01T12:00:00Z'),
				ev('B', '2026-07-01T10:30:00Z', '2026-07-01T11:00:00Z'),
				ev('C', '2026-07-01T10:45:00Z', '2026-07-01T11:30:00Z'),
				ev('D', '2026-07-01T14:00:00Z', '2026-07-01T15:00:00Z'),
				ev('E', '2026-07-02T10:00:00Z', '2026-07-02T11:00:00Z')
			],
			days,
			'UTC'
		);
		const cols = dayColumns(m, days);
		expect([...cols.start]).toEqual([
			['2026-07-01', 2],
			['2026-07-02', 5]
		]);
		expect([...cols.width.values()]).toEqual([3, 1]);
		expect(cols.template).toBe('3.5rem repeat(3, minmax(7rem, 1fr)) repeat(1, minmax(7rem, 1fr))');
		const at = (title: string, d: string) => {
			const b = m.get(d)!.find((x) => x.event.title === title)!;
			return blockColumns(b, cols.start.get(d)!, cols.width.get(d)!);
		};
		// Three overlapping: a column each; D alone takes the day's width; E its own day.
		expect([at('A', days[0]!), at('B', days[0]!), at('C', days[0]!)]).toEqual([
			[2, 3],
			[3, 4],
			[4, 5]
		]);
		expect(at('D', days[0]!)).toEqual([2, 5]);
		expect(at('E', days[1]!)).toEqual([5, 6]);
		// Two lanes in a day of three columns: no block narrower than one column.
		expect([0, 1].map((lane) => blockColumns({ lane, lanes: 2 }, 2, 3))).toEqual([
			[2, 3],
			[3, 5]
		]);
	});
});

describe('freeGaps', () => {
	it('finds the stretches no busy stretch covers, overlapping busy stretches merged', () => {
		const busy = [
			{ from: 100, to: 180 },
			{ from: 60, to: 120 },
			{ from: 300, to: 360 }
		];
		expect(freeGaps(busy)).toEqual([
			{ from: 0, to: 60 },
			{ from: 180, to: 300 },
			{ from: 360, to: 1440 }
		]);
		expect(freeGaps([])).toEqual([{ from: 0, to: 1440 }]);
		expect(freeGaps([{ from: 0, to: 1440 }])).toEqual([]);
		expect(freeGaps([{ from: 0, to: 60 }], 0, 60)).toEqual([]);
	});
});

describe("a resource's calendar", () => {
	const tent = 'r-tent' as ResourceId;
	const f = 'f' as FestivalId;
	const frame = (start: string, end: string) => ({ start, end });
	const events = new Map<string, EventView>([
		['yoga', ev('Yoga', '2026-07-01T08:00:00Z', '2026-07-01T10:00:00Z')],
		['talk', ev('Talk', '2026-07-01T12:00:00Z', '2026-07-01T13:00:00Z')],
		['gig', ev('Gig', '2026-07-01T20:00:00Z', '2026-07-02T01:00:00Z')],
		['nope', ev('Nope', '2026-07-01T14:00:00Z', '2026-07-01T15:00:00Z')],
		['gone', ev('Gone', '2026-07-01T16:00:00Z', '2026-07-01T17:00:00Z')]
	]);
	const q = (event: string, status: string, start: string, end: string) => ({
		festival: f,
		event: event as EventId,
		resource: tent,
		named: f,
		resourceFestival: f,
		frame: frame(start, end),
		status
	});
	const model = {
		byResource: new Map([
			[
				tent,
				[
					q('gig', 'accepted', '2026-07-01T20:00:00Z', '2026-07-02T01:00:00Z'),
					// The request's own frame is narrower than its event's.
					q('yoga', 'accepted', '2026-07-01T08:30:00Z', '2026-07-01T09:30:00Z'),
					q('talk', 'pending', '2026-07-01T12:00:00Z', '2026-07-01T13:00:00Z'),
					q('nope', 'denied', '2026-07-01T14:00:00Z', '2026-07-01T15:00:00Z'),
					// Withdrawn by its requester: asks for nothing any more.
					q('gone', 'withdrawn', '2026-07-01T16:00:00Z', '2026-07-01T17:00:00Z'),
					// A copy of one event (a fork) counts once.
					q('yoga', 'accepted', '2026-07-01T08:30:00Z', '2026-07-01T09:30:00Z')
				]
			]
		])
	} as unknown as TreeModel;

	it('lists bookings by day with the free gaps between held ones (pending, denied and withdrawn hold nothing)', () => {
		const bookings = resourceBookings(model, tent, (_f, id) => events.get(id));
		expect(bookings.map((b) => [b.title, b.request, b.start])).toEqual([
			['Yoga', 'accepted', '2026-07-01T08:30:00Z'],
			['Talk', 'pending', '2026-07-01T12:00:00Z'],
			['Gig', 'accepted', '2026-07-01T20:00:00Z']
		]);
		const cal = resourceCalendar(bookings, 'Europe/Berlin');
		expect(
			cal.map((d) => [
				d.day,
				d.bookings.map((b) => b.event.title),
				d.free.map((g) => `${clock(g.from)}–${clock(g.to)}`)
			])
		).toEqual([
			['2026-07-01', ['Yoga', 'Talk', 'Gig'], ['00:00–10:30', '11:30–22:00']],
			['2026-07-02', ['Gig'], ['03:00–24:00']]
		]);
	});
});
