import { describe, expect, it } from 'vitest';
import { fakeAuthor, fakeEntry, runLogStoreTests } from './log-store-tests.js';
import { MemoryStorageAdapter } from './memory-storage-adapter.js';
import { seqKey, StorageLogStore } from './storage-log-store.js';
import { toHex } from '../bytes.js';

runLogStoreTests(async () => {
	const adapter = new MemoryStorageAdapter();
	return { store: new StorageLogStore(adapter), reopen: async () => new StorageLogStore(adapter) };
}, 'StorageLogStore over MemoryStorageAdapter');

runLogStoreTests(async () => {
	const adapter = new MemoryStorageAdapter();
	const namespace = ['festival-logs', 'v1'];
	return {
		store: new StorageLogStore(adapter, { namespace }),
		reopen: async () => new StorageLogStore(adapter, { namespace })
	};
}, 'StorageLogStore in a namespace');

describe('StorageLogStore key layout', () => {
	it('keys entries by author, decimal log id and 16-digit seq, payloads and a log marker beside them', async () => {
		const adapter = new MemoryStorageAdapter();
		const store = new StorageLogStore(adapter, { namespace: ['ns'] });
		const a = fakeAuthor(2);
		const e = fakeEntry(a, 300n, 12, Uint8Array.of(5));
		await store.put(e, Uint8Array.of(5));
		const keys = (await adapter.loadRange([])).map((c) => c.key);
		expect(keys).toEqual([
			['ns', 'payloads', toHex(a), '300', '0000000000000012'],
			['ns', 'logs', toHex(a), '300'],
			['ns', 'entries', toHex(a), '300', '0000000000000012']
		]);
		expect(seqKey(2 ** 53 - 1)).toBe('9007199254740991');
		expect(() => seqKey(0)).toThrow(RangeError);
	});

	it('ignores foreign keys under its prefixes', async () => {
		const adapter = new MemoryStorageAdapter();
		const a = toHex(fakeAuthor(3));
		await adapter.save(['logs', 'not-an-author', '1'], Uint8Array.of(1));
		await adapter.save(['entries', a, '1', 'x', 'y'], Uint8Array.of(1));
		const store = new StorageLogStore(adapter);
		expect(await store.logs()).toEqual([]);
		expect(await store.range(a, 1n)).toEqual([]);
		expect(await store.latest(a, 1n)).toBe(0);
	});
});
