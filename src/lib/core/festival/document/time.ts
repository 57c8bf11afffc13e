/**
 * Reading times people type. A festival stores UTC instants plus its IANA time zone; a time
 * given without an offset (`2026-07-01T10:00`) is a wall-clock time in the festival's zone,
 * one with `Z` or `+02:00` is taken as it is. Only ISO 8601 forms are accepted, so a typo is an
 * error, not a surprising date.
 * @module
 */
import { err, ok, type Result } from '../../result.js';
import { isTimeZone, type TimeFrame } from './schema.js';

/**
 * The years a typed time may fall in. A date field typed straight through can run its year
 * into six digits ("202610"); such a time is refused with a reason, not stored.
 */
export const YEAR_RANGE = { min: 1900, max: 9999 } as const;

const ISO_LOCAL =
	/^([+-]?\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** One formatter per time zone: making an Intl.DateTimeFormat costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
	let f = formatters.get(tz);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: tz,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			era: 'short'
		});
		formatters.set(tz, f);
	}
	return f;
}

/** Wall-clock fields of an instant in a zone. */
export interface WallTime {
	readonly year: number;
	readonly month: number;
	readonly day: number;
	readonly hour: number;
	readonly minute: number;
	readonly second: number;
}

/** The wall-clock time of instant `ms` (whole seconds) in zone `tz` (years before 1 CE as 0, -1, ...). */
export function wallTime(ms: number, tz: string): WallTime {
	const parts = formatter(tz).formatToParts(new Date(Math.floor(ms / 1000) * 1000));
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
	const bc = parts.find((p) => p.type === 'era')?.value === 'BC';
	return {
		year: bc ? 1 - get('year') : get('year'),
		month: get('month'),
		day: get('day'),
		hour: get('hour'),
		minute: get('minute'),
		second: get('second')
	};
}

/** The offset of `tz` from UTC at instant `ms`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(ms: number, tz: string): number {
	const w = wallTime(ms, tz);
	const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
	return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The UTC instant (ISO, `Z`, no `.000`) of an instant in ms. */
function iso(ms: number): string {
	return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * Parses an ISO 8601 date-time into a UTC instant. Without an offset it is wall-clock time in
 * `tz` (a time skipped by a daylight-saving jump moves forward by the jump). A date alone is
 * its midnight.
 */
export function parseTime(input: string, tz = 'UTC'): Result<string, 'time'> {
	const m = ISO_LOCAL.exec(input.trim());
	if (!m)
		return err(
			'time',
			`"${input}" is not an ISO 8601 date-time (like 2026-07-01T10:00 or 2026-07-01T10:00:00Z)`
		);
	const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
	if (!(Number(y) >= YEAR_RANGE.min && Number(y) <= YEAR_RANGE.max))
		return err(
			'time',
			`the year ${Number(y)} is not between ${YEAR_RANGE.min} and ${YEAR_RANGE.max}`
		);
	const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
	const ms = Number((frac + '000').slice(0, 3));
	const wall = Date.UTC(...fields, ms);
	const back = new Date(wall);
	if (
		back.getUTCFullYear() !== fields[0] ||
		back.getUTCMonth() !== fields[1] ||
		back.getUTCDate() !== fields[2] ||
		back.getUTCHours() !== fields[3] ||
		back.getUTCMinutes() !== fields[4] ||
		back.getUTCSeconds() !== fields[5]
	) {
		return err('time', `"${input}" is not a real date and time`);
	}
	if (zone) {
		if (zone === 'Z') return ok(iso(wall));
		const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
		const off = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
		if (Number(z[2]) > 23 || Number(z[3]) > 59)
			return err('time', `"${zone}" is not a valid UTC offset`);
		return ok(iso(wall - off));
	}
	if (!isTimeZone(tz)) return err('time', `unknown time zone "${tz}"`);
	// Two passes find the offset in force at the instant itself (it may differ across a DST change).
	let guess = wall - zoneOffsetMs(wall, tz);
	guess = wall - zoneOffsetMs(guess, tz);
	return ok(iso(guess));
}

/** Parses a start and an end (see {@link parseTime}); the start must come before the end. */
export function parseFrame(start: string, end: string, tz = 'UTC'): Result<TimeFrame, 'time'> {
	const s = parseTime(start, tz);
	if (!s.ok) return s;
	const e = parseTime(end, tz);
	if (!e.ok) return e;
	if (Date.parse(s.value) >= Date.parse(e.value))
		return err('time', `the end (${end}) must come after the start (${start})`);
	return ok({ start: s.value, end: e.value });
}
