/**
 * Festival figures (issue 3): ingest of 30,000 entries beside verify-only plus one-batch
 * Automerge.applyChanges; a local edit to a signed, stored entry at 10,000 events; opening a
 * 10,000-event festival from storage beside Automerge.load of the same document.
 */
import * as A from '@automerge/automerge';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addEvent } from '../src/lib/core/festival/document/doc.js';
import { FestivalEngine } from '../src/lib/core/festival/ingest/engine.js';
import { Festival } from '../src/lib/core/festival/festival.js';
import { generateIdentity, newDeviceId } from '../src/lib/core/identity/identity.js';
import { LogBook } from '../src/lib/core/log/log.js';
import { bigFestival } from './fixture.js';
import { median, type Figure } from './figure.js';

function quantile(xs: number[], q: number): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export async function ingestBench(): Promise<Figure[]> {
	const big = await bigFestival();
	const ours: number[] = [];
	const base: number[] = [];
	for (let run = 0; run < 3; run++) {
		let t = performance.now();
		const engine = new FestivalEngine(big.id);
		const r = await engine.ingest(big.entries);
		if (r.applied !== big.changes.length || r.refused.length)
			throw new Error('bench ingest incomplete');
		ours.push(performance.now() - t);
		t = performance.now();
		const v = await new LogBook().addMany(big.entries);
		if (!v.every((x) => x.ok)) throw new Error('bench verify failed');
		A.applyChanges(A.init(), big.changes);
		base.push(performance.now() - t);
	}
	const o = median(ours);
	const b = median(base);
	return [
		{
			name: `ingest ${big.entries.length} entries (50 authors, 10,000 events): verify + rules + apply`,
			value: Math.round(o),
			unit: 'ms',
			baseline: Math.round(b),
			ratio: o / b,
			target: '<= 1.5x verify + one-batch applyChanges',
			pass: o / b <= 1.5
		}
	];
}

export async function editOpenBench(): Promise<Figure[]> {
	const dir = mkdtempSync(join(tmpdir(), 'festival-bench-'));
	try {
		const ctx = {
			identity: await generateIdentity('bench'),
			device: newDeviceId(),
			storage: new NodeFSStorageAdapter(dir),
			sealDelayMs: 60_000
		};
		const f = await Festival.create(ctx, { name: 'Ten thousand' });
		const ev = (i: number) => ({
			title: `Event ${i}`,
			start: '2026-07-01T10:00:00Z',
			end: '2026-07-01T11:00:00Z',
			tags: ['x'],
			requests: []
		});
		for (let k = 0; k < 10; k++) {
			await f.change((d) => {
				for (let i = 0; i < 1000; i++) addEvent(d, ctx.identity.author, ev(k * 1000 + i));
			});
			await f.seal();
		}
		await f.close();
		// Local edit: change + durable unsealed change + sealing into a signed, stored entry.
		const times: number[] = [];
		for (let i = 0; i < 200; i++) {
			const t = performance.now();
			await f.change((d) => addEvent(d, ctx.identity.author, ev(10_000 + i)));
			await f.seal();
			times.push(performance.now() - t);
		}
		await f.close();
		// Open: snapshot + chunks from disk, beside Automerge.load of the same document's bytes.
		const bytes = A.save(f.doc);
		const opens: number[] = [];
		const loads: number[] = [];
		for (let i = 0; i < 5; i++) {
			const storage = new NodeFSStorageAdapter(dir);
			let t = performance.now();
			const g = await Festival.open({ ...ctx, storage }, f.id);
			if (!g) throw new Error('bench festival did not open');
			opens.push(performance.now() - t);
			t = performance.now();
			A.load(bytes);
			loads.push(performance.now() - t);
		}
		const open = median(opens);
		const load = median(loads);
		const p50 = quantile(times, 0.5);
		const p99 = quantile(times, 0.99);
		return [
			{
				name: 'local edit to signed, stored entry at 10,000 events, p50',
				value: p50,
				unit: 'ms',
				target: '< 5 ms',
				pass: p50 < 5
			},
			{
				name: 'local edit to signed, stored entry at 10,000 events, p99',
				value: p99,
				unit: 'ms',
				target: '< 20 ms',
				pass: p99 < 20
			},
			{
				name: 'open a 10,000-event festival from storage (NodeFS)',
				value: open,
				unit: 'ms',
				baseline: load,
				ratio: open / load,
				target: '< 1000 ms and <= 1.5x Automerge.load',
				pass: open < 1000 && open / load <= 1.5
			}
		];
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
