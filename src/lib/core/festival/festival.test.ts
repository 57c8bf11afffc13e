import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { generateIdentity, newDeviceId, type Identity } from '../identity/identity.js';
import { MemoryStorageAdapter } from '../store/memory-storage-adapter.js';
import { addEvent, addResource, rawItem, rawItems, updateResource } from './document/doc.js';
import { Festival, type FestivalContext } from './festival.js';
import { talk } from './talk.fixture.js';

async function person(name: string): Promise<FestivalContext & { identity: Identity }> {
	return {
		identity: await generateIdentity(name),
		device: newDeviceId(),
		storage: new MemoryStorageAdapter(),
		sealDelayMs: 5
	};
}

const room = { name: 'Main hall', kind: 'location', policy: 'manual' } as const;

describe('Festival', () => {
	it('creates, edits, seals a burst into one entry, and reopens from storage', async () => {
		const alice = await person('Alice');
		const f = await Festival.create(alice, { name: 'Summer camp', tz: 'Europe/Berlin' });
		const r = await f.change((d) => addResource(d, alice.identity.author, room));
		await f.change((d) => addEvent(d, alice.identity.author, talk('Opening')));
		await f.change((d) => addEvent(d, alice.identity.author, talk('Closing')));
		await f.close();
		const entries = await f.entries();
		expect(entries).toHaveLength(2); // the genesis, then one entry for the burst of three
		const again = await Festival.open(alice, f.id);
		expect(again).toBeDefined();
		expect(String(again!.doc.meta.name)).toBe('Summer camp');
		expect(rawItem(again!.doc, 'resources', r)).toBeDefined();
		expect(rawItems(again!.doc, 'events')).toHaveLength(2);
		// Editing after reopening continues the same log.
		await again!.change((d) => addEvent(d, alice.identity.author, talk('Late')));
		await again!.close();
		expect(await again!.entries()).toHaveLength(3);
	});

	it('replicates to another author through entries, and back', async () => {
		const alice = await person('Alice');
		const bob = await person('Bob');
		const fa = await Festival.create(alice, { name: 'Fest' });
		await fa.change((d) => addResource(d, alice.identity.author, room));
		await fa.close();
		const fb = await Festival.create(bob, { name: 'placeholder' }); // bob's own, unrelated
		expect(fb.id).not.toBe(fa.id);
		// Bob joins Alice's festival from her entries (as a bundle or a peer would bring them).
		const joined = await Festival.join(bob, fa.id, await fa.entries());
		expect(rawItems(joined.doc, 'resources')).toHaveLength(1);
		await joined.change((d) => addEvent(d, bob.identity.author, talk('Bob talks')));
		await joined.close();
		const report = await fa.ingest(await joined.entries());
		expect(report.refused).toEqual([]);
		expect(rawItems(fa.doc, 'events')).toHaveLength(1);
		expect(A.getHeads(fa.doc).sort()).toEqual(A.getHeads(joined.doc).sort());
	});

	it('counts local changes until they are sealed into an entry', async () => {
		const alice = await person('Alice');
		const f = await Festival.create({ ...alice, sealDelayMs: 60_000 }, { name: 'Fest' });
		expect(f.unsealedCount).toBe(0);
		await f.change((d) => addEvent(d, alice.identity.author, talk('One')));
		await f.change((d) => addEvent(d, alice.identity.author, talk('Two')));
		expect(f.unsealedCount).toBe(2);
		const counts: number[] = [];
		f.onEntries(() => counts.push(f.unsealedCount));
		await f.seal();
		expect(counts).toEqual([0]);
		expect(f.unsealedCount).toBe(0);
	});

	it('a crash before sealing loses nothing: the next open seals the change', async () => {
		const alice = await person('Alice');
		const f = await Festival.create(alice, { name: 'Fest' });
		await f.change((d) => addEvent(d, alice.identity.author, talk('Unsealed')));
		// No close(): the process "dies" here. The change is stored unsealed.
		const again = await Festival.open({ ...alice, sealDelayMs: 60_000 }, f.id);
		expect(rawItems(again!.doc, 'events')).toHaveLength(1);
		expect(await again!.entries()).toHaveLength(2);
	});

	it('forks: everything so far, owners kept, original untouched', async () => {
		const alice = await person('Alice');
		const bob = await person('Bob');
		const fa = await Festival.create(alice, { name: 'Original' });
		const r = await fa.change((d) => addResource(d, alice.identity.author, room));
		await fa.close();
		const fb = await Festival.join(bob, fa.id, await fa.entries());
		const fork = await fb.fork({ name: 'The fork' });
		expect(fork.id).not.toBe(fa.id);
		expect(String(fork.doc.meta.name)).toBe('The fork');
		expect(String(fork.doc.meta.forkedFrom?.festival)).toBe(fa.id);
		const res = rawItem(fork.doc, 'resources', r) as object;
		expect(A.getObjectId(res)!.split('@')[1]!.slice(0, 64)).toBe(alice.identity.author);
		await fork.change((d) => addEvent(d, bob.identity.author, talk('Only in the fork')));
		await fork.close();
		expect(rawItems(fa.doc, 'events')).toHaveLength(0);
		expect(String(fa.doc.meta.name)).toBe('Original');
		// A third person gets the fork from its entries alone: the original's history comes along.
		const carol = await person('Carol');
		const fc = await Festival.join(carol, fork.id, await fork.entries());
		expect(String(fc.doc.meta.name)).toBe('The fork');
		expect(rawItems(fc.doc, 'events')).toHaveLength(1);
		expect(rawItem(fc.doc, 'resources', r)).toBeDefined();
	});

	it('a damaged document snapshot is rebuilt from the stored entries; nothing is lost', async () => {
		const alice = await person('Alice');
		const f = await Festival.create(alice, { name: 'Fest' });
		await f.change((d) => addEvent(d, alice.identity.author, talk('Kept')));
		await f.close();
		for (const c of await alice.storage.loadRange(['festival', f.id, 'doc'])) {
			await alice.storage.save(c.key, Uint8Array.of(1, 2, 3, 4));
		}
		const again = await Festival.open(alice, f.id);
		expect(again).toBeDefined();
		expect(String(again!.doc.meta.name)).toBe('Fest');
		expect(rawItems(again!.doc, 'events')).toHaveLength(1);
		await again!.change((d) => addEvent(d, alice.identity.author, talk('After repair')));
		await again!.close();
		const third = await Festival.open(alice, f.id);
		expect(rawItems(third!.doc, 'events')).toHaveLength(2);
	});

	it('updates an own resource (regression: updateResource used toJS on a nested object)', async () => {
		const alice = await person('Alice');
		const f = await Festival.create(alice, { name: 'Fest' });
		const r = await f.change((d) =>
			addResource(d, alice.identity.author, { ...room, capacity: 2 })
		);
		await f.change((d) => updateResource(d, r, { name: 'Big hall', policy: 'first-come' }));
		const res = rawItem(f.doc, 'resources', r) as Record<string, unknown>;
		expect(String(res.name)).toBe('Big hall');
		expect(String(res.policy)).toBe('first-come');
		expect(res.capacity).toBe(2);
	});

	it('child festivals name their parent and are listed in it', async () => {
		const alice = await person('Alice');
		const parent = await Festival.create(alice, { name: 'Parent' });
		const child = await parent.addChild({ name: 'Kids corner' });
		expect(String(child.doc.meta.parent)).toBe(parent.id);
		const listed = rawItems(parent.doc, 'children').map(([, v]) =>
			String((v as { festival: unknown }).festival)
		);
		expect(listed).toEqual([child.id]);
	});
});
