import { describe, expect, it } from 'vitest';
import { emptyResource, readDraft } from './resource-form.js';

const draft = (url: string) => ({ ...emptyResource(), name: 'Stage', url });

describe("the resource form's web address", () => {
	it('javascript: location URL: the form refuses it with a sentence naming the scheme', () => {
		const r = readDraft(draft('javascript:alert(1)'), 'UTC');
		expect(r).toEqual({
			ok: false,
			error:
				"“javascript:alert(1)” has the scheme javascript:; a location's web address must start with http:, https: or geo:.",
			field: 'place.url'
		});
		expect(readDraft(draft(' data:text/html,hi '), 'UTC').ok).toBe(false);
	});

	it('takes http:, https: and geo: addresses, trimmed', () => {
		const r = readDraft(draft('  https://meet.example/room '), 'UTC');
		expect(r.ok && r.value.place).toEqual({ url: 'https://meet.example/room' });
		expect(readDraft(draft('geo:52.52,13.405'), 'UTC').ok).toBe(true);
	});

	it('says plainly when it is no address at all', () => {
		const r = readDraft(draft('meet.example'), 'UTC');
		expect(!r.ok && r.error).toBe(
			'“meet.example” is not a web address (like https://meet.example/room).'
		);
	});
});

describe("the resource form's capacity and requirements", () => {
	const tent = 'ab'.repeat(16);
	it('takes a number or “unlimited” (any case), and the resources it requires', () => {
		const r = readDraft(
			{ ...emptyResource(), name: 'Projector', capacity: ' Unlimited ', requires: [tent] },
			'UTC'
		);
		expect(r.ok && r.value.capacity).toBe('unlimited');
		expect(r.ok && r.value.requires).toEqual([tent]);
		const n = readDraft({ ...emptyResource(), name: 'Hall', capacity: '3' }, 'UTC');
		expect(n.ok && n.value.capacity).toBe(3);
		const bad = readDraft({ ...emptyResource(), name: 'Hall', capacity: 'many' }, 'UTC');
		expect(bad).toMatchObject({ ok: false, field: 'capacity' });
	});
});
