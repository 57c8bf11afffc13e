/**
 * Festival figures (issue 3): ingest of 30,000 entries beside verify-only plus one-batch
 * Automerge.applyChanges (each once before the runs, then in alternating order); a local edit to a signed, stored entry at 10,000 events; opening a
 * 10,000-event festival from storage beside Automerge.load of the same document.
 */
import * as A from '@automerge/automerge';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FestivalEngine } from '../src/lib/core/festival/ingest/engine.js';
import { Festival } from '../src/lib/core/festival/festival.js';
import { LogBook } from '../src/lib/core/log/log.js';
import { bigFestival, storedFestival, timeEdits, type StoredFestival } from './fixture.js';
import { quantile, time, type Sample, type Suite } from './figure.js';

export const ingestSuite: Suite = {
	name: 'ingest',
	async prepare() {
		const big = await bigFestival();
		const ingest = () =>
			time(async () => {
				const r = await new FestivalEngine(big.id).ingest(big.entries);
				if (r.applied !== big.changes.length || r.refused.length)
					throw new Error('bench ingest incomplete');
			});
		const baseline = () =>
			time(async () => {
				const v = await new LogBook().addMany(big.entries);
				if (!v.every((x) => x.ok)) throw new Error('bench verify failed');
				A.applyChanges(A.init(), big.changes);
			});
		// Each once before the runs: the first in a process pays for growing Automerge's memory
		// and compiling the code, which would fall on whichever ran first.
		await ingest();
		await baseline();
		let runs = 0;
		return {
			async run(): Promise<Sample[]> {
				// Which goes first alternates from run to run, so neither always follows the other.
				let ours: number;
				let base: number;
				if (runs++ % 2 === 0) {
					ours = await ingest();
					base = await baseline();
				} else {
					base = await baseline();
					ours = await ingest();
				}
				return [
					{
						name: `ingest ${big.entries.length} entries (50 authors, 10,000 events): verify + rules + apply`,
						value: Math.round(ours),
						unit: 'ms',
						baseline: Math.round(base),
						ratio: ours / base,
						target: '<= 1.2x verify + one-batch applyChanges, in every run',
						checks: [{ of: 'ratio', op: '<=', limit: 1.2, every: true }]
					}
				];
			}
		};
	}
};

/**
 * A local edit's p50 and p99 over `edits` edits, then (once closed) opening from storage beside
 * Automerge.load of the same document, on a copy of the stored festival `s` (each run starts
 * from the same festival).
 */
export async function editAndOpen(
	s: StoredFestival,
	edits: number
): Promise<{ p50: number; p99: number; open: number; load: number }> {
	const dir = mkdtempSync(join(tmpdir(), 'festival-bench-run-'));
	try {
		cpSync(s.dir, dir, { recursive: true });
		const ctx = { ...s.ctx, storage: new NodeFSStorageAdapter(dir) };
		const f = await Festival.open(ctx, s.id);
		if (!f) throw new Error('bench festival did not open');
		// Local edit: change + durable unsealed change + sealing into a signed, stored entry.
		const times = await timeEdits(f, s.ctx.identity.author, edits);
		await f.close();
		// Open: snapshot + chunks from disk, beside Automerge.load of the same document's bytes.
		let g: Festival | undefined;
		const open = await time(async () => {
			g = await Festival.open({ ...ctx, storage: new NodeFSStorageAdapter(dir) }, s.id);
		});
		if (!g) throw new Error('bench festival did not open again');
		const bytes = A.save(g.doc);
		const load = await time(() => A.load(bytes));
		return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), open, load };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export const editSuite: Suite = {
	name: 'edit',
	async prepare() {
		const s = await storedFestival(10_000);
		return {
			async run(): Promise<Sample[]> {
				const r = await editAndOpen(s, 200);
				return [
					{
						name: 'local edit to signed, stored entry at 10,000 events, p50',
						value: r.p50,
						unit: 'ms',
						target: '< 5 ms',
						checks: [{ of: 'value', op: '<', limit: 5 }]
					},
					{
						name: 'local edit to signed, stored entry at 10,000 events, p99',
						value: r.p99,
						unit: 'ms',
						target: '< 20 ms',
						checks: [{ of: 'value', op: '<', limit: 20 }]
					},
					{
						name: 'open a 10,000-event festival from storage (NodeFS)',
						value: r.open,
						unit: 'ms',
						baseline: r.load,
						ratio: r.open / r.load,
						target: '< 1000 ms and <= 1.5x Automerge.load',
						checks: [
							{ of: 'value', op: '<', limit: 1000 },
							{ of: 'ratio', op: '<=', limit: 1.5 }
						]
					}
				];
			},
			close: () => s.remove()
		};
	}
};
