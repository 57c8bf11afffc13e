import { afterEach, describe, expect, it, vi } from 'vitest';
import { addChild } from '../festival/document/doc.js';
import type { FestivalId } from '../festival/document/ids.js';
import type { Festival } from '../festival/festival.js';
import { generateIdentity, newDeviceId } from '../identity/identity.js';
import { MemoryStorageAdapter } from '../store/memory-storage-adapter.js';
import { listedSubFestivals, SUB_FESTIVAL_LIMITS, SubFestivals } from './family.js';
import { FestivalHost } from './host.js';
import { MemoryHub } from './memory-network.fixture.js';

const hosts: FestivalHost[] = [];
afterEach(async () => {
	for (const h of hosts.splice(0)) await h.close();
});

async function host(name: string) {
	const identity = { identity: await generateIdentity(name), device: newDeviceId() };
	const h = new FestivalHost({ storage: new MemoryStorageAdapter(), identity, sealDelayMs: 10 });
	hosts.push(h);
	return h;
}

const until = (what: string, ok: () => boolean, ms = 5000) =>
	vi.waitFor(() => expect(ok(), `waiting for ${what}`).toBe(true), { timeout: ms, interval: 5 });

const fakeId = (n: number) => n.toString(16).padStart(64, 'b') as FestivalId;

describe('sub-festivals follow their parent', () => {
	it('joining a festival brings its sub-festivals, and new ones as they are listed; profiles are not festivals', async () => {
		const hub = new MemoryHub();
		const net = {
			makeAdapter: hub.makeAdapter,
			settings: { signalingUrl: 'memory://', iceServers: [] }
		};
		const alice = await host('Alice');
		const parent = await alice.create({ name: 'Parent' });
		const subs = [await alice.addChild(parent.id, 'One'), await alice.addChild(parent.id, 'Two')];
		alice.network.start(net);
		const bob = await host('Bob');
		bob.network.start(net);
		await bob.join(parent.id);
		const ids = () => [...bob.tree().keys()].sort();
		await until('the sub-festivals at Bob', () => bob.tree().size === 3);
		expect(ids()).toEqual([parent.id, ...subs.map((s) => s.id)].sort());
		// Alice's profile is listed in `children` too (under her key): it is not joined
		expect(bob.festivals.size).toBe(3);
		const later = await alice.addChild(parent.id, 'Three');
		await until('the new sub-festival at Bob, unasked', () => bob.tree().has(later.id));
		expect(bob.network.festivals).toContain(later.id);
		expect(bob.festivals.size).toBe(4);
	});

	it('a forgotten sub-festival is not joined again; a fork does not join its original’s', async () => {
		const hub = new MemoryHub();
		const net = {
			makeAdapter: hub.makeAdapter,
			settings: { signalingUrl: 'memory://', iceServers: [] }
		};
		const alice = await host('Alice');
		const parent = await alice.create({ name: 'Parent' });
		const one = await alice.addChild(parent.id, 'One');
		const fork = await alice.fork(parent.id, 'Fork');
		expect(listedSubFestivals(alice.get(parent.id)!)).toEqual([one.id]);
		expect(listedSubFestivals(fork)).toEqual([]);
		alice.network.start(net);
		const bob = await host('Bob');
		bob.network.start(net);
		await bob.join(parent.id);
		await until('the sub-festival at Bob', () => bob.tree().has(one.id));
		await bob.forget(one.id);
		const two = await alice.addChild(parent.id, 'Two');
		await until('the second at Bob', () => bob.tree().has(two.id));
		expect(bob.tree().has(one.id)).toBe(false);
		expect(bob.tree().size).toBe(2);
	});

	it(`joins at most ${SUB_FESTIVAL_LIMITS.count} festivals and ${SUB_FESTIVAL_LIMITS.depth} levels down`, async () => {
		const h = await host('Alice');
		const parent = await h.create({ name: 'Parent' });
		await h.change(parent.id, (d) => {
			for (let i = 0; i < SUB_FESTIVAL_LIMITS.count + 50; i++)
				addChild(d, h.me, fakeId(i), `Sub ${i}`, parent.id);
		});
		const joined: FestivalId[] = [];
		const subs = new SubFestivals(
			(id) => joined.push(id),
			() => false
		);
		subs.follow(h.get(parent.id)!);
		expect(joined).toHaveLength(SUB_FESTIVAL_LIMITS.count);
		// a chain: each level lists the next
		const chain = new SubFestivals(
			(id) => void joined.push(id),
			() => false
		);
		joined.length = 0;
		const level = (n: number) =>
			({
				id: fakeId(n),
				doc: {
					meta: parent.doc.meta,
					children: {
						s: { [`${'0'.repeat(16)}${fakeId(n + 1)}`]: { festival: fakeId(n + 1), name: 'x' } }
					}
				}
			}) as unknown as Festival;
		// each level as it is joined (the first opened by hand)
		for (let n = 0; n < 20; n++) if (n === 0 || joined.includes(fakeId(n))) chain.follow(level(n));
		expect(joined).toHaveLength(SUB_FESTIVAL_LIMITS.depth);
	});
});
