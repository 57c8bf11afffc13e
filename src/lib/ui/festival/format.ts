/**
 * Showing festival times: instants (UTC) shown and edited as wall-clock times in the
 * festival's time zone, days for grouping, time zone choices, short ids.
 * @module
 */
import { parseTime, wallTime, type WallTime, YEAR_RANGE, zoneOffsetMs } from '../../core/index.js';

const two = (n: number) => String(n).padStart(2, '0');

const HOUR = 3_600_000;

/**
 * The offset of `tz` from UTC (ms) over each UTC hour, by zone: a zone's offset changes a few
 * times a year, so a schedule of 100,000 events asks `Intl` about a few hundred hours, not
 * 200,000 instants. An hour is cached only when its first and last second have one offset.
 */
const hourOffsets = new Map<string, Map<number, number | null>>();

/** The offset of `tz` at `ms` if it is the same over the whole UTC hour holding `ms`. */
function hourOffset(ms: number, tz: string): number | undefined {
	let zone = hourOffsets.get(tz);
	if (!zone) hourOffsets.set(tz, (zone = new Map()));
	const hour = Math.floor(ms / HOUR);
	let off = zone.get(hour);
	if (off === undefined) {
		const a = zoneOffsetMs(hour * HOUR, tz);
		off = a === zoneOffsetMs(hour * HOUR + HOUR - 1000, tz) ? a : null;
		if (zone.size > 100_000) zone.clear();
		zone.set(hour, off);
	}
	return off ?? undefined;
}

/** The wall-clock time of an instant in `tz`, from the hour's cached offset where there is one. */
function wall(ms: number, tz: string): WallTime {
	const off = Number.isFinite(ms) ? hourOffset(ms, tz) : undefined;
	if (off === undefined) return wallTime(ms, tz);
	const d = new Date(Math.floor(ms / 1000) * 1000 + off);
	const y = d.getUTCFullYear();
	// Intl counts no year 0 in its eras; core's wallTime gives years before 1 CE as 0, -1, …
	if (y < 1) return wallTime(ms, tz);
	return {
		year: y,
		month: d.getUTCMonth() + 1,
		day: d.getUTCDate(),
		hour: d.getUTCHours(),
		minute: d.getUTCMinutes(),
		second: d.getUTCSeconds()
	};
}

/** Wall-clock fields of an instant in `tz`, as zero-padded text. */
function parts(
	instant: string | number,
	tz: string
): { year: string; month: string; day: string; hour: string; minute: string } {
	const w = wall(typeof instant === 'number' ? instant : Date.parse(instant), tz);
	return {
		year: String(w.year).padStart(4, '0'),
		month: two(w.month),
		day: two(w.day),
		hour: two(w.hour),
		minute: two(w.minute)
	};
}

/** The value of a `datetime-local` input for an instant in `tz` (like `2026-07-01T10:00`). */
export function toLocalInput(instant: string, tz: string): string {
	const p = parts(instant, tz);
	return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The earliest and latest values a `datetime-local` input takes (core's year range). */
export const LOCAL_INPUT_MIN = `${YEAR_RANGE.min}-01-01T00:00`;
export const LOCAL_INPUT_MAX = `${YEAR_RANGE.max}-12-31T23:59`;

/** Why a typed `datetime-local` value does not read as a time (undefined if empty or fine). */
export function localInputProblem(value: string, tz: string): string | undefined {
	if (!value) return undefined;
	const r = parseTime(value, tz);
	return r.ok ? undefined : r.error.reason;
}

/** Reads a `datetime-local` value as wall-clock time in `tz`; undefined if empty or invalid. */
export function fromLocalInput(value: string, tz: string): string | undefined {
	if (!value) return undefined;
	const r = parseTime(value, tz);
	return r.ok ? r.value : undefined;
}

/** The day of an instant in `tz`, as `YYYY-MM-DD` (for grouping and sorting). */
export function dayKey(instant: string | number, tz: string): string {
	const p = parts(instant, tz);
	return `${p.year}-${p.month}-${p.day}`;
}

/** Minutes since midnight of an instant in `tz`. */
export function minuteOfDay(instant: string | number, tz: string): number {
	const p = parts(instant, tz);
	return Number(p.hour) * 60 + Number(p.minute);
}

/** A day key for people: "Wednesday, 1 July 2026". */
export function formatDay(day: string): string {
	return DAY_FORMAT.format(new Date(`${day}T12:00:00Z`));
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'full' });

/** One date formatter per zone (making one costs far more than using it). */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(tz: string): Intl.DateTimeFormat {
	let f = dateFormats.get(tz);
	if (!f) {
		f = new Intl.DateTimeFormat('en-GB', {
			timeZone: tz,
			day: 'numeric',
			month: 'short',
			year: 'numeric'
		});
		dateFormats.set(tz, f);
	}
	return f;
}

/** A time of day in `tz`: "10:00". */
export function formatClock(instant: string, tz: string): string {
	const p = parts(instant, tz);
	return `${p.hour}:${p.minute}`;
}

/** A frame for people, in `tz`: "1 Jul 2026, 10:00–12:00" (the end's date when it differs). */
export function formatFrame(start: string, end: string, tz: string): string {
	const date = dateFormat(tz);
	const s = `${date.format(new Date(start))}, ${formatClock(start, tz)}`;
	const sameDay = dayKey(start, tz) === dayKey(end, tz);
	return `${s}–${sameDay ? '' : `${date.format(new Date(end))}, `}${formatClock(end, tz)}`;
}

/** The browser's time zone (IANA name), UTC if unknown. */
export function browserZone(): string {
	try {
		return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
	} catch {
		return 'UTC';
	}
}

/** Time zones to choose from: the platform's list, with UTC and `current` always in it. */
export function timeZones(current: string): string[] {
	let zones: string[];
	try {
		zones = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf(
			'timeZone'
		);
	} catch {
		zones = [];
	}
	const set = new Set(zones);
	set.add('UTC');
	if (current) set.add(current);
	return [...set].sort();
}

/** The first characters of an id or key, for people ("a1b2c3d4…"). */
export function short(id: string, n = 8): string {
	return id.length > n ? `${id.slice(0, n)}…` : id;
}
