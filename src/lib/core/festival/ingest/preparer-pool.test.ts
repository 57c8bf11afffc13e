import { describe, expect, it } from 'vitest';
import { err } from '../../result.js';
import type { EntryItem, PreparedEntry, Preparer } from './prepare.js';
import { PreparerPool } from './preparer-pool.js';

/** A preparer that answers each entry with its first byte as the "hash", and logs batch sizes. */
function fake(log: number[][], i: number): Preparer {
	return {
		async prepare(items) {
			(log[i] ??= []).push(items.length);
			return items.map((it): PreparedEntry => ({ ok: true, hash: it.bytes.slice(0, 1) }));
		},
		checkSnapshot: async () => err('snapshot', `preparer ${i}`)
	};
}

const batch = (n: number): EntryItem[] =>
	Array.from({ length: n }, (_, i) => ({ bytes: Uint8Array.of(i % 256) }));

describe('PreparerPool', () => {
	it('splits large batches in order across every preparer, started on the first one', async () => {
		const log: number[][] = [];
		let made = 0;
		const pool = new PreparerPool(
			fake(log, 0),
			() => {
				made++;
				return [fake(log, 1), fake(log, 2)];
			},
			100
		);
		expect((await pool.prepare(batch(99))).length).toBe(99);
		expect(made).toBe(0);
		const out = await pool.prepare(batch(300));
		expect(out.map((p) => (p.ok ? p.hash[0] : -1))).toEqual(batch(300).map((b) => b.bytes[0]));
		await pool.prepare(batch(301));
		expect(made).toBe(1);
		expect(log).toEqual([
			[99, 100, 101],
			[100, 101],
			[100, 99]
		]);
		expect(pool.members).toHaveLength(3);
	});

	it('checks snapshots on the first preparer', async () => {
		const pool = new PreparerPool(fake([], 0), () => [fake([], 1)]);
		const r = await pool.checkSnapshot({} as never, 'f' as never);
		expect(!r.ok && r.error.reason).toBe('preparer 0');
	});
});
