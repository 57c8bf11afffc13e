/**
 * SyncState over an in-memory network: two devices' FestivalsStates replicate through it,
 * and the status (peers, last seen, online, signaling, unsealed edits) follows.
 */
import type { Message, PeerId } from '@automerge/automerge-repo/slim';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addEvent, addResource } from '../../core/festival/document/doc.js';
import type { FestivalId } from '../../core/festival/document/ids.js';
import { generateIdentity, newDeviceId } from '../../core/identity/identity.js';
import { MemoryStorageAdapter } from '../../core/store/memory-storage-adapter.js';
import { FestivalsState } from '../festival/festivals.svelte.js';
import { MemoryHub as CoreHub } from '../../core/host/memory-network.fixture.js';
import type { SyncPlatform } from './platform.js';
import { SyncState } from './sync.svelte.js';

/** The core's in-memory network, as a platform whose connectivity a test switches. */
class MemoryHub extends CoreHub {
	ice: RTCIceServer[] = [];
	platform(): SyncPlatform & { setOnline(online: boolean): void } {
		let online = true;
		const listeners = new Set<(online: boolean) => void>();
		return {
			signalingUrl: () => 'memory://hub/',
			iceServers: () => this.ice,
			online: () => online,
			onConnectivity: (fn) => (listeners.add(fn), () => listeners.delete(fn)),
			makeAdapter: this.makeAdapter,
			setOnline(next) {
				online = next;
				for (const fn of listeners) fn(next);
			}
		};
	}
}

const states: SyncState[] = [];
afterEach(async () => {
	for (const s of states.splice(0)) {
		s.stop();
		await s.festivals.close();
	}
});

async function device(hub: MemoryHub, name: string) {
	const festivals = new FestivalsState(new MemoryStorageAdapter(), 10);
	await festivals.start({ identity: await generateIdentity(name), device: newDeviceId() });
	const platform = hub.platform();
	const sync = new SyncState(festivals, platform);
	states.push(sync);
	sync.start();
	return { festivals, sync, platform };
}

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
	await vi.waitFor(() => expect(ok(), `waiting for ${what}`).toBe(true), {
		timeout: ms,
		interval: 10
	});
}

/** Alice's festival, joined by Bob: both linked, the festival arrived at Bob. */
async function aliceAndBob() {
	const hub = new MemoryHub();
	const alice = await device(hub, 'Alice');
	const id = await alice.festivals.create('Fest', 'UTC');
	const bob = await device(hub, 'Bob');
	await bob.festivals.join(id);
	await until(
		'the festival at Bob, both linked',
		() =>
			!bob.festivals.isWaiting(id) &&
			bob.sync.connectedPeers.length === 1 &&
			alice.sync.connectedPeers.length === 1
	);
	return { hub, alice, bob, id };
}

const talk = {
	title: 'Opening',
	start: '2026-07-01T10:00:00Z',
	end: '2026-07-01T11:00:00Z',
	tags: [],
	requests: []
};

describe('SyncState', () => {
	it("replicates a festival to a device that joins it, and shows each as the other's connected peer", async () => {
		const hub = new MemoryHub();
		const alice = await device(hub, 'Alice');
		const id = await alice.festivals.create('Fest', 'UTC');
		await alice.festivals.change(id, (d) =>
			addResource(d, alice.festivals.me as never, {
				name: 'Hall',
				kind: 'location',
				policy: 'manual'
			})
		);
		expect(alice.sync.joinedCount).toBe(1);
		expect(alice.sync.signalingConnected).toBe(true);

		const bob = await device(hub, 'Bob');
		await bob.festivals.join(id);
		await until(
			'the festival at Bob',
			() => !bob.festivals.isWaiting(id) && bob.festivals.get(id)!.doc.resources !== undefined
		);
		await until(
			'the resource at Bob',
			() => Object.keys(JSON.parse(JSON.stringify(bob.festivals.get(id)!.doc.resources))).length > 0
		);
		expect(bob.sync.connectedPeers.map((p) => p.id)).toEqual([alice.sync.peerId]);
		expect(alice.sync.festivalPeers(id).map((p) => p.id)).toEqual([bob.sync.peerId]);
		expect(bob.sync.peerId.startsWith(bob.festivals.me.slice(0, 8))).toBe(true);
		expect(bob.festivals.list.map((f) => f.name)).toEqual(['Fest']);
	});

	it('counts edits saved but not yet signed, then says when they were signed; edits reach the peer', async () => {
		const { alice, bob, id } = await aliceAndBob();
		const before = bob.sync.sealedAt;
		await bob.festivals.change(id, (d) => addEvent(d, bob.festivals.me as never, talk));
		expect(bob.sync.unsealed).toBe(1);
		await until('the edit signed', () => bob.sync.unsealed === 0);
		expect(bob.sync.sealedAt).toBeGreaterThan(before ?? 0);
		await until('the event at Alice', () =>
			JSON.stringify(alice.festivals.get(id)!.doc.events).includes('Opening')
		);
	});

	it('offline closes every link and signaling; back online it connects afresh and catches up', async () => {
		const { alice, bob, id } = await aliceAndBob();
		bob.platform.setOnline(false);
		expect(bob.sync.online).toBe(false);
		expect(bob.sync.signalingConnected).toBe(false);
		expect(bob.sync.connectedPeers).toEqual([]);
		expect(alice.sync.connectedPeers).toEqual([]);
		// Alice's peer list keeps Bob as away, with when he was last seen.
		const away = alice.sync.peers.find((p) => p.id === bob.sync.peerId);
		expect(away?.connected).toBe(false);
		expect(away?.lastSeen).toBeGreaterThan(0);
		await bob.festivals.change(id, (d) =>
			addEvent(d, bob.festivals.me as never, { ...talk, title: 'Offline talk' })
		);
		await until('signed offline', () => bob.sync.unsealed === 0);
		bob.platform.setOnline(true);
		expect(bob.sync.signalingConnected).toBe(true);
		await until('the offline edit at Alice', () =>
			JSON.stringify(alice.festivals.get(id)!.doc.events).includes('Offline talk')
		);
	});

	it('a peer that sends garbage is dropped through the adapter', async () => {
		const { hub, alice, bob } = await aliceAndBob();
		const aliceAdapter = hub.adapters.find((a) => a.peerId === alice.sync.peerId)!;
		const bobAdapter = hub.adapters.find((a) => a.peerId === bob.sync.peerId)!;
		bobAdapter.send({
			type: 'festival',
			senderId: bob.sync.peerId as PeerId,
			targetId: alice.sync.peerId as PeerId,
			data: new Uint8Array([9, 9, 9])
		} as Message);
		await until('dropped', () => aliceAdapter.dropped.length === 1);
		expect(aliceAdapter.dropped[0]).toMatch(/undecodable/);
		await until('unlinked', () => alice.sync.connectedPeers.length === 0);
	});

	it("a new session of a key forgets that key's earlier sessions that are away", async () => {
		const { alice, bob, id } = await aliceAndBob();
		const first = bob.sync.peerId;
		// Bob reloads: a new SyncState (new session) on the same festivals.
		bob.sync.stop();
		const again = new SyncState(bob.festivals, bob.platform);
		states.push(again);
		again.start();
		await until('relinked', () => alice.sync.connectedPeers.length === 1);
		expect(again.peerId).not.toBe(first);
		expect(alice.sync.peers.map((p) => p.id)).toEqual([again.peerId]);
		expect(alice.sync.festivalPeers(id as FestivalId)).toHaveLength(1);
	});
	it('new STUN/TURN servers reconnect every festival with them; a bad line changes nothing', async () => {
		const hub = new MemoryHub();
		const alice = await device(hub, 'Alice');
		const id = await alice.festivals.create('Fest', 'UTC');
		expect(hub.adapters.at(-1)!.r.iceServers).toEqual([]);
		expect(() => alice.sync.setIceServers('https://nope.example')).toThrow(
			/line 1: .*starts with stun:/
		);
		expect(hub.adapters).toHaveLength(1);
		hub.ice = [{ urls: 'stun:stun.example.org:3478' }];
		expect(alice.sync.setIceServers('stun:stun.example.org:3478')).toEqual(hub.ice);
		expect(hub.adapters).toHaveLength(2);
		expect(hub.adapters[0]!.connected).toBe(false);
		expect(hub.adapters[1]!.r.iceServers).toEqual(hub.ice);
		expect(alice.sync.joinedCount).toBe(1);
		const bob = await device(hub, 'Bob');
		await bob.festivals.join(id);
		await until('the festival at Bob', () => !bob.festivals.isWaiting(id));
	});
});
