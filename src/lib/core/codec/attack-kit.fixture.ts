/**
 * Attacks every byte format must survive, as reusable vitest cases: each reader must answer
 * hostile bytes with its typed problem, within the test's time, and never throw.
 * @module
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Result } from '../result.js';

/** A format under attack: a valid encoding and its reader. */
export interface Target<C extends string> {
	/** A valid encoding (at least 2 bytes). */
	readonly good: Uint8Array;
	readonly read: (bytes: Uint8Array) => Result<unknown, C>;
	/** The codes a truncated input may get (a format's "truncated", or its only code). */
	readonly truncated: readonly C[];
	/** The code of stray bytes after a valid value. */
	readonly trailing: C;
}

/** Reads `bytes`, failing the test if the reader throws; returns `code: reason` or 'ok'. */
export function verdict<C extends string>(t: Target<C>, bytes: Uint8Array): string {
	let r: Result<unknown, C>;
	try {
		r = t.read(bytes);
	} catch (e) {
		throw new Error(`the reader threw (${String(e)}) instead of refusing`, { cause: e });
	}
	return r.ok ? 'ok' : `${r.error.code}: ${r.error.reason}`;
}

/** The code part of a {@link verdict}. */
export function codeOf<C extends string>(t: Target<C>, bytes: Uint8Array): string {
	return verdict(t, bytes).split(':')[0]!;
}

/** `n` random bytes from a seeded PRNG (reproducible). */
function noise(seed: number): () => number {
	let s = seed >>> 0;
	return () => ((s = (s * 1664525 + 1013904223) >>> 0), s >>> 24);
}

/** The attacks every format shares: truncation, trailing garbage, random bytes and bit flips. */
export function commonAttacks<C extends string>(target: () => Target<C>): void {
	it('the valid encoding is read', () => {
		expect(verdict(target(), target().good)).toBe('ok');
	});

	it('truncated at every byte offset: refused as truncated', () => {
		const t = target();
		for (let n = 0; n < t.good.length; n++) {
			const v = verdict(t, t.good.subarray(0, n));
			expect(t.truncated.map(String), `cut to ${n} bytes: ${v}`).toContain(v.split(':')[0]);
			expect(v, `cut to ${n} bytes`).not.toMatch(/stray/);
		}
	});

	it('trailing garbage after a valid value: refused, not ignored', () => {
		const t = target();
		for (const tail of [Uint8Array.of(0), Uint8Array.of(0xff, 1, 2)]) {
			const bytes = new Uint8Array(t.good.length + tail.length);
			bytes.set(t.good);
			bytes.set(tail, t.good.length);
			const v = verdict(t, bytes);
			expect(v).toMatch(new RegExp(`^${t.trailing}: ${tail.length} stray bytes`));
		}
	});

	it('random bytes and flipped bits: a result, never a throw', () => {
		const t = target();
		const rnd = noise(7);
		for (let i = 0; i < 500; i++) {
			const flipped = t.good.slice();
			flipped[rnd() % flipped.length]! ^= 1 << (rnd() & 7);
			verdict(t, flipped);
			const garbage = Uint8Array.from({ length: rnd() }, rnd);
			garbage.set(t.good.subarray(0, Math.min(garbage.length, rnd() % 40)));
			verdict(t, garbage);
		}
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
				verdict(t, b);
			}),
			{ numRuns: 300 }
		);
	});
}
