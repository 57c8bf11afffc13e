import { afterEach, describe, expect, it } from 'vitest';
import { addEvent, addResource } from '../festival/document/doc.js';
import { readFestival } from '../festival/read/views.js';
import { generateIdentity, newDeviceId, withDetails } from '../identity/identity.js';
import { MemoryStorageAdapter } from '../store/memory-storage-adapter.js';
import { FestivalHost } from './host.js';

const hosts: FestivalHost[] = [];
afterEach(async () => {
	for (const h of hosts.splice(0)) await h.close();
});

async function host(name?: string) {
	const identity = { identity: await generateIdentity(name), device: newDeviceId() };
	const h = new FestivalHost({ storage: new MemoryStorageAdapter(), identity, sealDelayMs: 10 });
	hosts.push(h);
	return h;
}

const person = (h: FestivalHost, id: Parameters<FestivalHost['get']>[0]) =>
	readFestival(h.tree(), id)!.people.find((p) => p.key === h.me);

describe("the host publishes its identity's profile", () => {
	it("with the identity's note and contact, and its name alone when the note is refused", async () => {
		const base = await generateIdentity();
		const make = async (note: string) => {
			const identity = withDetails(base, { name: 'Ada', note, contact: 'ada@example.org' });
			const h = new FestivalHost({
				storage: new MemoryStorageAdapter(),
				identity: { identity, device: newDeviceId() },
				sealDelayMs: 10
			});
			hosts.push(h);
			return h;
		};
		const h = await make('lights');
		const f = await h.create({ name: 'Fest' });
		expect(person(h, f.id)).toMatchObject({
			name: 'Ada',
			note: 'lights',
			contact: 'ada@example.org'
		});
		const hidden = await make('evil\u202enote');
		const g = await hidden.create({ name: 'Fest' });
		expect(person(hidden, g.id)).toMatchObject({ name: 'Ada' });
		expect(person(hidden, g.id)?.note).toBeUndefined();
	});

	it('with a new festival, so the first festival already carries the name', async () => {
		const h = await host('Alice');
		const f = await h.create({ name: 'Fest' });
		expect(person(h, f.id)).toMatchObject({ name: 'Alice' });
	});

	it('with the first local change where it is missing, and not again when it is there', async () => {
		const h = await host();
		const f = await h.create({ name: 'Fest' });
		expect(person(h, f.id)).toBeUndefined();
		expect((await h.profile.set({ name: 'Bea' }, h.festivals.values())).ok).toBe(true);
		expect(person(h, f.id)).toBeUndefined(); // nothing of hers there yet: it waits for a change
		await h.change(f.id, (d) =>
			addResource(d, h.ctx.identity.author, { name: 'Hall', kind: 'location', policy: 'manual' })
		);
		expect(person(h, f.id)).toMatchObject({ name: 'Bea' });
		await h.change(f.id, (d) =>
			addEvent(d, h.ctx.identity.author, {
				title: 'Talk',
				start: '2026-07-01T10:00:00Z',
				end: '2026-07-01T11:00:00Z',
				tags: [],
				requests: []
			})
		);
		expect(readFestival(h.tree(), f.id)!.events[0]!.ownerName).toBe('Bea');
	});

	it('updates the name where it was published, and refuses a hostile one', async () => {
		const h = await host('Alice');
		const f = await h.create({ name: 'Fest' });
		expect((await h.profile.set({ name: 'Alice Liddell' }, h.festivals.values())).ok).toBe(true);
		expect(person(h, f.id)).toMatchObject({ name: 'Alice Liddell' });
		const bad = await h.profile.set({ name: 'Ali\u202Ece' }, h.festivals.values());
		expect(bad.ok).toBe(false);
		expect(person(h, f.id)).toMatchObject({ name: 'Alice Liddell' });
	});
});
