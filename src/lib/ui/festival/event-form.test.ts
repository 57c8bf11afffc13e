import { describe, expect, it } from 'vitest';
import { missingRequirements } from './event-form.js';

const option = (id: string, name: string, requires?: string[]) => ({
	festival: 'f',
	resource: { id, name, ...(requires ? { requires } : {}) }
});

describe('the event form requests what requested resources require', () => {
	const options = [
		option('p', 'Projector', ['t']),
		option('t', 'Big Tent', ['g']),
		option('g', 'Generator'),
		option('a', 'A', ['b']),
		option('b', 'B', ['a', 'gone'])
	];

	it('adds requirements, and theirs, once each, naming what needs them', () => {
		expect(missingRequirements({ p: 'f' }, options)).toEqual([
			{ id: 't', festival: 'f', name: 'Big Tent', by: 'Projector' },
			{ id: 'g', festival: 'f', name: 'Generator', by: 'Big Tent' }
		]);
		expect(missingRequirements({ p: 'f', t: 'f', g: 'f' }, options)).toEqual([]);
	});

	it('ends on a cycle and leaves out what is not on offer', () => {
		expect(missingRequirements({ a: 'f' }, options)).toEqual([
			{ id: 'b', festival: 'f', name: 'B', by: 'A' }
		]);
	});
});
