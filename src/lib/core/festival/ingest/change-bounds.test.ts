import * as A from '@automerge/automerge';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../bytes.js';
import { bombBody, bombChange, changeChunk, chunkBody, sleb, uleb } from './bomb.fixture.js';
import {
	changeCost,
	documentCost,
	inflateBounded,
	MAX_CHANGE_OPS,
	MAX_DOC_OPS
} from './change-bounds.js';

const ACTOR = 'ab'.repeat(40);
const base = { actor: ACTOR, seq: 1, startOp: 1, deps: [], message: 'm' };
const opsOf = (c: Uint8Array) => A.decodeChange(c).ops.length;

/** A change body like bombBody's, with the columns given (id << 4 | type, data). */
function bodyWith(cols: [number, Uint8Array][]): Uint8Array {
	const actor = Uint8Array.from(ACTOR.match(/../g)!.map((h) => parseInt(h, 16)));
	return concatBytes(
		uleb(0),
		uleb(actor.length),
		actor,
		uleb(1),
		uleb(1),
		sleb(0),
		uleb(0),
		uleb(0),
		uleb(cols.length),
		...cols.flatMap(([spec, data]) => [uleb(spec), uleb(data.length)]),
		...cols.map(([, d]) => d)
	);
}

describe('changeCost', () => {
	it('counts an honest change’s ops exactly as Automerge decodes them', () => {
		let d = A.init<Record<string, unknown>>();
		const edits: ((x: Record<string, unknown>) => void)[] = [
			(x) => {
				x.a = 1;
				x.list = [1, 2, 3];
			},
			(x) => {
				for (let i = 0; i < 3000; i++) x['k' + i] = { title: new A.ImmutableString('t' + i), n: i };
			},
			(x) => {
				x.t = 'x'.repeat(5000);
			},
			(x) => {
				delete x.list;
				(x.k1 as Record<string, number>).n = 7;
			}
		];
		for (const edit of edits) {
			d = A.change(d, edit);
			const c = A.getLastLocalChange(d)!;
			const cost = changeCost(c);
			expect(cost.ok && cost.value.ops).toBe(opsOf(c));
			// The same change compressed (chunk type 2) costs the same and still decodes.
			const squeezed = changeChunk(chunkBody(c), true);
			expect(A.decodeChange(squeezed).hash).toBe(A.decodeChange(c).hash);
			const again = changeCost(squeezed);
			expect(again.ok && again.value).toEqual(cost.ok && cost.value);
		}
	});

	it('counts a run-length encoded bomb from its runs without materialising it (Automerge agrees on small ones)', () => {
		const small = bombChange({ ...base, ops: 1234 });
		expect(opsOf(small)).toBe(1234);
		expect(changeCost(small)).toEqual({
			ok: true,
			value: { ops: 1234, bytes: bombBody({ ...base, ops: 1234 }).length }
		});
		const t = performance.now();
		const huge = changeCost(bombChange({ ...base, ops: 2 ** 50 }));
		expect(performance.now() - t).toBeLessThan(50);
		expect(huge.ok || huge.error).toEqual({
			code: 'bomb',
			reason: `more than ${MAX_CHANGE_OPS} ops`
		});
		expect(
			changeCost(bombChange({ ...base, ops: MAX_CHANGE_OPS }), { ops: MAX_CHANGE_OPS, bytes: 1e6 })
				.ok
		).toBe(true);
	});

	it('op bomb through a list column: one op with a million preds is refused like a million ops', () => {
		// action: 1 set; pred group: one op with 1,000,000 preds; pred actor and counter: runs.
		const body = bodyWith([
			[21, concatBytes(sleb(1), uleb(1), Uint8Array.of(0x6b))],
			[52, uleb(1)],
			[66, concatBytes(sleb(1), uleb(1))],
			[86, concatBytes(sleb(1), uleb(0))],
			[112, concatBytes(sleb(1), uleb(1_000_000))],
			[113, concatBytes(sleb(1_000_000), uleb(0))],
			[115, concatBytes(sleb(1_000_000), sleb(1))]
		]);
		const r = changeCost(changeChunk(body, false));
		expect(r.ok || r.error.code).toBe('bomb');
	});

	it('op bomb through null runs and boolean runs: counted like any other run', () => {
		const nulls = bodyWith([[66, concatBytes(sleb(0), uleb(5_000_000))]]);
		const bools = bodyWith([
			[52, uleb(5_000_000)],
			[66, concatBytes(sleb(1), uleb(1))]
		]);
		for (const b of [nulls, bools]) {
			const r = changeCost(changeChunk(b, false));
			expect(r.ok || r.error.code).toBe('bomb');
		}
	});

	it('a literal run longer than its column, or a number over 64 bits, is malformed, not a hang', () => {
		const literal = bodyWith([[66, concatBytes(sleb(-(2 ** 40)), uleb(1))]]);
		const overlong = bodyWith([
			[66, Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)]
		]);
		for (const b of [literal, overlong]) {
			const r = changeCost(changeChunk(b, false));
			expect(r.ok || r.error.code).toBe('chunk');
		}
	});

	it('refuses what is not exactly one change chunk, never throwing', () => {
		const good = bombChange({ ...base, ops: 3, compress: false });
		const document = A.save(A.from({ a: 1 }));
		const bundle = Uint8Array.from(good);
		bundle[8] = 3;
		const cases = [
			new Uint8Array(0),
			Uint8Array.of(0x85, 0x6f),
			document,
			bundle,
			concatBytes(good, Uint8Array.of(0)),
			good.subarray(0, good.length - 1)
		];
		for (let i = 0; i < 300; i++)
			cases.push(Uint8Array.from({ length: 1 + (i % 40) }, () => Math.floor(Math.random() * 256)));
		for (let i = 9; i < good.length; i++) {
			const flipped = Uint8Array.from(good);
			flipped[i] = flipped[i]! ^ 0xff;
			cases.push(flipped);
		}
		for (const c of cases) {
			const r = changeCost(c);
			if (!r.ok) expect(['chunk', 'bomb']).toContain(r.error.code);
		}
		for (const c of cases.slice(0, 6)) expect(changeCost(c).ok).toBe(false);
	});
});

describe('inflateBounded', () => {
	it('stops at the limit after little more output than the limit', () => {
		const zeros = deflateSync(new Uint8Array(50_000_000));
		const r = inflateBounded(zeros, 1_000_000);
		expect(r.ok || r.error.code).toBe('bomb');
		const fine = inflateBounded(deflateSync(new Uint8Array(5000).fill(7)), 5000);
		expect(fine.ok && fine.value).toEqual(new Uint8Array(5000).fill(7));
		const cut = inflateBounded(zeros.subarray(0, 100), 1e9);
		expect(cut.ok || cut.error.code).toBe('chunk');
	});
});

describe('documentCost', () => {
	it('counts an honest saved document’s ops (with compressed columns) as Automerge holds them', () => {
		let d = A.init<Record<string, unknown>>();
		d = A.change(d, (x) => {
			for (let i = 0; i < 2000; i++)
				x['k' + i] = { title: new A.ImmutableString('title ' + i), n: i };
		});
		d = A.change(d, (x) => {
			x.k1 = 'replaced';
		});
		const saved = A.save(d);
		const changeOps = A.getAllChanges(d).reduce((n, c) => n + opsOf(c), 0);
		const cost = documentCost(saved);
		expect(cost.ok && cost.value.ops).toBe(changeOps);
		expect(cost.ok && cost.value.bytes).toBeGreaterThan(saved.length); // columns inflated
		// A document followed by a change chunk (what Automerge.load also reads) adds up.
		const more = bombChange({ ...base, ops: 10 });
		const both = documentCost(concatBytes(saved, more));
		expect(both.ok && both.value.ops).toBe(changeOps + 10);
	});

	it('op bomb in a document: a column deflated to a few bytes that inflates past the limit is refused', () => {
		// A document chunk whose one op column is 20 MB of zeros deflated to 20 KB (against a
		// 1 MB budget here: the default is 256 MiB).
		const column = deflateSync(new Uint8Array(20_000_000));
		const body = concatBytes(
			uleb(0),
			uleb(0),
			uleb(0),
			uleb(1),
			uleb((4 << 4) | 8 | 2),
			uleb(column.length),
			column
		);
		const chunk = concatBytes(
			Uint8Array.of(0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 0),
			uleb(body.length),
			body
		);
		const t = performance.now();
		const r = documentCost(chunk, { ops: MAX_DOC_OPS, bytes: 1_000_000 });
		expect(performance.now() - t).toBeLessThan(100);
		expect(r.ok || r.error).toMatchObject({
			code: 'bomb',
			reason: 'more than 1000000 bytes once inflated'
		});
		const ops = documentCost(
			concatBytes(A.save(A.from({ a: 1 })), bombChange({ ...base, ops: MAX_DOC_OPS + 1 }))
		);
		expect(ops.ok || ops.error).toEqual({ code: 'bomb', reason: `more than ${MAX_DOC_OPS} ops` });
	});
});
