/**
 * The schedule's arithmetic: filtering events (tag, location, my agenda), grouping them by
 * day in the festival's zone, and placing a day's events on a grid of locations × time.
 * @module
 */
import type { EventView, ResourceView } from '../../core/festival/read.js';
import { dayKey, minuteOfDay } from './format.js';

/** The schedule's filters. */
export interface ScheduleFilter {
	/** Only events with this tag ('' for all). */
	tag: string;
	/** Only events at this location resource id ('' for all). */
	location: string;
	/** Only events I own or that use my resources. */
	mine: boolean;
}

/** Minutes per grid row. */
export const SLOT = 15;

/** Every tag used by the events, sorted. */
export function tagsOf(events: readonly EventView[]): string[] {
	return [...new Set(events.flatMap((e) => e.tags))].sort((a, b) => a.localeCompare(b));
}

/** The location resources an event requests (ids, among `locations`). */
export function eventLocations(e: EventView, locations: ReadonlyMap<string, ResourceView>): string[] {
	return e.requests.map((q) => q.resource as string).filter((id) => locations.has(id));
}

/** The events that pass the filter; `owners` maps resource ids to their owners. */
export function filterEvents(
	events: readonly EventView[],
	f: ScheduleFilter,
	me: string,
	owners: ReadonlyMap<string, string>,
	locations: ReadonlyMap<string, ResourceView>
): EventView[] {
	return events.filter(
		(e) =>
			(!f.tag || e.tags.includes(f.tag)) &&
			(!f.location || eventLocations(e, locations).includes(f.location)) &&
			(!f.mine || e.owner === me || e.requests.some((q) => owners.get(q.resource) === me))
	);
}

/** Events grouped by the day they start on (in `tz`), days in order. */
export function byDay(events: readonly EventView[], tz: string): { day: string; events: EventView[] }[] {
	const days = new Map<string, EventView[]>();
	for (const e of events) {
		const k = dayKey(e.start, tz);
		const list = days.get(k);
		if (list) list.push(e);
		else days.set(k, [e]);
	}
	return [...days.keys()].sort().map((day) => ({ day, events: days.get(day)! }));
}

/** One event placed on the grid (1-based CSS grid lines, row 1 and column 1 are headers). */
export interface Placed {
	readonly event: EventView;
	readonly column: number;
	readonly rowStart: number;
	readonly rowEnd: number;
}

/** A day's grid: columns (locations, then "no location" if needed), hour labels, placements. */
export interface DayGrid {
	readonly columns: readonly { readonly id: string; readonly name: string }[];
	readonly firstMinute: number;
	readonly rows: number;
	readonly hours: readonly { readonly label: string; readonly row: number }[];
	readonly placed: readonly Placed[];
}

/** Lays out the events of one day (already filtered) over the given locations. */
export function dayGrid(events: readonly EventView[], tz: string, locations: ReadonlyMap<string, ResourceView>): DayGrid {
	const columns = [...locations.values()].map((r) => ({ id: r.id as string, name: r.name }));
	if (events.some((e) => eventLocations(e, locations).length === 0)) columns.push({ id: '', name: 'No location' });
	const span = events.map((e) => {
		const s = minuteOfDay(e.start, tz);
		const sameDay = dayKey(e.start, tz) === dayKey(e.end, tz);
		return { e, s, end: sameDay ? Math.max(minuteOfDay(e.end, tz), s + SLOT) : 24 * 60 };
	});
	const first = span.length ? Math.floor(Math.min(...span.map((x) => x.s)) / 60) * 60 : 9 * 60;
	const last = span.length ? Math.ceil(Math.max(...span.map((x) => x.end)) / 60) * 60 : 17 * 60;
	const rows = Math.max(1, (last - first) / SLOT);
	const hours = [];
	for (let m = first; m < last; m += 60) hours.push({ label: `${String(m / 60).padStart(2, '0')}:00`, row: (m - first) / SLOT + 2 });
	const placed: Placed[] = [];
	for (const { e, s, end } of span) {
		const locs = eventLocations(e, locations);
		for (const id of locs.length ? locs : ['']) {
			placed.push({
				event: e,
				column: columns.findIndex((c) => c.id === id) + 2,
				rowStart: Math.floor((s - first) / SLOT) + 2,
				rowEnd: Math.max(Math.ceil((end - first) / SLOT) + 2, Math.floor((s - first) / SLOT) + 3)
			});
		}
	}
	return { columns, firstMinute: first, rows, hours, placed };
}
