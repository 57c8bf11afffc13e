/**
 * Days side by side: day keys (`YYYY-MM-DD`, wall-clock days in the festival's zone), weeks,
 * events cut into the days they cover (as minutes of the wall-clock day, so a block at 10:00
 * sits at 10:00 on a day with a daylight saving change too), and a resource's calendar: its
 * bookings by day with the free gaps between them.
 * @module
 */
import type { EventId, EventView, FestivalId, ResourceId, TreeModel } from '../../core/index.js';
import { dayKey, minuteOfDay } from './format.js';
import { assignLanes } from './lanes.js';
import { extent } from './grid-window.js';

/** Minutes in a wall-clock day (as drawn: a 23- or 25-hour day is drawn as 24 hours). */
export const DAY_MINUTES = 24 * 60;

/** The day `n` days after `day` (calendar arithmetic on the key, no time zone involved). */
export function addDays(day: string, n: number): string {
	const t = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000;
	return new Date(t).toISOString().slice(0, 10);
}

/** The seven days (Monday to Sunday) of the week holding `day`. */
export function weekOf(day: string): string[] {
	const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
	const monday = addDays(day, -weekday);
	return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** Every day from `first` to `last`, both included (at most `max` days). */
export function dayRange(first: string, last: string, max = 31): string[] {
	const out: string[] = [];
	for (let d = first; d <= last && out.length < max; d = addDays(d, 1)) out.push(d);
	return out;
}

/** A part of an event on one day: its minutes of that wall-clock day, and its lane. */
export interface DayBlock<E extends EventView = EventView> {
	readonly event: E;
	readonly from: number;
	readonly to: number;
	/** Whether the event began on an earlier day / goes on after this one. */
	readonly continued: boolean;
	readonly continues: boolean;
	readonly lane: number;
	readonly lanes: number;
}

/**
 * The events of each of `days`, in `tz`: an event is on every day it covers (one ending at
 * midnight is not on the next day), cut to that day's minutes; overlapping blocks of a day
 * get lanes side by side.
 */
export function dayBlocks<E extends EventView>(
	events: readonly E[],
	days: readonly string[],
	tz: string
): Map<string, DayBlock<E>[]> {
	const out = new Map<string, DayBlock<E>[]>(days.map((d) => [d, []]));
	const spans = new Map<string, { event: E; from: number; to: number; a: boolean; b: boolean }[]>(
		days.map((d) => [d, []])
	);
	for (const event of events) {
		const s = Date.parse(event.start);
		const e = Math.max(Date.parse(event.end), s + 1);
		const first = dayKey(s, tz);
		const last = dayKey(e - 1, tz);
		for (const d of days) {
			if (d < first || d > last) continue;
			const from = d === first ? minuteOfDay(s, tz) : 0;
			let to = d === last ? minuteOfDay(e, tz) || DAY_MINUTES : DAY_MINUTES;
			// In the hour the clocks go back, a wall-clock end may come before the start.
			if (first === last)
				to = Math.max(to, Math.min(from + Math.ceil((e - s) / 60_000), DAY_MINUTES));
			spans.get(d)!.push({ event, from, to, a: d !== first, b: d !== last });
		}
	}
	for (const [d, list] of spans) {
		const lanes = assignLanes(list.map((x) => ({ start: x.from, end: x.to })));
		out.set(
			d,
			list.map((x, i) => ({
				event: x.event,
				from: x.from,
				to: x.to,
				continued: x.a,
				continues: x.b,
				lane: lanes[i]!.lane,
				lanes: lanes[i]!.lanes
			}))
		);
	}
	return out;
}

/** Where the days of a grid sit: each day's first grid column and how many columns it has. */
export interface DayColumns {
	/** Grid column lines: the first of each day (the hours take column 1). */
	readonly start: ReadonlyMap<string, number>;
	/** Columns per day: as many as its most overlapping events (at least 1). */
	readonly width: ReadonlyMap<string, number>;
	/** The CSS `grid-template-columns` (each column at least `min` wide). */
	readonly template: string;
}

/**
 * Columns for days side by side: a day whose events overlap gets one column per lane, each
 * at least `min` wide (so overlapping events stay readable, and the grid scrolls sideways
 * instead of squeezing them); a day without overlaps one column.
 */
export function dayColumns(
	blocks: ReadonlyMap<string, readonly DayBlock[]>,
	days: readonly string[],
	min = '7rem'
): DayColumns {
	const start = new Map<string, number>();
	const width = new Map<string, number>();
	let col = 2;
	const parts = ['3.5rem'];
	for (const d of days) {
		const w = Math.max(1, extent((blocks.get(d) ?? []).map((b) => b.lanes))?.[1] ?? 1);
		start.set(d, col);
		width.set(d, w);
		col += w;
		parts.push(`repeat(${w}, minmax(${min}, 1fr))`);
	}
	return { start, width, template: parts.join(' ') };
}

/**
 * The grid columns `[from, to)` of a block in a day of `width` columns starting at `start`:
 * its lane's share of the day (a block among fewer lanes than the day's widest is wider).
 */
export function blockColumns(
	b: Pick<DayBlock, 'lane' | 'lanes'>,
	start: number,
	width: number
): readonly [number, number] {
	const from = Math.floor((b.lane * width) / b.lanes);
	const to = Math.floor(((b.lane + 1) * width) / b.lanes);
	return [start + from, start + Math.max(to, from + 1)];
}

/** A stretch of minutes of a day [from, to). */
export interface Gap {
	readonly from: number;
	readonly to: number;
}

/** The gaps of [from, to) that none of `busy` covers, in order. */
export function freeGaps(busy: readonly Gap[], from = 0, to = DAY_MINUTES): Gap[] {
	const sorted = [...busy].sort((a, b) => a.from - b.from);
	const out: Gap[] = [];
	let at = from;
	for (const b of sorted) {
		if (b.from > at) out.push({ from: at, to: Math.min(b.from, to) });
		at = Math.max(at, b.to);
		if (at >= to) break;
	}
	if (at < to) out.push({ from: at, to });
	return out.filter((g) => g.to > g.from);
}

/** "09:30" for a minute of the day (1440 is "24:00"). */
export function clock(minute: number): string {
	return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** One booking of a resource: an event's request for it (copies of one event count once). */
export interface Booking extends EventView {
	readonly festival: FestivalId;
	/** The request's status: accepted and conflict hold the resource, pending asks for it. */
	readonly request: 'pending' | 'accepted' | 'conflict';
}

/** A day of a resource's calendar: its bookings and the gaps no held booking covers. */
export interface ResourceDay {
	readonly day: string;
	readonly bookings: readonly DayBlock<Booking>[];
	readonly free: readonly Gap[];
}

/**
 * The requests for `resource` anywhere in the tree that are neither denied nor withdrawn, as
 * bookings (with the
 * request's frame, which may be narrower than its event's), one per event.
 */
export function resourceBookings(
	model: TreeModel,
	resource: ResourceId,
	eventView: (festival: FestivalId, event: EventId) => EventView | undefined
): Booking[] {
	const seen = new Set<string>();
	const out: Booking[] = [];
	for (const q of model.byResource.get(resource) ?? []) {
		if (q.status === 'denied' || q.status === 'withdrawn' || seen.has(q.event)) continue;
		const e = eventView(q.festival, q.event);
		if (!e) continue;
		seen.add(q.event);
		out.push({ ...e, ...q.frame, festival: q.festival, request: q.status });
	}
	return out.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || (a.id < b.id ? -1 : 1));
}

/**
 * A resource's calendar in `tz`: every day with a booking (or the given `days`), its
 * bookings as blocks, and its free gaps (pending requests do not hold the resource).
 */
export function resourceCalendar(
	bookings: readonly Booking[],
	tz: string,
	days?: readonly string[]
): ResourceDay[] {
	const keys =
		days ??
		[
			...new Set(
				bookings.flatMap((b) =>
					dayRange(dayKey(b.start, tz), dayKey(Math.max(Date.parse(b.end) - 1, 0), tz))
				)
			)
		].sort();
	const blocks = dayBlocks(bookings, keys, tz);
	return keys.map((day) => {
		const list = blocks.get(day) ?? [];
		const held = list.filter((b) => b.event.request !== 'pending');
		return { day, bookings: list, free: freeGaps(held) };
	});
}
