// automerge-repo's NodeFS storage adapter, as the CLI and the headless peer use it: its own
// acceptance suite, and the LogStore suite over it, including persistence across a reopen.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStorageAdapterTests } from '@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { describe, expect, it } from 'vitest';
import { fakeAuthor, fakeEntry, runLogStoreTests } from '../lib/core/store/log-store-tests.js';
import { StorageLogStore } from '../lib/core/store/storage-log-store.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'festival-nodefs-'));

runStorageAdapterTests(async () => {
	const dir = await tempDir();
	return {
		adapter: new NodeFSStorageAdapter(dir),
		teardown: () => rm(dir, { recursive: true, force: true })
	};
}, 'NodeFSStorageAdapter');

runLogStoreTests(async () => {
	const dir = await tempDir();
	return {
		store: new StorageLogStore(new NodeFSStorageAdapter(dir)),
		// A new adapter has an empty cache: everything comes back from the files.
		reopen: async () => new StorageLogStore(new NodeFSStorageAdapter(dir)),
		teardown: () => rm(dir, { recursive: true, force: true })
	};
}, 'StorageLogStore over NodeFSStorageAdapter');

describe('StorageLogStore over NodeFS', () => {
	it('reads a log back in seq order from files alone', async () => {
		const dir = await tempDir();
		try {
			const a = fakeAuthor(9);
			const seqs = [12, 3, 1, 100, 2, 11, 10];
			const first = new StorageLogStore(new NodeFSStorageAdapter(dir));
			for (const n of seqs) await first.put(fakeEntry(a, 1n, n));
			await first.put(fakeEntry(a, 10n, 5));
			const again = new StorageLogStore(new NodeFSStorageAdapter(dir));
			expect((await again.range(a, 1n)).map((e) => e.seqNum)).toEqual([1, 2, 3, 10, 11, 12, 100]);
			expect((await again.range(a, 10n)).map((e) => e.seqNum)).toEqual([5]);
			expect(await again.latest(a, 1n)).toBe(100);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});
