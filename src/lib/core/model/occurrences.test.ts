import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandSeries } from './occurrences.js';
import { checkRepeat, MAX_OCCURRENCES, readSeriesRef, type RepeatInput } from './series.js';

const rule = (input: RepeatInput) => {
	const r = checkRepeat(input);
	if (!r.ok) throw new Error(JSON.stringify(r.problems));
	return r.value;
};
const problems = (r: { ok: boolean; problems?: unknown }) => (r.ok ? [] : r.problems);
/** 10:00–11:30 in Berlin on Friday 2026-03-27 (CET, UTC+1); summer time starts on the 29th. */
const friday = { start: '2026-03-27T09:00:00Z', end: '2026-03-27T10:30:00Z' };
const BERLIN = 'Europe/Berlin';

describe('expandSeries', () => {
	it('daily across a daylight-saving change keeps the wall-clock time', () => {
		const r = expandSeries(friday, BERLIN, rule({ freq: 'daily', count: 4 }));
		expect(r.ok && r.value).toEqual([
			{ index: 0, date: '2026-03-27', start: '2026-03-27T09:00:00Z', end: '2026-03-27T10:30:00Z' },
			{ index: 1, date: '2026-03-28', start: '2026-03-28T09:00:00Z', end: '2026-03-28T10:30:00Z' },
			// Summer time: 10:00 in Berlin is 08:00 UTC.
			{ index: 2, date: '2026-03-29', start: '2026-03-29T08:00:00Z', end: '2026-03-29T09:30:00Z' },
			{ index: 3, date: '2026-03-30', start: '2026-03-30T08:00:00Z', end: '2026-03-30T09:30:00Z' }
		]);
	});

	it('and back in autumn; an event past midnight ends on the next day', () => {
		const late = { start: '2026-10-23T20:00:00Z', end: '2026-10-23T23:00:00Z' }; // 22:00–01:00 CEST
		const r = expandSeries(late, BERLIN, rule({ freq: 'weekly', count: 2 }));
		expect(r.ok && r.value.map((o) => [o.start, o.end])).toEqual([
			['2026-10-23T20:00:00Z', '2026-10-23T23:00:00Z'],
			// CET: 22:00 is 21:00 UTC, 01:00 the next day is 00:00 UTC.
			['2026-10-30T21:00:00Z', '2026-10-31T00:00:00Z']
		]);
	});

	it('weekly on several days, until a date (included), skipping exceptions', () => {
		const r = expandSeries(
			friday,
			BERLIN,
			rule({ freq: 'weekly', days: ['mon', 'fri'], until: '2026-04-10', except: ['2026-04-03'] })
		);
		expect(r.ok && r.value.map((o) => [o.index, o.date])).toEqual([
			[0, '2026-03-27'],
			[1, '2026-03-30'],
			// 2026-04-03 (index 2) is skipped; its index stays unused.
			[3, '2026-04-06'],
			[4, '2026-04-10']
		]);
	});

	it('weekly without days repeats on the first occurrence weekday; days before it are not taken', () => {
		const r = expandSeries(friday, BERLIN, rule({ freq: 'weekly', count: 3 }));
		expect(r.ok && r.value.map((o) => o.date)).toEqual(['2026-03-27', '2026-04-03', '2026-04-10']);
		const wed = expandSeries(friday, BERLIN, rule({ freq: 'weekly', days: ['wed'], count: 1 }));
		expect(wed.ok && wed.value.map((o) => o.date)).toEqual(['2026-04-01']);
	});

	it('exceptions count towards count, as iCalendar EXDATE does', () => {
		const r = expandSeries(
			friday,
			BERLIN,
			rule({ freq: 'daily', count: 3, except: ['2026-03-28'] })
		);
		expect(r.ok && r.value.map((o) => o.date)).toEqual(['2026-03-27', '2026-03-29']);
	});

	it('limits: at most 366 occurrences; none left is a problem; past 9999 is refused', () => {
		const year = expandSeries(friday, BERLIN, rule({ freq: 'daily', until: '2027-03-27' }));
		expect(year.ok && year.value).toHaveLength(MAX_OCCURRENCES);
		expect(
			problems(expandSeries(friday, BERLIN, rule({ freq: 'daily', until: '2027-03-28' })))
		).toEqual([{ field: 'until', code: 'too-many', limit: MAX_OCCURRENCES }]);
		expect(
			problems(expandSeries(friday, BERLIN, rule({ freq: 'daily', until: '9999-12-31' })))
		).toEqual([{ field: 'until', code: 'too-many', limit: MAX_OCCURRENCES }]);
		expect(
			problems(expandSeries(friday, BERLIN, rule({ freq: 'daily', until: '2026-03-26' })))
		).toEqual([{ field: '', code: 'no-occurrence' }]);
		expect(
			problems(
				expandSeries(friday, BERLIN, rule({ freq: 'daily', count: 1, except: ['2026-03-27'] }))
			)
		).toEqual([{ field: '', code: 'no-occurrence' }]);
		const end = { start: '9999-12-30T10:00:00Z', end: '9999-12-30T11:00:00Z' };
		expect(problems(expandSeries(end, 'UTC', rule({ freq: 'daily', count: 5 })))).toEqual([
			{ field: '', code: 'invalid-time' }
		]);
	});

	it('any rule gives at most 366 occurrences, in order, each as long as the first in UTC', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 3000 }),
				fc.constantFrom('daily', 'weekly'),
				fc.subarray(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const),
				fc.oneof(fc.integer({ min: 1, max: 366 }), fc.integer({ min: 0, max: 5000 })),
				fc.boolean(),
				(offsetDays, freq, days, n, byCount) => {
					const s = Date.UTC(2026, 0, 1, 9) + offsetDays * 86_400_000;
					const first = {
						start: new Date(s).toISOString(),
						end: new Date(s + 3_600_000).toISOString()
					};
					const until = new Date(s + n * 86_400_000).toISOString().slice(0, 10);
					const input: RepeatInput = {
						freq,
						...(byCount ? { count: Math.max(1, Math.min(n, 366)) } : { until }),
						...(freq === 'weekly' && days.length ? { days } : {})
					};
					const r = expandSeries(first, 'UTC', rule(input));
					if (!r.ok) return ['too-many', 'no-occurrence'].includes(r.problems[0]?.code ?? '');
					const starts = r.value.map((o) => Date.parse(o.start));
					return (
						r.value.length <= MAX_OCCURRENCES &&
						starts.every((t, i) => i === 0 || t > starts[i - 1]!) &&
						r.value.every((o) => Date.parse(o.end) - Date.parse(o.start) === 3_600_000)
					);
				}
			)
		);
	});
});

describe('checkRepeat', () => {
	it('needs exactly one end, real dates, a count within 1–366 and weekdays by name', () => {
		expect(problems(checkRepeat({ freq: 'daily' }))).toEqual([
			{ field: 'until', code: 'required' }
		]);
		expect(problems(checkRepeat({ freq: 'daily', until: '2026-04-01', count: 3 }))).toEqual([
			{ field: 'until', code: 'required' }
		]);
		expect(problems(checkRepeat({ freq: 'daily', count: '1000000' }))).toEqual([
			{ field: 'count', code: 'too-many', limit: MAX_OCCURRENCES }
		]);
		expect(problems(checkRepeat({ freq: 'daily', count: '0' }))).toEqual([
			{ field: 'count', code: 'too-small', limit: 1 }
		]);
		expect(problems(checkRepeat({ freq: 'daily', count: '1e400' }))).toEqual([
			{ field: 'count', code: 'not-whole' }
		]);
		expect(problems(checkRepeat({ freq: 'daily', until: '2026-02-30' }))).toEqual([
			{ field: 'until', code: 'invalid-date' }
		]);
		expect(problems(checkRepeat({ freq: 'daily', until: '202610-01-01' }))).toEqual([
			{ field: 'until', code: 'invalid-date' }
		]);
		expect(problems(checkRepeat({ freq: 'daily', count: 2, except: ['tomorrow'] }))).toEqual([
			{ field: 'except.0', code: 'invalid-date' }
		]);
		expect(problems(checkRepeat({ freq: 'monthly' as 'daily', count: 2 }))).toEqual([
			{ field: 'freq', code: 'invalid' }
		]);
		expect(problems(checkRepeat({ freq: 'weekly', count: 2, days: ['mo' as 'mon'] }))).toEqual([
			{ field: 'days.0', code: 'invalid' }
		]);
		expect(problems(checkRepeat({ freq: 'weekly', count: 2, days: [] }))).toEqual([
			{ field: 'days', code: 'required' }
		]);
		const many = Array.from({ length: 400 }, (_, i) =>
			new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10)
		);
		expect(problems(checkRepeat({ freq: 'daily', count: 2, except: many }))).toEqual([
			{ field: 'except', code: 'too-many', limit: 366 }
		]);
		const ok = checkRepeat({ freq: 'weekly', count: ' 3 ', days: ['fri', 'mon', 'fri'] });
		expect(ok.ok && ok.value).toEqual({ freq: 'weekly', count: 3, days: ['mon', 'fri'] });
	});
});

describe('readSeriesRef', () => {
	it('reads an id and an index, and nothing odd', () => {
		const id = 'ab'.repeat(16);
		expect(readSeriesRef({ id, index: 3 })).toEqual({ id, index: 3 });
		expect(readSeriesRef({ id, index: -1 })).toBeUndefined();
		expect(readSeriesRef({ id, index: 1.5 })).toBeUndefined();
		expect(readSeriesRef({ id, index: MAX_OCCURRENCES })).toBeUndefined();
		expect(readSeriesRef({ id: 'xyz', index: 0 })).toBeUndefined();
		expect(readSeriesRef('series')).toBeUndefined();
		expect(readSeriesRef(null)).toBeUndefined();
	});
});
