import { describe, expect, it } from 'vitest';
import { parseFrame, parseTime, zoneOffsetMs } from './time.js';

const value = (r: ReturnType<typeof parseTime>) => (r.ok ? r.value : `error: ${r.error.reason}`);

describe('parseTime', () => {
	it('takes instants with Z or an offset as they are', () => {
		expect(value(parseTime('2026-07-01T10:00:00Z', 'Europe/Berlin'))).toBe('2026-07-01T10:00:00Z');
		expect(value(parseTime('2026-07-01T10:00+02:00'))).toBe('2026-07-01T08:00:00Z');
		expect(value(parseTime('2026-07-01T10:00:00.250-0130'))).toBe('2026-07-01T11:30:00.250Z');
	});

	it('reads times without an offset in the festival’s zone, across daylight saving', () => {
		expect(value(parseTime('2026-07-01T10:00', 'Europe/Berlin'))).toBe('2026-07-01T08:00:00Z');
		expect(value(parseTime('2026-01-15T10:00', 'Europe/Berlin'))).toBe('2026-01-15T09:00:00Z');
		expect(value(parseTime('2026-07-01', 'America/New_York'))).toBe('2026-07-01T04:00:00Z');
		expect(value(parseTime('2026-07-01T10:00'))).toBe('2026-07-01T10:00:00Z');
		// 02:30 on 29 March 2026 does not exist in Berlin: it moves forward by the jump.
		expect(value(parseTime('2026-03-29T02:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00Z');
		expect(zoneOffsetMs(Date.parse('2026-07-01T00:00:00Z'), 'Asia/Kolkata')).toBe(330 * 60_000);
	});

	it('refuses what is not an ISO date-time, not a real date, or in an unknown zone', () => {
		expect(value(parseTime('tomorrow'))).toMatch(/not an ISO 8601 date-time/);
		expect(value(parseTime('2026-02-30T10:00Z'))).toMatch(/not a real date/);
		expect(value(parseTime('2026-07-01T25:00Z'))).toMatch(/not a real date/);
		expect(value(parseTime('2026-07-01T10:00+24:00'))).toMatch(/not a valid UTC offset/);
		expect(value(parseTime('2026-07-01T10:00', 'Mars/Olympus'))).toMatch(/unknown time zone/);
	});
});

describe('parseTime: the year range', () => {
	it('refuses a year typed straight through into six digits, and years out of range', () => {
		expect(value(parseTime('202610-07-01T10:00', 'Europe/Berlin'))).toBe(
			'error: the year 202610 is not between 1900 and 9999'
		);
		expect(value(parseTime('+202610-07-01T10:00'))).toMatch(/year 202610 is not between/);
		expect(value(parseTime('0026-07-01T10:00'))).toBe(
			'error: the year 26 is not between 1900 and 9999'
		);
		expect(value(parseTime('1899-12-31T23:59Z'))).toMatch(/year 1899/);
	});

	it('takes the first and the last years of the range', () => {
		expect(value(parseTime('1900-01-01T00:00Z'))).toBe('1900-01-01T00:00:00Z');
		expect(value(parseTime('9999-12-31T23:59'))).toBe('9999-12-31T23:59:00Z');
	});
});

describe('parseFrame', () => {
	it('needs the start before the end', () => {
		expect(parseFrame('2026-07-01T10:00Z', '2026-07-01T11:00Z')).toEqual({
			ok: true,
			value: { start: '2026-07-01T10:00:00Z', end: '2026-07-01T11:00:00Z' }
		});
		const r = parseFrame('2026-07-01T11:00Z', '2026-07-01T10:00Z');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.reason).toMatch(/end .* must come after the start/);
		expect(parseFrame('2026-07-01T10:00Z', '2026-07-01T10:00Z').ok).toBe(false);
		expect(parseFrame('x', '2026-07-01T10:00Z').ok).toBe(false);
	});
});
