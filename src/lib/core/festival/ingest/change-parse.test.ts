import * as A from '@automerge/automerge';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bombChange } from './bomb.fixture.js';
import { changeCost, MAX_CHANGE_OPS } from './change-bounds.js';
import { damaged, type Sample } from './change-history.fixture.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { chunkHash, readColumns } from './change-parse.js';
import { flatHex } from './change-columns.js';
import { encodeChanges } from './payload.js';
import { preparePayload } from './prepare.js';

const ACTOR = 'ab'.repeat(32) + '00'.repeat(8);

/** Changes of many shapes: map and list ops, overwrites, deletes, text, nested objects. */
function someChanges(): Uint8Array[] {
	let d = A.from<Sample>({ m: {}, l: [], t: '' }, ACTOR as A.ActorId);
	d = A.change(d, (x: Sample) => {
		for (let i = 0; i < 40; i++) x.m[`k${i % 7}`] = i % 3 ? i : { n: [i, 'x'] };
		x.l.push(1, 2, 3);
		x.l.deleteAt(1);
		A.splice(x, ['t'], 0, 0, 'héllo');
		delete x.m.k1;
	});
	let e = A.clone(d, 'cd'.repeat(40) as A.ActorId);
	e = A.change(e, (x: Sample) => {
		x.m.k2 = 'over';
		x.l.insertAt(0, 9);
	});
	return A.getAllChanges(A.merge(d, e));
}

/** What changeCost counts of `bytes`, beside what readColumns knows of it (when it reads it). */
function costs(bytes: Uint8Array) {
	const cols = readColumns(bytes);
	const counted = changeCost(bytes);
	return cols && { known: { ops: cols.ops, bytes: cols.bodyLength }, counted };
}

describe('readColumns', () => {
	it('knows the cost changeCost counts, for every change it reads', () => {
		const changes = someChanges();
		for (const c of changes) {
			const r = costs(c);
			expect(r).toBeDefined();
			expect(r!.counted.ok && r!.counted.value).toEqual(r!.known);
		}
	});

	it('knows the cost changeCost counts, for whatever damaged bytes it still reads', () => {
		fc.assert(
			fc.property(damaged(someChanges()), (b) => {
				const r = costs(b);
				if (r) expect(r.counted.ok && r.counted.value).toEqual(r.known);
			}),
			{ numRuns: 4000 }
		);
	});

	it('op bomb in a plain change: holds no column of more values than a change may have ops', () => {
		const claim = { actor: ACTOR, seq: 1, startOp: 1, deps: [], message: 'x', compress: false };
		// Under the limit, read; over it, left to change-bounds.ts, which counts without materialising.
		expect(readColumns(bombChange({ ...claim, ops: 1000 }))?.ops).toBe(1000);
		expect(readColumns(bombChange({ ...claim, ops: MAX_CHANGE_OPS + 1 }))).toBeUndefined();
		expect(readColumns(bombChange({ ...claim, ops: 900_000 }))).toBeUndefined();
		// Ingest refuses it as a bomb, as before.
		const payload = encodeChanges([bombChange({ ...claim, ops: 900_000 })]);
		const p = preparePayload(payload, ACTOR.slice(0, 64), 0n, 1);
		expect('code' in p && p.code).toBe('bomb');
	});

	it('hashes each change afresh with its one reused hasher, as Automerge does', () => {
		const changes = someChanges();
		fc.assert(
			fc.property(
				fc.array(fc.uint8Array({ minLength: 8, maxLength: 300 }), { maxLength: 6 }),
				(extra) => {
					// Any lengths (within a block, across blocks, empty), in any order, twice.
					const all = [...extra, ...changes, ...extra];
					for (const b of all) expect(chunkHash(b)).toEqual(sha256(b.subarray(8)));
				}
			),
			{ numRuns: 200 }
		);
		for (const c of changes) {
			expect(flatHex(chunkHash(c))).toBe(A.decodeChange(c).hash);
			// A read change's digest is its hash.
			expect(flatHex(readColumns(c)!.digest!)).toBe(A.decodeChange(c).hash);
		}
	});

	it('reads the same columns whatever was read before (one column reader, reused)', () => {
		const changes = someChanges();
		const alone = changes.map((c) => JSON.stringify(readColumns(c)));
		// Damaged changes read (or refused) between them leave nothing behind.
		fc.assert(
			fc.property(damaged(changes), fc.nat(changes.length - 1), (b, i) => {
				readColumns(b);
				expect(JSON.stringify(readColumns(changes[i]!))).toBe(alone[i]);
			}),
			{ numRuns: 500 }
		);
	});
});
