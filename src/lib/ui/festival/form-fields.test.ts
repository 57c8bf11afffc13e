import { describe, expect, it } from 'vitest';
import { inputOf, invalidIf } from './form-fields.js';

describe('form fields', () => {
	it("a problem's field path names the input at fault", () => {
		expect(inputOf('availability.2.end')).toBe('w2-end');
		expect(inputOf('availability.0')).toBe('w0-start');
		expect(inputOf('place.url')).toBe('url');
		expect(inputOf('tags.3')).toBe('tags');
		expect(inputOf('')).toBe('name');
		expect(inputOf(undefined)).toBeUndefined();
		expect(inputOf('repeat')).toBe('repeat-freq');
		expect(inputOf('repeat.freq')).toBe('repeat-freq');
		expect(inputOf('repeat.until')).toBe('repeat-until');
		expect(inputOf('repeat.count')).toBe('repeat-count');
		expect(inputOf('repeat.days.2')).toBe('repeat-day-mon');
		expect(inputOf('repeat.except.3')).toBe('repeat-except-3');
		expect(inputOf('repeat.except')).toBe('repeat-except-0');
	});

	it('only the input at fault is invalid and described by the error', () => {
		expect(invalidIf('start', 'start', 'f-error')).toEqual({
			'aria-invalid': 'true',
			'aria-describedby': 'f-error'
		});
		expect(invalidIf('start', 'end', 'f-error')).toEqual({});
	});
});
