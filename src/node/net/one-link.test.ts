/**
 * Two hosts sharing a festival and its five sub-festivals over real WebRTC (node-datachannel)
 * and a real signaling server: with a shared link pool, each holds one signaling socket and
 * one peer connection for all six festivals (without one: six of each), the sub-festivals
 * follow the parent, and everything syncs.
 */
import * as A from '@automerge/automerge';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { cleanup } from 'node-datachannel';
import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { addEvent } from '../../lib/core/festival/document/doc.js';
import type { FestivalId } from '../../lib/core/festival/document/ids.js';
import { FestivalHost } from '../../lib/core/host/host.js';
import type { AdapterRequest } from '../../lib/core/host/replication.js';
import { generateIdentity, newDeviceId, type AuthorId } from '../../lib/core/identity/identity.js';
import {
	LinkPool,
	WebRTCNetworkAdapter,
	type WebRTCAdapterOptions
} from '../../lib/core/net/webrtc-adapter.js';
import { MemoryStorageAdapter } from '../../lib/core/store/memory-storage-adapter.js';
import { startSignaling, type RunningSignaling } from '../signaling/server.js';
import { talk } from '../../lib/core/festival/talk.fixture.js';

let server: RunningSignaling;
const hosts: FestivalHost[] = [];
beforeAll(async () => {
	server = await startSignaling({ port: 0 });
});
afterEach(async () => {
	for (const h of hosts.splice(0)) await h.close();
});
afterAll(async () => {
	await server.close();
	cleanup();
});

/** A host whose WebRTC adapters count the sockets and peer connections they make. */
async function host(name: string, shared: boolean) {
	const counts = { sockets: 0, connections: 0, closed: 0 };
	class CountingRTC extends RTCPeerConnection {
		#closed = false;
		constructor(config?: RTCConfiguration) {
			super(config);
			counts.connections++;
		}
		override close(): void {
			if (!this.#closed) counts.closed++;
			this.#closed = true;
			super.close();
		}
	}
	class CountingWS extends WebSocket {
		constructor(url: string) {
			super(url);
			counts.sockets++;
		}
	}
	const classes = {
		RTCPeerConnection: CountingRTC as unknown as WebRTCAdapterOptions['RTCPeerConnection'],
		WebSocket: CountingWS as unknown as WebRTCAdapterOptions['WebSocket'],
		iceServers: []
	};
	const makeAdapter = (r: AdapterRequest) => {
		const topic = { signalingUrl: r.signalingUrl, topic: r.topic, announceMs: 1000 };
		if (!shared) return new WebRTCNetworkAdapter({ ...topic, ...classes });
		const pool = r.shared.once('webrtc', () => new LinkPool(classes));
		return new WebRTCNetworkAdapter({ ...topic, pool });
	};
	const identity = { identity: await generateIdentity(name), device: newDeviceId() };
	const h = new FestivalHost({ storage: new MemoryStorageAdapter(), identity, sealDelayMs: 10 });
	hosts.push(h);
	const start = () =>
		h.network.start({
			makeAdapter,
			settings: { signalingUrl: server.url, iceServers: [] },
			digestMs: 500
		});
	return { h, counts, start };
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
	await vi.waitFor(() => expect(ok(), `waiting for ${what}`).toBe(true), {
		timeout: ms,
		interval: 20
	});
}

/** Alice's parent with five sub-festivals, replicated by Alice and Bob; Bob joins all six. */
async function parentAndFive(shared: boolean) {
	const alice = await host('Alice', shared);
	const bob = await host('Bob', shared);
	const parent = await alice.h.create({ name: 'Parent' });
	const subs: FestivalId[] = [];
	for (let i = 1; i <= 5; i++) subs.push((await alice.h.addChild(parent.id, `Sub ${i}`)).id);
	const all = [parent.id, ...subs];
	alice.start();
	bob.start();
	// Bob joins the parent only: its sub-festivals follow
	await bob.h.join(parent.id);
	await until('every festival at Bob, linked on both sides', () =>
		all.every(
			(id) =>
				bob.h.get(id)?.doc.meta !== undefined &&
				alice.h.network.peersOf(id).length === 1 &&
				bob.h.network.peersOf(id).length === 1
		)
	);
	return { alice, bob, parent: parent.id, subs, all };
}

describe('one link per pair of peers', () => {
	it('without a shared pool: six sockets and six live peer connections each', async () => {
		const { alice, bob } = await parentAndFive(false);
		for (const x of [alice, bob]) {
			expect(x.counts.sockets).toBe(6);
			// one per festival (and more made when both sides called at once)
			expect(x.counts.connections - x.counts.closed).toBe(6);
		}
	});

	it('a parent and five sub-festivals: one socket and one peer connection each, and an edit in a sub-festival syncs (Bob joined the parent only)', async () => {
		const { alice, bob, subs } = await parentAndFive(true);
		const one = (x: { counts: typeof alice.counts }) => {
			expect(x.counts.sockets).toBe(1);
			expect(x.counts.connections - x.counts.closed, 'live peer connections').toBe(1);
			// Calls made at once (glare) are closed again; usually one more is made, but on a loaded
			// machine up to one per festival was seen once. Never more than without a pool.
			expect(x.counts.connections).toBeLessThanOrEqual(6);
		};
		one(alice);
		one(bob);
		const sub = subs[3]!;
		await bob.h.change(sub, (d) => addEvent(d, bob.h.me as AuthorId, talk('From Bob')));
		const heads = (x: FestivalHost) => A.getHeads(x.get(sub)!.doc).sort().join();
		await until('the edit at Alice', () => heads(alice.h) === heads(bob.h));
		// still one of each: nothing was re-linked
		const before = alice.counts.connections;
		one(alice);
		one(bob);
		expect(alice.counts.connections).toBe(before);
	});
});
