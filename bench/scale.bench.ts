/**
 * Scale figures in Node (issue 15), at ten times today's size: a festival of 100,000 events by
 * 500 authors (each event one change, 20 changes to a signed entry), held in NodeFS storage:
 * opening it beside Automerge.load of the same document; a local edit (p50, p99) beside the
 * same at 10,000 events by 50 authors built the same way; a newcomer's sync (time, bytes)
 * beside automerge-repo's of the same document over the same adapter; the memory (RSS) of a
 * process that opened it beside one that only loaded the document. The quick run takes a tenth
 * of every size. The festivals are built once per bench run, in temporary folders.
 */
import * as A from '@automerge/automerge';
import { execFile } from 'node:child_process';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Festival } from '../src/lib/core/festival/festival.js';
import { startSignaling } from '../src/node/signaling/server.js';
import { editAndOpen } from './festival.bench.js';
import { bigFestival, sharedStore, storeEntries, type StoredFestival } from './fixture.js';
import type { DeviceReport } from './device-child.js';
import type { Sample, Suite } from './figure.js';
import { newcomerSync } from './sync.bench.js';

const EDITS = 100;

/**
 * A festival of `authors` × 200 events, one change each, 20 changes to an entry, stored; made
 * once per bench process (the scale suites share it and must not change it).
 */
export function scaleFestival(authors: number): Promise<StoredFestival> {
	return sharedStore(`scale-${authors}`, async () =>
		storeEntries(await bigFestival(authors, 200, 20, false))
	);
}

/** Runs bench/device-child.ts with `args` in a new Node process; what it measured. */
export async function inChild(...args: string[]): Promise<DeviceReport> {
	const script = fileURLToPath(new URL('./device-child.ts', import.meta.url));
	const { stdout } = await promisify(execFile)(
		process.execPath,
		['--expose-gc', '--import', 'tsx', script, ...args],
		{ maxBuffer: 1 << 20 }
	);
	return JSON.parse(stdout.trim().split('\n').pop()!) as DeviceReport;
}

const count = (n: number) => n.toLocaleString('en');

export const scaleFestivalSuite: Suite = {
	name: 'scale-festival',
	scale: true,
	async prepare(o) {
		const authors = o.quick ? 50 : 500;
		const events = authors * 200;
		const small = authors / 10;
		process.stderr.write(`  building ${count(events)} events by ${authors} authors...\n`);
		const big = await scaleFestival(authors);
		const base = await storeEntries(await bigFestival(small, 200, 20, false));
		// The holder of the newcomer syncs: a copy of the shared festival.
		const holderDir = mkdtempSync(join(tmpdir(), 'festival-bench-holder-'));
		cpSync(big.dir, holderDir, { recursive: true });
		const holder = await Festival.open(
			{ ...big.ctx, storage: new NodeFSStorageAdapter(holderDir) },
			big.id
		);
		if (!holder) throw new Error('bench festival did not open');
		const docDir = mkdtempSync(join(tmpdir(), 'festival-bench-doc-'));
		const docFile = join(docDir, 'festival.automerge');
		writeFileSync(docFile, A.save(holder.doc));
		const server = await startSignaling({ port: 0 });
		const size = `${count(events)} events by ${authors} authors`;
		return {
			async run(): Promise<Sample[]> {
				const at = await editAndOpen(big, EDITS);
				const was = await editAndOpen(base, EDITS);
				const sync = await newcomerSync(server.url, holder);
				const opened = await inChild('open', big.dir);
				const loaded = await inChild('load', docFile);
				const smallSize = `${count(small * 200)} events by ${small} authors`;
				return [
					{
						name: `open a festival of ${size} from storage (NodeFS) (baseline: Automerge.load of the same document)`,
						value: at.open,
						unit: 'ms',
						baseline: at.load,
						ratio: at.open / at.load
					},
					{
						name: `local edit to signed, stored entry at ${size}, p50 (baseline: at ${smallSize})`,
						value: at.p50,
						unit: 'ms',
						baseline: was.p50,
						ratio: at.p50 / was.p50
					},
					{
						name: `local edit to signed, stored entry at ${size}, p99 (baseline: at ${smallSize})`,
						value: at.p99,
						unit: 'ms',
						baseline: was.p99,
						ratio: at.p99 / was.p99
					},
					{
						name: `newcomer sync of ${size}: time (baseline: automerge-repo, same adapter)`,
						value: Math.round(sync.ours),
						unit: 'ms',
						baseline: Math.round(sync.theirs),
						ratio: sync.ours / sync.theirs,
						target: 'every entry verified',
						holds: sync.verified === (await holder.entries()).length
					},
					{
						name: `newcomer sync of ${size}: bytes on the wire (baseline: automerge-repo)`,
						value: sync.ourBytes,
						unit: 'bytes',
						baseline: sync.theirBytes,
						ratio: sync.ourBytes / sync.theirBytes
					},
					{
						name: `memory (RSS) of a process that opened the festival of ${size} (baseline: Automerge.load alone)`,
						value: Math.round(opened.rss / 2 ** 20),
						unit: 'MiB',
						baseline: Math.round(loaded.rss / 2 ** 20),
						ratio: opened.rss / loaded.rss
					}
				];
			},
			async close() {
				await server.close();
				await holder.close();
				await base.remove();
				for (const dir of [docDir, holderDir]) rmSync(dir, { recursive: true, force: true });
			}
		};
	}
};
