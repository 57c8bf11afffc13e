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
	});

	it('only the input at fault is invalid and described by the error', () => {
		expect(invalidIf('start', 'start', 'f-error')).toEqual({
			'aria-invalid': 'true',
			'aria-describedby': 'f-error'
		});
		expect(invalidIf('start', 'end', 'f-error')).toEqual({});
	});
});
