/**
 * A VTIMEZONE for an IANA zone, made from the platform's own time zone data (`Intl`).
 *
 * ical.js reads VTIMEZONEs but cannot make one from an IANA name, and shipping a copy of the
 * tz database would go stale. So the zone's UTC offset is sampled through
 * `Intl.DateTimeFormat` over the span of time an export covers (whole years, one more on
 * each side), every change of offset is found to the second by bisection, and each becomes
 * one dated observance (no RRULE): a STANDARD or DAYLIGHT sub-component whose DTSTART is the
 * local wall time of the change (in the offset before it), with TZOFFSETFROM and TZOFFSETTO.
 * An observance at the start of the span gives the offset in force before the first change,
 * so every time inside the span resolves. A change to a larger offset is DAYLIGHT, to a
 * smaller one STANDARD (a zone that moved its standard offset for good is then labelled
 * DAYLIGHT once; calendar programs use the offsets, which are right either way).
 * @module
 */
import ICAL from 'ical.js';
import { zoneOffsetMs, type WallTime } from '../festival/document/time.js';

/** The UTC offset of `tz` at instant `ms`, in seconds (positive east of Greenwich). */
export function offsetAt(ms: number, tz: string): number {
	return zoneOffsetMs(ms, tz) / 1000;
}

/** A change of a zone's UTC offset. */
export interface Transition {
	/** The first instant (ms) with the new offset. */
	readonly at: number;
	/** Offsets before and after, in seconds. */
	readonly from: number;
	readonly to: number;
}

const DAY = 86_400_000;

/**
 * Every change of `tz`'s offset in [fromMs, toMs). Sampled daily (zones do not change twice
 * within a day), each change then found to the second.
 */
export function transitions(tz: string, fromMs: number, toMs: number): Transition[] {
	const out: Transition[] = [];
	let t = fromMs;
	let off = offsetAt(t, tz);
	while (t < toMs) {
		const next = Math.min(t + DAY, toMs);
		const o = offsetAt(next, tz);
		if (o !== off) {
			let lo = t; // offset `off`
			let hi = next; // a different offset
			while (hi - lo > 1000) {
				const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
				if (offsetAt(mid, tz) === off) lo = mid;
				else hi = mid;
			}
			const to = offsetAt(hi, tz);
			out.push({ at: hi, from: off, to });
			off = to;
			t = hi;
			continue;
		}
		t = next;
	}
	return out;
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** A wall time as an iCalendar local DATE-TIME value in jCal form (`2026-07-01T12:00:00`). */
export function jcalLocal(w: WallTime): string {
	return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** A UTC offset in seconds as a jCal utc-offset (`+02:00`, `-04:56:02`). */
function jcalOffset(seconds: number): string {
	const sign = seconds < 0 ? '-' : '+';
	const s = Math.abs(seconds);
	const hms = `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}`;
	return s % 60 ? `${sign}${hms}:${pad(s % 60)}` : `${sign}${hms}`;
}

function observance(
	kind: 'standard' | 'daylight',
	onsetMs: number,
	from: number,
	to: number
): ICAL.Component {
	// DTSTART of an observance is the local time of the onset in the offset before it.
	const local = new Date(onsetMs + from * 1000);
	const w: WallTime = {
		year: local.getUTCFullYear(),
		month: local.getUTCMonth() + 1,
		day: local.getUTCDate(),
		hour: local.getUTCHours(),
		minute: local.getUTCMinutes(),
		second: local.getUTCSeconds()
	};
	return new ICAL.Component([
		kind,
		[
			['dtstart', {}, 'date-time', jcalLocal(w)],
			['tzoffsetfrom', {}, 'utc-offset', jcalOffset(from)],
			['tzoffsetto', {}, 'utc-offset', jcalOffset(to)]
		],
		[]
	]);
}

/**
 * The VTIMEZONE of `tz` covering the instants [fromMs, toMs], widened to whole years with a
 * year to spare on each side (so a calendar program can show neighbouring dates correctly).
 */
export function vtimezone(tz: string, fromMs: number, toMs: number): ICAL.Component {
	const start = Date.UTC(new Date(fromMs).getUTCFullYear() - 1, 0, 1);
	const end = Date.UTC(new Date(toMs).getUTCFullYear() + 2, 0, 1);
	const changes = transitions(tz, start, end);
	const first = offsetAt(start, tz);
	const lowest = Math.min(first, ...changes.map((c) => c.to));
	const comp = new ICAL.Component(['vtimezone', [['tzid', {}, 'text', tz]], []]);
	comp.addSubcomponent(observance(first > lowest ? 'daylight' : 'standard', start, first, first));
	for (const c of changes)
		comp.addSubcomponent(observance(c.to > c.from ? 'daylight' : 'standard', c.at, c.from, c.to));
	return comp;
}
