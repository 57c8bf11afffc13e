import { runStorageAdapterTests } from '@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js';
import { describe, expect, it } from 'vitest';
import { MemoryStorageAdapter } from './memory-storage-adapter.js';

runStorageAdapterTests(
	async () => ({ adapter: new MemoryStorageAdapter() }),
	'MemoryStorageAdapter'
);

describe('MemoryStorageAdapter', () => {
	it('matches key prefixes element by element', async () => {
		const s = new MemoryStorageAdapter();
		await s.save(['a.b'], Uint8Array.of(1));
		await s.save(['a', 'b'], Uint8Array.of(2));
		await s.save(['ab', 'c'], Uint8Array.of(3));
		expect(await s.load(['a.b'])).toEqual(Uint8Array.of(1));
		expect(await s.load(['a', 'b'])).toEqual(Uint8Array.of(2));
		expect((await s.loadRange(['a'])).map((c) => c.key)).toEqual([['a', 'b']]);
		await s.removeRange(['a']);
		expect(s.size).toBe(2);
	});

	it('copies values in and out', async () => {
		const s = new MemoryStorageAdapter();
		const v = Uint8Array.of(1, 2);
		await s.save(['k'], v);
		v[0] = 9;
		const got = (await s.load(['k']))!;
		got[1] = 9;
		expect(await s.load(['k'])).toEqual(Uint8Array.of(1, 2));
	});
});
