import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { MemoryStorageAdapter } from '../../store/memory-storage-adapter.js';
import type { FestivalDoc } from '../document/doc.js';
import type { FestivalId } from '../document/ids.js';
import { FestivalStorage } from './storage.js';

const id = 'f'.repeat(64) as FestivalId;
type Doc = FestivalDoc & { n?: number };

describe('FestivalStorage: the document', () => {
	it('loads a snapshot and its chunks in one go, as they were saved', async () => {
		const storage = new MemoryStorageAdapter();
		const store = new FestivalStorage(storage, id);
		let doc = A.change(A.init<Doc>(), (d) => void (d.n = 0));
		await store.saveDoc(doc); // the snapshot
		for (let i = 1; i <= 5; i++) {
			doc = A.change(doc, (d) => void (d.n = i));
			await store.saveDoc(doc); // a chunk each
		}
		const loaded = await new FestivalStorage(storage, id).loadDoc('ab'.repeat(16));
		expect(loaded && A.getHeads(loaded)).toEqual(A.getHeads(doc));
		expect((loaded as Doc | undefined)?.n).toBe(5);
		expect(loaded && A.getActorId(loaded)).toBe('ab'.repeat(16));
	});

	it('a chunk whose dependencies are missing waits, and the rest still loads', async () => {
		const storage = new MemoryStorageAdapter();
		const store = new FestivalStorage(storage, id);
		const base = A.change(A.init<Doc>(), (d) => void (d.n = 0));
		await store.saveDoc(base);
		const one = A.change(base, (d) => void (d.n = 1));
		const two = A.change(one, (d) => void (d.n = 2));
		// Only the change after `one` is stored: it cannot be applied yet.
		await storage.save(['festival', id, 'doc', 'inc', 'z'], A.saveSince(two, A.getHeads(one)));
		const loaded = await new FestivalStorage(storage, id).loadDoc();
		expect((loaded as Doc | undefined)?.n).toBe(0);
		expect(loaded && A.getHeads(loaded)).toEqual(A.getHeads(base));
	});
});
