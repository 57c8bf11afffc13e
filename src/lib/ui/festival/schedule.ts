/**
 * The schedule's arithmetic: the events of a festival and its sub-festivals, filtering them
 * (festival, tag, location, my agenda), grouping them by day in the festival's zone, and
 * placing a day's events on a grid of locations × time, overlapping ones side by side.
 * @module
 */
import type { IconName } from './icons.js';
import {
	type EventView,
	type FestivalId,
	type FestivalView,
	readFestival,
	type ResourceView,
	type TreeModel
} from '../../core/index.js';
import { dayKey, minuteOfDay } from './format.js';
import { assignLanes, laneSpan } from './lanes.js';
import { extent } from './grid-window.js';

/** The schedule's filters. */
export interface ScheduleFilter {
	/** Only events of this festival ('' for the festival and all its sub-festivals). */
	festival: string;
	/** Only events with this tag ('' for all). */
	tag: string;
	/** Only events at this location resource id ('' for all). */
	location: string;
	/** Only events I own or that use my resources. */
	mine: boolean;
}

/** An event in a schedule, with the festival it belongs to. */
export interface ScheduledEvent extends EventView {
	readonly festival: FestivalId;
	readonly festivalName: string;
	/** Whether it belongs to a sub-festival of the festival shown. */
	readonly fromSub: boolean;
}

/**
 * The sub-festivals (any depth) of a festival: its `family` without its `ancestry` (itself
 * and its ancestors), by name. Their events are part of its programme.
 */
export function subFestivals(
	model: TreeModel,
	family: Iterable<FestivalId>,
	ancestry: readonly FestivalView[]
): FestivalView[] {
	return [...family]
		.filter((id) => !ancestry.some((f) => f.id === id))
		.map((id) => readFestival(model, id))
		.filter((f): f is FestivalView => f !== undefined)
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Titles compare as `localeCompare` does, without making a collator for each comparison. */
const TITLES = new Intl.Collator();

/** Orders events by start, then end, then title and id (a stable order across festivals). */
export function byTime(a: EventView, b: EventView): number {
	return (
		Date.parse(a.start) - Date.parse(b.start) ||
		Date.parse(a.end) - Date.parse(b.end) ||
		tieBreak(a, b)
	);
}

function tieBreak(a: EventView, b: EventView): number {
	return TITLES.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Ranks of titles in the collator's order (titles it holds equal share a rank): comparing two
 * ranks is comparing the titles, without a collator call per comparison.
 */
function titleRanks(events: Iterable<EventView>): Map<string, number> {
	const titles = [...new Set(Array.from(events, (e) => e.title))].sort(TITLES.compare);
	const out = new Map<string, number>();
	let rank = 0;
	titles.forEach((t, i) => {
		if (i > 0 && TITLES.compare(titles[i - 1]!, t) !== 0) rank++;
		out.set(t, rank);
	});
	return out;
}

/** Sorts as {@link byTime} does, with each event's times and title rank read once. */
function sortByTime<E extends EventView>(events: readonly E[], ranks = titleRanks(events)): E[] {
	return events
		.map((event) => ({
			event,
			start: Date.parse(event.start),
			end: Date.parse(event.end),
			rank: ranks.get(event.title) ?? 0
		}))
		.sort(
			(a, b) =>
				a.start - b.start ||
				a.end - b.end ||
				a.rank - b.rank ||
				(a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0)
		)
		.map((x) => x.event);
}

/**
 * The events of `festival` and of each of `subs` (its sub-festivals, any depth), all sorted
 * by time together (each festival's own list is sorted; their concatenation is not). The
 * times and titles' ranks are read once per event, not once per comparison (100,000 events
 * take 1.7 million).
 */
export function scheduleEvents(
	festival: FestivalView,
	subs: readonly FestivalView[]
): ScheduledEvent[] {
	const tag = (f: FestivalView, fromSub: boolean) =>
		f.events.map((e): ScheduledEvent => ({ ...e, festival: f.id, festivalName: f.name, fromSub }));
	return sortByTime([...tag(festival, false), ...subs.flatMap((f) => tag(f, true))]);
}

/** An event's status in words, as the grid and the lists say it. */
export function statusWords(e: EventView): string {
	return e.status.state === 'confirmed' ? 'confirmed' : e.status.label;
}

const ICONS: Readonly<Record<string, IconName>> = {
	confirmed: 'check',
	partly: 'half',
	waiting: 'waiting',
	conflict: 'warning',
	denied: 'cross',
	none: 'dot'
};

/** The icon of an event state (StatusIcon.svelte; never the only sign: it goes with words). */
export function statusIcon(state: string): IconName {
	return ICONS[state] ?? 'dot';
}

/** What a block in a grid says to screen readers: title, time, status, repeats, sub-festival. */
export function blockName(e: ScheduledEvent, time: string): string {
	return `${e.title}, ${time}, ${statusWords(e)}${e.series ? ', repeats' : ''}${e.fromSub ? `, in ${e.festivalName}` : ''}`;
}

/** Minutes per grid row. */
export const SLOT = 15;

/** Every tag used by the events, sorted. */
export function tagsOf(events: readonly EventView[]): string[] {
	return [...new Set(events.flatMap((e) => e.tags))].sort((a, b) => a.localeCompare(b));
}

/** The location resources an event requests (ids, among `locations`). */
export function eventLocations(
	e: EventView,
	locations: ReadonlyMap<string, ResourceView>
): string[] {
	return e.requests.map((q) => q.resource as string).filter((id) => locations.has(id));
}

/** The events that pass the filter; `owners` maps resource ids to their owners. */
export function filterEvents<E extends EventView & { readonly festival?: string }>(
	events: readonly E[],
	f: ScheduleFilter,
	me: string,
	owners: ReadonlyMap<string, string>,
	locations: ReadonlyMap<string, ResourceView>
): E[] {
	return events.filter(
		(e) =>
			(!f.festival || e.festival === f.festival) &&
			(!f.tag || e.tags.includes(f.tag)) &&
			(!f.location || eventLocations(e, locations).includes(f.location)) &&
			(!f.mine || e.owner === me || e.requests.some((q) => owners.get(q.resource) === me))
	);
}

/** Events grouped by the day they start on (in `tz`), days in order, each day's by time. */
export function byDay<E extends EventView>(
	events: readonly E[],
	tz: string
): { day: string; events: E[] }[] {
	const days = new Map<string, E[]>();
	for (const e of events) {
		const k = dayKey(e.start, tz);
		const list = days.get(k);
		if (list) list.push(e);
		else days.set(k, [e]);
	}
	const ranks = titleRanks(events);
	return [...days.keys()].sort().map((day) => ({ day, events: sortByTime(days.get(day)!, ranks) }));
}

/** One event placed on the grid (1-based CSS grid lines, row 1 and column 1 are headers). */
export interface Placed<E extends EventView = EventView> {
	readonly event: E;
	/** First grid column, and how many it spans (overlapping events share their location's). */
	readonly column: number;
	readonly span: number;
	readonly rowStart: number;
	readonly rowEnd: number;
}

/** A location's column: where it starts and how many lanes (sub-columns) it is split into. */
export interface GridColumn {
	readonly id: string;
	readonly name: string;
	readonly column: number;
	readonly lanes: number;
}

/** A day's grid: columns (locations, then "no location" if needed), hour labels, placements. */
export interface DayGrid<E extends EventView = EventView> {
	readonly columns: readonly GridColumn[];
	readonly firstMinute: number;
	readonly rows: number;
	readonly hours: readonly { readonly label: string; readonly row: number }[];
	readonly placed: readonly Placed<E>[];
}

/**
 * Lays out the events of one day (already filtered) over the given locations. An event with
 * several locations appears in each. In a location, overlapping events (by the rows they
 * cover) go side by side: the location's column is split into as many lanes as its busiest
 * moment needs, and each cluster of overlapping events shares the width evenly.
 */
export function dayGrid<E extends EventView>(
	events: readonly E[],
	tz: string,
	locations: ReadonlyMap<string, ResourceView>
): DayGrid<E> {
	const ids = [...locations.values()].map((r) => ({ id: r.id as string, name: r.name }));
	if (events.some((e) => eventLocations(e, locations).length === 0))
		ids.push({ id: '', name: 'No location' });
	const span = events.map((e) => {
		const s = minuteOfDay(e.start, tz);
		const sameDay = dayKey(e.start, tz) === dayKey(e.end, tz);
		return { e, s, end: sameDay ? Math.max(minuteOfDay(e.end, tz), s + SLOT) : 24 * 60 };
	});
	const from = extent(span.map((x) => x.s));
	const to = extent(span.map((x) => x.end));
	const first = from ? Math.floor(from[0] / 60) * 60 : 9 * 60;
	const last = to ? Math.ceil(to[1] / 60) * 60 : 17 * 60;
	const rows = Math.max(1, (last - first) / SLOT);
	const hours = [];
	for (let m = first; m < last; m += 60)
		hours.push({ label: `${String(m / 60).padStart(2, '0')}:00`, row: (m - first) / SLOT + 2 });
	// Each event's rows, per location column.
	const perColumn = new Map<string, { e: E; rowStart: number; rowEnd: number }[]>(
		ids.map((c) => [c.id, []])
	);
	for (const { e, s, end } of span) {
		const rowStart = Math.floor((s - first) / SLOT) + 2;
		const rowEnd = Math.max(Math.ceil((end - first) / SLOT) + 2, rowStart + 1);
		const locs = eventLocations(e, locations);
		for (const id of locs.length ? locs : ['']) perColumn.get(id)?.push({ e, rowStart, rowEnd });
	}
	const columns: GridColumn[] = [];
	const placed: Placed<E>[] = [];
	let next = 2;
	for (const c of ids) {
		const items = perColumn.get(c.id)!;
		const lanes = assignLanes(items.map((x) => ({ start: x.rowStart, end: x.rowEnd })));
		const width = Math.max(1, extent(lanes.map((l) => l.lanes))?.[1] ?? 1);
		columns.push({ ...c, column: next, lanes: width });
		items.forEach((x, i) => {
			const { from, to } = laneSpan(lanes[i]!.lane, lanes[i]!.lanes, width);
			placed.push({
				event: x.e,
				column: next + from,
				span: to - from,
				rowStart: x.rowStart,
				rowEnd: x.rowEnd
			});
		});
		next += width;
	}
	return { columns, firstMinute: first, rows, hours, placed };
}

/** A day of the printed programme: its confirmed events by location (by name; "Elsewhere" last). */
export interface ProgrammeDay<E extends EventView> {
	readonly day: string;
	readonly places: readonly { readonly name: string; readonly events: readonly E[] }[];
}

/**
 * The programme for visitors: only confirmed events, by day (in `tz`), then by location (an
 * event in two locations is under each), each location's events by time.
 */
export function programme<E extends EventView>(
	events: readonly E[],
	tz: string,
	locations: ReadonlyMap<string, ResourceView>
): ProgrammeDay<E>[] {
	const confirmed = events.filter((e) => e.status.state === 'confirmed');
	return byDay(confirmed, tz).map(({ day, events: list }) => {
		const places = new Map<string, E[]>();
		for (const e of list) {
			const names = eventLocations(e, locations).map((id) => locations.get(id)!.name);
			for (const n of names.length ? names : ['']) places.set(n, [...(places.get(n) ?? []), e]);
		}
		return {
			day,
			places: [...places]
				.sort(([a], [b]) => (!a ? 1 : !b ? -1 : a.localeCompare(b)))
				.map(([name, evs]) => ({ name: name || 'Elsewhere', events: evs }))
		};
	});
}
