/**
 * Instants and time frames as the festival document holds them: ISO 8601 UTC strings.
 * @module
 */

/** A half-open time frame [start, end) of UTC instants (ISO 8601 strings ending in Z). */
export interface TimeFrame {
	readonly start: string;
	readonly end: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z$/;

/** Whether `s` is an ISO 8601 UTC instant the document accepts. */
export function isInstant(s: unknown): s is string {
	return typeof s === 'string' && ISO.test(s) && !Number.isNaN(Date.parse(s));
}

/** Normalises a user-given date-time (any ISO form with offset, or epoch ms) to a UTC instant. */
export function toInstant(input: string | number | Date): string | undefined {
	const d = input instanceof Date ? input : new Date(input);
	if (Number.isNaN(d.getTime())) return undefined;
	return d.toISOString().replace('.000Z', 'Z');
}

/** Whether a frame is well formed: both instants, start before end. */
export function isFrame(f: unknown): f is TimeFrame {
	if (typeof f !== 'object' || f === null) return false;
	const { start, end } = f as Record<string, unknown>;
	return isInstant(start) && isInstant(end) && Date.parse(start) < Date.parse(end);
}

/** Whether two half-open frames overlap. */
export function overlaps(a: TimeFrame, b: TimeFrame): boolean {
	return Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);
}

/** Whether `inner` lies within `outer`. */
export function within(inner: TimeFrame, outer: TimeFrame): boolean {
	return (
		Date.parse(outer.start) <= Date.parse(inner.start) &&
		Date.parse(inner.end) <= Date.parse(outer.end)
	);
}

/** Whether a string is a valid IANA time zone name for this platform. */
export function isTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: tz });
		return true;
	} catch {
		return false;
	}
}
