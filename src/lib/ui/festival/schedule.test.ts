import { describe, expect, it } from 'vitest';
import type { EventId, FestivalId, ResourceId } from '../../core/festival/document/ids.js';
import type { EventView, FestivalView, ResourceView } from '../../core/festival/read/views.js';
import { byDay, dayGrid, filterEvents, programme, scheduleEvents } from './schedule.js';

const hall = {
	id: 'r-hall' as ResourceId,
	name: 'Hall',
	kind: 'location',
	owner: 'alice',
	ownerName: null,
	policy: 'manual'
} satisfies ResourceView;
const yard = {
	id: 'r-yard' as ResourceId,
	name: 'Yard',
	kind: 'location',
	owner: 'alice',
	ownerName: null,
	policy: 'manual'
} satisfies ResourceView;
const locations = new Map<string, ResourceView>([
	[hall.id, hall],
	[yard.id, yard]
]);

function ev(id: string, start: string, end: string, where: ResourceView[] = [hall]): EventView {
	return {
		id: id as EventId,
		title: id,
		start: `2026-07-01T${start}:00Z`,
		end: `2026-07-01T${end}:00Z`,
		owner: 'bob',
		ownerName: null,
		tags: [],
		requests: where.map((r) => ({
			resource: r.id,
			festival: 'f' as FestivalId,
			start: '',
			end: '',
			status: 'pending' as const,
			history: []
		})),
		status: { label: 'waiting for owner', confirmed: 0, total: where.length, state: 'waiting' }
	};
}

const columnsOf = (g: ReturnType<typeof dayGrid>, title: string) =>
	g.placed.filter((p) => p.event.title === title).map((p) => [p.column, p.column + p.span]);

describe('dayGrid', () => {
	it('puts overlapping events in one location side by side, and keeps other locations whole', () => {
		const g = dayGrid(
			[
				ev('A', '10:00', '11:00'),
				ev('B', '10:30', '11:30'),
				ev('C', '12:00', '13:00'),
				ev('D', '10:00', '11:00', [yard])
			],
			'UTC',
			locations
		);
		expect(g.columns.map((c) => [c.name, c.column, c.lanes])).toEqual([
			['Hall', 2, 2],
			['Yard', 4, 1]
		]);
		expect(columnsOf(g, 'A')).toEqual([[2, 3]]);
		expect(columnsOf(g, 'B')).toEqual([[3, 4]]);
		// C overlaps nothing: it takes the whole Hall column.
		expect(columnsOf(g, 'C')).toEqual([[2, 4]]);
		expect(columnsOf(g, 'D')).toEqual([[4, 5]]);
	});

	it('events touching at a boundary share a lane; an event in two locations appears in both', () => {
		const g = dayGrid(
			[
				ev('A', '10:00', '11:00'),
				ev('B', '11:00', '12:00'),
				ev('Both', '10:00', '12:00', [hall, yard])
			],
			'UTC',
			locations
		);
		expect(g.columns.map((c) => c.lanes)).toEqual([2, 1]);
		expect(columnsOf(g, 'A')).toEqual([[3, 4]]);
		expect(columnsOf(g, 'B')).toEqual([[3, 4]]);
		expect(columnsOf(g, 'Both')).toEqual([
			[2, 3],
			[4, 5]
		]);
	});

	it('events that share a 15-minute row (though not a minute) go side by side, so none hides another', () => {
		const g = dayGrid([ev('A', '10:00', '10:05'), ev('B', '10:05', '10:10')], 'UTC', locations);
		expect(columnsOf(g, 'A')).not.toEqual(columnsOf(g, 'B'));
	});

	it('events with no location get a column of their own', () => {
		const g = dayGrid([ev('Nowhere', '10:00', '11:00', [])], 'UTC', locations);
		expect(g.columns.map((c) => c.name)).toEqual(['Hall', 'Yard', 'No location']);
		expect(columnsOf(g, 'Nowhere')).toEqual([[4, 5]]);
	});
});

describe('a festival and its sub-festivals in one schedule', () => {
	const view = (id: string, name: string, events: EventView[]): FestivalView => ({
		id: id as FestivalId,
		name,
		tz: 'UTC',
		children: [],
		resources: [],
		removedResources: [],
		events,
		people: [],
		problems: []
	});

	it("sorts the festival's and its sub-festivals' events together by time, across days", () => {
		const parent = view('p', 'Big Fest', [
			ev('Late set', '22:00', '23:00'),
			{
				...ev('Breakfast', '08:00', '09:00'),
				start: '2026-07-02T08:00:00Z',
				end: '2026-07-02T09:00:00Z'
			}
		]);
		const kids = view('k', 'Kids Corner', [
			ev('Puppets', '16:00', '17:00'),
			ev('Clowns', '09:00', '10:00')
		]);
		const days = byDay(scheduleEvents(parent, [kids]), 'UTC');
		expect(days.map((d) => [d.day, d.events.map((e) => e.title)])).toEqual([
			['2026-07-01', ['Clowns', 'Puppets', 'Late set']],
			['2026-07-02', ['Breakfast']]
		]);
	});

	it('orders events at the same time by title as the collator does (case and accents), then id', () => {
		const same = (id: string, title: string) => ({ ...ev(id, '10:00', '11:00'), title });
		const titles = ['b', 'Ä', 'a', 'B', 'ä', 'A', 'b'];
		const events = titles.map((t, i) => same(`e${i}`, t));
		const collator = new Intl.Collator();
		const expected = [...events]
			.sort((x, y) => collator.compare(x.title, y.title) || (x.id < y.id ? -1 : 1))
			.map((e) => e.id);
		const festival = view('p', 'Fest', events);
		expect(scheduleEvents(festival, []).map((e) => e.id)).toEqual(expected);
		expect(byDay(events, 'UTC')[0]!.events.map((e) => e.id)).toEqual(expected);
	});

	it("lists the sub-festivals' events with the festival's own, each marked with its festival; the festival filter picks one", () => {
		const parent = view('p', 'Big Fest', [ev('Opening', '10:00', '11:00')]);
		const kids = view('k', 'Kids Corner', [ev('Puppets', '10:30', '11:30')]);
		const all = scheduleEvents(parent, [kids]);
		expect(all.map((e) => [e.title, e.festivalName, e.fromSub])).toEqual([
			['Opening', 'Big Fest', false],
			['Puppets', 'Kids Corner', true]
		]);
		const owners = new Map<string, string>();
		const base = { tag: '', location: '', mine: false };
		expect(filterEvents(all, { ...base, festival: '' }, 'me', owners, locations)).toHaveLength(2);
		expect(
			filterEvents(all, { ...base, festival: 'k' }, 'me', owners, locations).map((e) => e.title)
		).toEqual(['Puppets']);
		expect(
			filterEvents(all, { ...base, festival: 'p' }, 'me', owners, locations).map((e) => e.title)
		).toEqual(['Opening']);
	});
});

describe('programme', () => {
	const confirmed = (e: EventView): EventView => ({
		...e,
		status: { label: '1 of 1 resource confirmed', confirmed: 1, total: 1, state: 'confirmed' }
	});

	it('keeps only confirmed events, by day and then location (nowhere last), each by time', () => {
		const days = programme(
			[
				confirmed(ev('Late', '21:00', '22:00', [yard])),
				confirmed(ev('Early', '09:00', '10:00', [yard])),
				ev('Unsure', '10:00', '11:00', [hall]),
				confirmed(ev('Walk', '11:00', '12:00', [])),
				confirmed(ev('Both', '12:00', '13:00', [hall, yard])),
				{
					...confirmed(ev('Tomorrow', '10:00', '11:00', [hall])),
					start: '2026-07-02T10:00:00Z',
					end: '2026-07-02T11:00:00Z'
				}
			],
			'UTC',
			locations
		);
		expect(
			days.map((d) => [d.day, d.places.map((p) => [p.name, p.events.map((e) => e.title)])])
		).toEqual([
			[
				'2026-07-01',
				[
					['Hall', ['Both']],
					['Yard', ['Early', 'Both', 'Late']],
					['Elsewhere', ['Walk']]
				]
			],
			['2026-07-02', [['Hall', ['Tomorrow']]]]
		]);
	});
});
