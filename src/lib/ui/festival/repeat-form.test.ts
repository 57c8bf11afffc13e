import { describe, expect, it } from 'vitest';
import { emptyEvent } from './event-form.js';
import { emptyRepeat, readSeriesDraft, repeatInput, type RepeatDraft } from './repeat-form.js';

const event = {
	...emptyEvent(),
	title: 'Yoga',
	start: '2026-03-27T10:00',
	end: '2026-03-27T11:00'
};
const weekly = (more: Partial<RepeatDraft> = {}): RepeatDraft => ({
	...emptyRepeat(),
	freq: 'weekly',
	...more
});

describe('the event form’s Repeats', () => {
	it('does not repeat by default: the event alone', () => {
		const r = readSeriesDraft(event, emptyRepeat(), 'Europe/Berlin');
		expect(r.ok && [r.repeat, r.occurrences]).toEqual([undefined, undefined]);
		expect(repeatInput(emptyRepeat())).toBeUndefined();
	});

	it('reads the choice into core’s rule (days in week order, blank skip dates left out)', () => {
		expect(
			repeatInput(
				weekly({
					days: ['fri', 'mon'],
					ends: 'until',
					until: '2026-04-30',
					except: ['', '2026-04-03']
				})
			)
		).toEqual({
			freq: 'weekly',
			until: '2026-04-30',
			days: ['mon', 'fri'],
			except: ['2026-04-03']
		});
		expect(repeatInput({ ...emptyRepeat(), freq: 'daily', days: ['mon'] })).toEqual({
			freq: 'daily',
			count: '4'
		});
	});

	it('gives the occurrences, in the festival’s zone across a clock change', () => {
		const r = readSeriesDraft(event, weekly({ count: '2' }), 'Europe/Berlin');
		expect(r.ok && r.occurrences?.map((o) => o.start)).toEqual([
			'2026-03-27T09:00:00Z',
			'2026-04-03T08:00:00Z'
		]);
	});

	it('words the rule’s first problem and names its field', () => {
		expect(readSeriesDraft(event, weekly({ count: '400' }), 'UTC')).toEqual({
			ok: false,
			error:
				'A repeating event has at most 366 occurrences; choose an earlier last date or fewer times.',
			field: 'repeat.count'
		});
		expect(readSeriesDraft(event, weekly({ ends: 'until', until: '' }), 'UTC')).toEqual({
			ok: false,
			error: 'The last date is not a date.',
			field: 'repeat.until'
		});
		expect(readSeriesDraft(event, weekly({ count: '1', except: ['2026-03-27'] }), 'UTC')).toEqual({
			ok: false,
			error:
				'These choices leave no occurrence: check the last date, the days and the dates skipped.',
			field: 'repeat'
		});
		// The event's own problems come first.
		expect(readSeriesDraft({ ...event, title: '' }, weekly({ count: '400' }), 'UTC')).toMatchObject(
			{
				ok: false,
				field: 'title'
			}
		);
	});
});
