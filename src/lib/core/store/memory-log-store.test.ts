import { describe, expect, it } from 'vitest';
import { fakeAuthor, fakeEntry, runLogStoreTests } from './log-store-tests.js';
import { MemoryLogStore } from './memory-log-store.js';

runLogStoreTests(async () => ({ store: new MemoryLogStore() }), 'MemoryLogStore');

describe('MemoryLogStore', () => {
	it('copies bytes in and out', async () => {
		const store = new MemoryLogStore();
		const a = fakeAuthor(1);
		const e = fakeEntry(a, 0n, 1);
		const kept = e.slice();
		await store.put(e);
		e[100] = e[100]! ^ 1;
		const got = (await store.get(a, 0n, 1))!;
		expect(got.entry).toEqual(kept);
		got.entry[100] = got.entry[100]! ^ 1;
		expect((await store.get(a, 0n, 1))!.entry).toEqual(kept);
	});
});
