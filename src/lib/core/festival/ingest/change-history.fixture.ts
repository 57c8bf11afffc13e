/**
 * Test helpers for the change readers' property tests: random histories of three actors whose
 * documents meet now and then (so later changes overwrite each other's values), and changes
 * damaged byte by byte with their checksum made right again.
 * @module
 */
import * as A from '@automerge/automerge';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a script writes any shape
export type Sample = Record<string, any>;

/** Turns of three actors: who edits (0, 1 or 2), and the edits of that change. */
export type Script<E> = [number, E[]][];

/** Scripts of 1–8 turns of 1–6 edits each. */
export function scripts<E>(edit: fc.Arbitrary<E>): fc.Arbitrary<Script<E>> {
	return fc.array(fc.tuple(fc.nat(2), fc.array(edit, { minLength: 1, maxLength: 6 })), {
		minLength: 1,
		maxLength: 8
	});
}

/**
 * Plays `script` on copies of `base` held by `actors` (three), each turn one change made by
 * `apply` for each edit; after each turn of the third actor, the others merge its document.
 * Returns every change of the three documents merged.
 */
export function play<E>(
	base: A.Doc<Sample>,
	actors: readonly string[],
	script: Script<E>,
	apply: (x: Sample, e: E) => void
): Uint8Array[] {
	let docs = actors.map((a) => A.clone(base, a as A.ActorId));
	for (const [who, edits] of script) {
		docs[who] = A.change(docs[who]!, (x: Sample) => {
			for (const e of edits) apply(x, e);
		});
		if (who === 2) docs = docs.map((d, i) => (i === 2 ? d : A.merge(d, A.clone(docs[2]!))));
	}
	return A.getAllChanges(docs.slice(1).reduce((a, d) => A.merge(a, A.clone(d)), A.clone(docs[0]!)));
}

/**
 * One of `changes` with 1–4 bytes after its chunk header changed, its checksum made right
 * again (so the header and column readers decide) unless `fixSum` says otherwise.
 */
export function damaged(
	changes: readonly Uint8Array[],
	fixSum: fc.Arbitrary<boolean> = fc.constant(true)
): fc.Arbitrary<Uint8Array> {
	return fc
		.tuple(
			fc.integer({ min: 0, max: changes.length - 1 }),
			fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
				minLength: 1,
				maxLength: 4
			}),
			fixSum
		)
		.map(([which, flips, fix]) => {
			const b = changes[which]!.slice();
			for (const [at, v] of flips) b[9 + (at % (b.length - 9))] = v;
			if (fix) b.set(sha256(b.subarray(8)).subarray(0, 4), 4);
			return b;
		});
}
