import { describe, expect, it } from 'vitest';
import { checkEvent, checkName, checkResource } from '../../core/model/index.js';
import { emptyEvent, readEventDraft } from './event-form.js';
import { emptyResource, readDraft } from './resource-form.js';
import { wordFirst, wordProblem } from './problems-wording.js';

describe("the app words core's input problems", () => {
	it('every problem of a resource, in the form’s sentences', () => {
		const input = {
			name: '',
			kind: 'location' as const,
			capacity: '0',
			availability: [{ start: '2026-07-01T11:00:00Z', end: '2026-07-01T10:00:00Z' }],
			place: { lat: 'north', lon: 0, address: 'a'.repeat(501), url: 'data:text/html,hi' }
		};
		const r = checkResource(input);
		expect(!r.ok && r.problems.map((p) => wordProblem(p, input, 'resource'))).toEqual([
			'Give the resource a name.',
			'The capacity must be a whole number of at least 1, or “unlimited”.',
			'Availability window 1 ends before it starts.',
			'The latitude must be a number from -90 to 90.',
			'The address is longer than 500 characters.',
			"“data:text/html,hi” has the scheme data:; a location's web address must start with http:, https: or geo:."
		]);
	});

	it('the forms: a draft checked by core, its first problem worded', () => {
		const d = { ...emptyResource(), name: 'Stage', lat: '1' };
		expect(readDraft(d, 'UTC')).toEqual({
			ok: false,
			error: 'Give both latitude and longitude, or neither.',
			field: 'place'
		});
		const w = { ...emptyResource(), name: 'Stage', windows: [{ start: '', end: '' }] };
		expect(readDraft(w, 'UTC')).toEqual({
			ok: false,
			error: 'Availability window 1 needs a start and an end.',
			field: 'availability.0.start'
		});
		const e = {
			...emptyEvent(),
			title: 'Talk',
			start: '2026-07-01T10:00',
			end: '2026-07-01T11:00'
		};
		expect(readEventDraft({ ...e, tags: `ok, ${'g'.repeat(51)}` }, 'UTC')).toEqual({
			ok: false,
			error: `The tag “${'g'.repeat(51)}” is longer than 50 characters.`,
			field: 'tags.1'
		});
		expect(readEventDraft({ ...e, end: '2026-07-01T09:00' }, 'UTC')).toEqual({
			ok: false,
			error: 'The event must end after it starts.',
			field: 'end'
		});
		expect(readEventDraft({ ...e, title: 't'.repeat(301) }, 'UTC')).toEqual({
			ok: false,
			error: 'The title is longer than 300 characters.',
			field: 'title'
		});
		// A year typed straight through into six digits names the field and the year.
		expect(readEventDraft({ ...e, start: '202610-07-01T10:00' }, 'UTC')).toEqual({
			ok: false,
			error: 'The start time is not valid: the year 202610 is not between 1900 and 9999.',
			field: 'start'
		});
		const y = { ...w, windows: [{ start: '2026-07-01T10:00', end: '+20261-07-01T10:00' }] };
		expect(readDraft(y, 'UTC')).toMatchObject({ ok: false, field: 'availability.0.end' });
	});

	it('names and events', () => {
		const n = checkName('  ');
		expect(!n.ok && wordFirst(n.problems, '  ', 'name')).toBe('Give it a name.');
		const ev = { title: '', start: '', end: '', tags: [], requests: [] };
		const c = checkEvent(ev);
		expect(!c.ok && c.problems.map((p) => wordProblem(p, ev, 'event'))).toEqual([
			'Give the event a title.',
			'Give a start and an end.',
			'Give a start and an end.'
		]);
	});
});
