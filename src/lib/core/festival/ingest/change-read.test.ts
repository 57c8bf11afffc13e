import * as A from '@automerge/automerge';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { damaged, play, scripts, type Sample } from './change-history.fixture.js';
import { readChange } from './change-read.js';

/** What the write rules read of a change, from either reader. */
function view(c: {
	hash: string;
	actor: string;
	seq: number;
	startOp: number;
	message: string | null;
	deps: readonly string[];
	ops: readonly { obj: string; key?: unknown; insert?: boolean; pred: readonly string[] }[];
}) {
	return {
		hash: c.hash,
		actor: c.actor,
		seq: c.seq,
		startOp: c.startOp,
		message: c.message,
		deps: c.deps,
		ops: c.ops.map((o) => ({
			obj: o.obj,
			key: typeof o.key === 'string' ? o.key : undefined,
			insert: o.insert === true,
			pred: o.pred
		}))
	};
}

/** Changes of every kind of op, by two actors, merged. */
function sampleChanges(): Uint8Array[] {
	let d = A.from<Record<string, unknown>>({ m: {}, l: [], t: 'x' }, 'aa'.repeat(40) as A.ActorId);
	d = A.change(d, (x: Sample) => {
		x.m.k = 1;
		x.l.push(1, 2);
		x.l.insertAt(0, 5);
		delete x.m.k;
		x.c = new A.Counter(1);
		x.s = 'hé';
		x.n = null;
		x.f = 1.5;
		x.b = true;
		x.big = 2 ** 40;
		x.neg = -3;
		x.bytes = new Uint8Array([1]);
		x.date = new Date(0);
	});
	let e = A.clone(d, 'bb'.repeat(40) as A.ActorId);
	e = A.change(e, { message: 'héllo' }, (x: Sample) => {
		x.c.increment(2);
		x.l.deleteAt(1);
		A.splice(x, ['t'], 0, 0, 'ab');
		x.m.z = 'q';
		A.mark(x, ['t'], { start: 0, end: 1, expand: 'both' }, 'bold', true);
	});
	d = A.merge(d, e);
	d = A.change(d, { message: 'f'.repeat(64) }, (x: Sample) => {
		x.m.z = 'r';
		x.l[0] = 9;
		delete x.m.k2;
		x.m[''] = '';
	});
	return A.getAllChanges(d);
}

describe('readChange', () => {
	it('reads exactly what Automerge.decodeChange gives the write rules, for every kind of op', () => {
		const changes = sampleChanges();
		expect(changes.length).toBeGreaterThan(3);
		for (const c of changes) {
			const r = readChange(c);
			expect(r).toBeDefined();
			expect(view(r!)).toEqual(view(A.decodeChange(c)));
		}
	});

	it("reads Automerge's own encoding (trusted) the same, its hash taken when asked", () => {
		for (const c of sampleChanges()) {
			const r = readChange(c, true);
			expect(view(r!)).toEqual(view(A.decodeChange(c)));
		}
		// Trusted, a checksum is not checked (only for bytes Automerge itself just encoded).
		const bad = sampleChanges()[0]!.slice();
		bad[4] = bad[4]! ^ 1;
		expect(readChange(bad)).toBeUndefined();
		expect(readChange(bad, true)?.hash).toBe(A.decodeChange(sampleChanges()[0]!).hash);
	});

	it('leaves compressed, truncated, extended and mis-summed chunks to Automerge', () => {
		const c = sampleChanges()[1]!;
		expect(readChange(c.subarray(0, c.length - 1))).toBeUndefined();
		expect(readChange(new Uint8Array([...c, 0]))).toBeUndefined();
		const bad = c.slice();
		bad[4] = bad[4]! ^ 1; // checksum
		expect(readChange(bad)).toBeUndefined();
		const compressed = c.slice();
		compressed[8] = 2;
		expect(readChange(compressed)).toBeUndefined();
		expect(readChange(new Uint8Array(0))).toBeUndefined();
	});

	it('reads what Automerge.decodeChange gives for random edits by several actors, merged', () => {
		const edit = fc.oneof(
			fc.record({ k: fc.constant('put'), key: fc.string({ maxLength: 3 }), v: fc.integer() }),
			fc.record({ k: fc.constant('del'), key: fc.string({ maxLength: 3 }) }),
			fc.record({ k: fc.constant('push'), v: fc.oneof(fc.integer(), fc.string({ maxLength: 4 })) }),
			fc.record({ k: fc.constant('cut'), at: fc.nat(20) }),
			fc.record({ k: fc.constant('text'), at: fc.nat(20), s: fc.string({ maxLength: 6 }) }),
			fc.record({ k: fc.constant('nest'), key: fc.string({ maxLength: 3 }) })
		);
		fc.assert(
			fc.property(scripts(edit), (script) => {
				const base = A.from<Sample>({ m: {}, l: [], t: '' }, 'a0'.repeat(16) as A.ActorId);
				const actors = [0, 1, 2].map((i) => `${i}b`.repeat(16));
				const changes = play(base, actors, script, (x, e) => {
					if (e.k === 'put') x.m[e.key] = e.v;
					else if (e.k === 'del') delete x.m[e.key];
					else if (e.k === 'push') x.l.push(e.v);
					else if (e.k === 'cut' && x.l.length > 0) x.l.deleteAt(e.at % x.l.length);
					else if (e.k === 'text') A.splice(x, ['t'], Math.min(e.at, x.t.length), e.at % 2, e.s);
					else if (e.k === 'nest') x.m[e.key] = { n: [1, { d: e.key }] };
				});
				let read = 0;
				for (const c of changes) {
					const r = readChange(c);
					if (r) expect(view(r)).toEqual(view(A.decodeChange(c)));
					if (r) read++;
				}
				// Every change here is plain: all are read here, none is left to Automerge.
				expect(read).toBe(changes.length);
			}),
			{ numRuns: 150 }
		);
	});

	it('leaves a start op Automerge refuses as too large to Automerge (found by the fuzz below)', () => {
		const b = sampleChanges()[0]!.slice();
		b[53] = 128; // the start op's varint runs on into the next bytes: 4,424,370,944
		b[57] = 16;
		b.set(sha256(b.subarray(8)).subarray(0, 4), 4);
		expect(() => A.decodeChange(b)).toThrow(/counter too large/);
		expect(readChange(b)).toBeUndefined();
	});

	it('whatever it reads of damaged bytes, Automerge decodes the same way', () => {
		const changes = sampleChanges();
		fc.assert(
			// With the checksum made right again (or not), the header and column readers decide.
			fc.property(damaged(changes, fc.boolean()), (b) => {
				const r = readChange(b);
				if (!r) return;
				let decoded: A.DecodedChange;
				try {
					decoded = A.decodeChange(b);
				} catch (e) {
					throw new Error(`read a change Automerge does not decode: ${(e as Error).message}`, {
						cause: e
					});
				}
				expect(view(r)).toEqual(view(decoded));
			}),
			{ numRuns: 6000 }
		);
	});
});
