import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { wallTime } from '../festival/document/time.js';
import { offsetAt, transitions, vtimezone } from './vtimezone.js';

const HOUR = 3_600_000;

describe('VTIMEZONE from Intl', () => {
	it('finds the daylight-saving changes of Berlin to the second', () => {
		const t = transitions('Europe/Berlin', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
		expect(t).toEqual([
			{ at: Date.UTC(2026, 2, 29, 1), from: 3600, to: 7200 },
			{ at: Date.UTC(2026, 9, 25, 1), from: 7200, to: 3600 }
		]);
		expect(transitions('Asia/Tokyo', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1))).toEqual([]);
		expect(offsetAt(Date.UTC(2026, 6, 1), 'Asia/Kolkata')).toBe(19800);
		expect(wallTime(Date.UTC(2026, 6, 1, 10), 'America/New_York')).toEqual({
			year: 2026,
			month: 7,
			day: 1,
			hour: 6,
			minute: 0,
			second: 0
		});
	});

	// Every hour of two years, read as a wall time in the zone through the VTIMEZONE by
	// ical.js, must land on the instant Intl says (times in the skipped hour excepted).
	for (const tz of [
		'Europe/Berlin',
		'America/New_York',
		'Australia/Lord_Howe',
		'America/Santiago',
		'Asia/Kolkata',
		'Pacific/Chatham'
	]) {
		it(`resolves wall times in ${tz} as Intl does`, () => {
			const from = Date.UTC(2026, 0, 1);
			const to = Date.UTC(2027, 11, 31);
			const comp = vtimezone(tz, from, to);
			// Through text, as a calendar program would read it.
			const parsed = new ICAL.Component(
				ICAL.parse(new ICAL.Component(['vcalendar', [], [comp.toJSON()]]).toString())
			);
			const zone = new ICAL.Timezone(parsed.getFirstSubcomponent('vtimezone')!);
			expect(zone.tzid).toBe(tz);
			let checked = 0;
			for (let ms = from; ms < to; ms += HOUR) {
				const w = wallTime(ms, tz);
				const time = new ICAL.Time(
					{
						year: w.year,
						month: w.month,
						day: w.day,
						hour: w.hour,
						minute: w.minute,
						second: w.second,
						isDate: false
					},
					zone
				);
				// An ambiguous wall time (the repeated hour) may resolve to either instant.
				const back = time.toUnixTime() * 1000;
				if (back !== ms) expect(wallTime(back, tz)).toEqual(w);
				else checked++;
			}
			expect(checked).toBeGreaterThan(17_000);
		});
	}
});
