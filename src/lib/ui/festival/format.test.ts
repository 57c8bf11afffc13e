import { describe, expect, it } from 'vitest';
import { wallTime } from '../../core/index.js';
import { dayKey, formatClock, formatFrame, minuteOfDay } from './format.js';

const two = (n: number) => String(n).padStart(2, '0');

describe('wall-clock fields from cached hourly offsets', () => {
	const zones = ['UTC', 'Europe/Berlin', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kolkata'];
	it("agree with Intl's for instants around daylight-saving changes", () => {
		// Every 7 minutes 13 seconds over the weeks of the 2026 changes, in zones with odd offsets.
		const spans = [Date.UTC(2026, 2, 7), Date.UTC(2026, 9, 24), Date.UTC(2026, 3, 1)];
		for (const tz of zones)
			for (const from of spans)
				for (let ms = from; ms < from + 14 * 86_400_000; ms += 433_000) {
					const w = wallTime(ms, tz);
					expect(dayKey(ms, tz)).toBe(`${w.year}-${two(w.month)}-${two(w.day)}`);
					expect(minuteOfDay(ms, tz)).toBe(w.hour * 60 + w.minute);
					expect(formatClock(new Date(ms).toISOString(), tz)).toBe(
						`${two(w.hour)}:${two(w.minute)}`
					);
				}
	});
	it('reads ISO instants and old dates too', () => {
		expect(dayKey('1901-01-01T00:30:00Z', 'Europe/Amsterdam')).toBe('1901-01-01');
		expect(formatClock('2026-03-29T01:00:00Z', 'Europe/Berlin')).toBe('03:00');
		expect(formatClock('2026-03-29T00:59:00Z', 'Europe/Berlin')).toBe('01:59');
		expect(formatFrame('2026-07-01T08:00:00Z', '2026-07-02T09:30:00Z', 'Europe/Berlin')).toBe(
			'1 Jul 2026, 10:00–2 Jul 2026, 11:30'
		);
	});
});
