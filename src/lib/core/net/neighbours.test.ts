import type { PeerId } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { Neighbours } from './neighbours.js';

const id = (s: string): PeerId => s as PeerId;
const none = () => false;

describe('Neighbours', () => {
	it('knows peers from announces, tells new sessions apart, and forgets the silent', () => {
		const n = new Neighbours({ forgetMs: 1000, maxBackoffMs: 1000 });
		expect(n.seen(id('a'), 's1', 0)).toBe(true);
		expect(n.seen(id('a'), 's1', 100)).toBe(false);
		expect(n.seen(id('a'), 's2', 200)).toBe(true);
		n.seen(id('b'), 's', 900);
		n.forgetStale(1500);
		expect(n.known(id('a'))).toBeUndefined();
		expect(n.known(id('b'))).toEqual({ session: 's', seen: 900 });
	});

	it('picks at random among candidates that are not excluded, banned or backing off', () => {
		const n = new Neighbours({ forgetMs: 10_000, maxBackoffMs: 1000 });
		for (const p of ['a', 'b', 'c', 'd']) n.seen(id(p), 's', 0);
		n.ban(id('b'), 500);
		n.fail(id('c'), 0);
		expect(n.candidates(1, (p) => p === 'a').sort()).toEqual(['d']);
		expect(n.isBanned(id('b'), 499)).toBe(true);
		expect(n.isBanned(id('b'), 500)).toBe(false);
		expect(new Set(Array.from({ length: 50 }, () => n.pick(600, none)))).toEqual(
			new Set(['a', 'b', 'c', 'd'])
		);
	});

	it('backs off 250 ms doubling up to the cap, and forgets it on success', () => {
		const n = new Neighbours({ forgetMs: 10_000, maxBackoffMs: 1000, random: () => 0.999 });
		n.seen(id('a'), 's', 0);
		const ends = [1, 2, 3, 4].map(() => n.fail(id('a'), 0).until);
		expect(ends.map(Math.round)).toEqual([250, 500, 1000, 1000]);
		expect(n.nextBackoffEnd(0, none)).toMatchObject({ attempt: 4 });
		n.succeeded(id('a'));
		expect(n.candidates(0, none)).toEqual(['a']);
		expect(n.nextBackoffEnd(0, none)).toBeUndefined();
	});

	it('avoids a peer just left while others are available', () => {
		const n = new Neighbours({ forgetMs: 10_000, maxBackoffMs: 1000 });
		n.seen(id('a'), 's', 0);
		n.avoid(id('a'), 1000);
		expect(n.pick(10, none)).toBe('a');
		n.seen(id('b'), 's', 0);
		for (let i = 0; i < 20; i++) expect(n.pick(10, none)).toBe('b');
		expect(new Set(Array.from({ length: 50 }, () => n.pick(1000, none)))).toEqual(
			new Set(['a', 'b'])
		);
	});
});
