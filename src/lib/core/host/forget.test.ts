import { afterEach, describe, expect, it } from 'vitest';
import { generateIdentity, newDeviceId } from '../identity/identity.js';
import * as edits from '../model/edits.js';
import { MemoryStorageAdapter } from '../store/memory-storage-adapter.js';
import { FestivalHost } from './host.js';

const hosts: FestivalHost[] = [];
afterEach(async () => {
	for (const h of hosts.splice(0)) await h.close();
});

async function host(storage = new MemoryStorageAdapter()) {
	const identity = { identity: await generateIdentity('Alice'), device: newDeviceId() };
	const h = new FestivalHost({ storage, identity, sealDelayMs: 10, policyDelayMs: 5 });
	hosts.push(h);
	return h;
}

describe('host: forgetting a festival and renaming it', () => {
	it('forgets one festival: closed, its storage and index entry gone, the others kept', async () => {
		const storage = new MemoryStorageAdapter();
		const h = await host(storage);
		const keep = await h.create({ name: 'Keep', tz: 'UTC' });
		const gone = await h.create({ name: 'Gone', tz: 'UTC' });
		const closed: string[][] = [];
		h.on('closed', (e) => closed.push([...e.ids]));
		await h.forget(gone.id);
		expect(closed).toEqual([[gone.id]]);
		expect(h.get(gone.id)).toBeUndefined();
		expect((await h.list()).map((s) => s.name)).toEqual(['Keep']);
		expect(await storage.loadRange(['festival', gone.id])).toEqual([]);
		expect(await h.open(gone.id)).toBeUndefined();
		expect((await h.open(keep.id))?.doc.meta.name.toString()).toBe('Keep');
		// Another host over the same storage does not find it either.
		await h.close();
		const again = await host(storage);
		expect((await again.list()).map((s) => s.id)).toEqual([keep.id]);
	});

	it('a rename by the creator shows in the festival list', async () => {
		const h = await host();
		const f = await h.create({ name: 'Old', tz: 'UTC' });
		const r = await edits.editSettings(h.editable(f.id), h.me, { name: 'New', tz: 'UTC' });
		expect(r.ok).toBe(true);
		expect((await h.list()).map((s) => s.name)).toEqual(['New']);
	});
});
