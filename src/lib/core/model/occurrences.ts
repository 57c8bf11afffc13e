/**
 * The occurrences of a repeating event: a pure function of its first occurrence's frame, the
 * festival's time zone and the rule. Occurrences keep the first's wall-clock times in the
 * festival's zone, so a 10:00 event stays at 10:00 across a daylight-saving change (its UTC
 * instant moves); an event running past midnight ends as many days after its start as the first.
 * @module
 */
import { wallTime, zoneOffsetMs, YEAR_RANGE } from '../festival/document/time.js';
import { checkEvent, type EventData, type EventInput } from './event.js';
import type { Checked, InputProblem } from './problems.js';
import {
	checkRepeat,
	MAX_OCCURRENCES,
	WEEKDAYS,
	type RepeatData,
	type RepeatInput
} from './series.js';
import { isTimeZone, type TimeFrame } from './time.js';

/** One occurrence of a series: its place in the rule (skipped dates count) and its frame. */
export interface Occurrence extends TimeFrame {
	/** 0 for the rule's first date; a skipped date keeps its index, unused. */
	readonly index: number;
	/** Its start's date in the festival's zone (`YYYY-MM-DD`). */
	readonly date: string;
}

const DAY = 86_400_000;

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date. */
function dayOf(date: string): number {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	return Date.UTC(y, m - 1, d) / DAY;
}

function dateOf(day: number): string {
	return new Date(day * DAY).toISOString().slice(0, 10);
}

/** The instant of wall-clock time `ms` (ms since epoch as if the zone were UTC) in `tz`. */
function zoned(wallMs: number, tz: string): number {
	// Two passes find the offset in force at the instant itself (as parseTime does).
	const guess = wallMs - zoneOffsetMs(wallMs, tz);
	return wallMs - zoneOffsetMs(guess, tz);
}

function iso(ms: number): string {
	return new Date(ms).toISOString().replace('.000Z', 'Z');
}

const problem = (field: string, code: InputProblem['code'], limit?: number) => ({
	ok: false as const,
	problems: [{ field, code, ...(limit !== undefined ? { limit } : {}) }]
});

/**
 * The occurrences of `rule` for an event whose first occurrence is `first`, in zone `tz`, in
 * order: at most {@link MAX_OCCURRENCES} (more is `too-many` on `until` or `count`); none left
 * after the skipped dates is `no-occurrence`; a date past the year 9999 is `invalid-time`.
 * Problems name the rule's fields (`until`, `count`, `` for the rule as a whole).
 */
export function expandSeries(
	first: TimeFrame,
	tz: string,
	rule: RepeatData
): Checked<Occurrence[]> {
	if (!isTimeZone(tz)) return problem('', 'unknown-time-zone');
	const s = Date.parse(first.start);
	const e = Date.parse(first.end);
	if (!(s < e)) return problem('', 'end-before-start');
	const ws = wallTime(s, tz);
	const we = wallTime(e, tz);
	const day0 = Date.UTC(ws.year, ws.month - 1, ws.day) / DAY;
	const endDays = Date.UTC(we.year, we.month - 1, we.day) / DAY - day0;
	const ms = (t: number) => t - Math.floor(t / 1000) * 1000;
	const startClock = ((ws.hour * 60 + ws.minute) * 60 + ws.second) * 1000 + ms(s);
	const endClock = ((we.hour * 60 + we.minute) * 60 + we.second) * 1000 + ms(e);
	const weekday = (day: number) => new Date(day * DAY).getUTCDay();
	const on =
		rule.freq === 'weekly'
			? new Set(rule.days?.length ? rule.days.map((d) => WEEKDAYS.indexOf(d)) : [weekday(day0)])
			: undefined;
	const until = rule.until !== undefined ? dayOf(rule.until) : undefined;
	const skip = new Set(rule.except ?? []);
	const lastDay = Date.UTC(YEAR_RANGE.max, 11, 31) / DAY;
	const out: Occurrence[] = [];
	let index = 0;
	// Bounded: every week has a day `on`, so the index grows at least once in 7 days, and the
	// loop ends at the `count`, the `until` or MAX_OCCURRENCES, whichever comes first.
	for (let day = day0; ; day++) {
		if (until !== undefined && day > until) break;
		if (rule.count !== undefined && index >= rule.count) break;
		if (on && !on.has(weekday(day))) continue;
		if (index >= MAX_OCCURRENCES)
			return problem(rule.count !== undefined ? 'count' : 'until', 'too-many', MAX_OCCURRENCES);
		if (day + endDays > lastDay) return problem('', 'invalid-time');
		const date = dateOf(day);
		if (!skip.has(date)) {
			const start = zoned(day * DAY + startClock, tz);
			let end = zoned((day + endDays) * DAY + endClock, tz);
			if (end <= start) end = start + (e - s);
			out.push({ index, date, start: iso(start), end: iso(end) });
		}
		index++;
	}
	if (out.length === 0) return problem('', 'no-occurrence');
	return { ok: true, value: out };
}

const prefixed = (ps: readonly InputProblem[], prefix: string) =>
	ps.map((p) => ({ ...p, field: p.field ? `${prefix}.${p.field}` : prefix }));

/**
 * Checks an event and how it repeats: the occurrences to write, or every problem (the
 * event's fields, then the rule's as `repeat.<field>`, `repeat` for the rule as a whole).
 */
export function checkSeries(
	input: EventInput,
	repeat: RepeatInput,
	tz: string
): Checked<{ event: EventData; occurrences: Occurrence[] }> {
	const event = checkEvent(input);
	const rule = checkRepeat(repeat);
	const problems = [
		...(event.ok ? [] : event.problems),
		...(rule.ok ? [] : prefixed(rule.problems, 'repeat'))
	];
	if (!event.ok || !rule.ok) return { ok: false, problems };
	const occurrences = expandSeries(event.value, tz, rule.value);
	if (!occurrences.ok) return { ok: false, problems: prefixed(occurrences.problems, 'repeat') };
	return { ok: true, value: { event: event.value, occurrences: occurrences.value } };
}
