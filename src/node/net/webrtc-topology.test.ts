/**
 * The WebRTC adapter's overlay over real node-datachannel data channels and a real signaling
 * server: bounded degree with random neighbours, reshuffling, and dropping a peer.
 */
import type { PeerId } from '@automerge/automerge-repo/slim';
import { describe, expect, it, vi } from 'vitest';
import type { WebRTCNetworkAdapter } from '../../lib/core/net/webrtc-adapter.js';
import {
	freshTopic,
	nodeAdapter,
	signalingRig,
	waitFor,
	watchTopic,
	type TopicWatch
} from './test-peers.js';

const server = signalingRig();
const { live, watches } = server;

const id = (s: string): PeerId => s as PeerId;

/** `n` adapters on a fresh topic, connected as p0, p1, …, and a watch on the topic. */
async function swarm(
	n: number,
	extra: Parameters<typeof nodeAdapter>[2] = {}
): Promise<{ adapters: WebRTCNetworkAdapter[]; names: string[]; watch: TopicWatch }> {
	const topic = freshTopic();
	const watch = await watchTopic(server.url, topic);
	watches.push(watch);
	const adapters = Array.from({ length: n }, () => nodeAdapter(server.url, topic, extra));
	live.push(...adapters);
	const names = adapters.map((_, i) => `p${i}`);
	adapters.forEach((a, i) => a.connect(id(names[i]!), {}));
	return { adapters, names, watch };
}

/** Waits until `cond` holds (vi.waitFor), failing with `what` after `timeout` ms. */
async function eventually(cond: () => boolean, what: string, timeout: number): Promise<void> {
	await vi.waitFor(() => expect(cond(), what).toBe(true), { timeout, interval: 20 });
}

/** Whether the links (the union of every adapter's `peers`) connect all adapters. */
function connected(adapters: WebRTCNetworkAdapter[]): boolean {
	const edges = new Map<string, Set<string>>();
	adapters.forEach((a, i) => {
		for (const p of a.peers) {
			const me = `p${i}`;
			if (!edges.has(me)) edges.set(me, new Set());
			if (!edges.has(p)) edges.set(p, new Set());
			edges.get(me)!.add(p);
			edges.get(p)!.add(me);
		}
	});
	const seen = new Set(['p0']);
	const todo = ['p0'];
	while (todo.length > 0)
		for (const q of edges.get(todo.pop()!) ?? [])
			if (!seen.has(q)) {
				seen.add(q);
				todo.push(q);
			}
	return seen.size === adapters.length;
}

/** Each adapter's links as `a-b` strings (smaller id first). */
function links(adapters: WebRTCNetworkAdapter[]): Set<string> {
	const out = new Set<string>();
	adapters.forEach((a, i) => {
		for (const p of a.peers) out.add([`p${i}`, p].sort().join('-'));
	});
	return out;
}

describe('WebRTC adapter overlay', () => {
	it('keeps 10 peers with targetPeers 3 near 3 links each, in one connected overlay', async () => {
		const maxPeers = 8;
		const { adapters, names, watch } = await swarm(10, {
			announceMs: 300,
			targetPeers: 3,
			maxPeers,
			reshuffleMs: 1500
		});
		const degrees = () => adapters.map((a) => a.peers.length);
		await eventually(
			() => degrees().every((d) => d >= 1) && connected(adapters),
			'a connected overlay',
			15_000
		);
		// over a few reshuffles, peers above target shed links: sample the degrees each time
		// every peer made two more announce rounds (~600 ms, in each of which it calls for
		// links if below target), six times: some 3.6 s, two or three reshuffles per peer
		const samples: number[] = [];
		for (let k = 0; k < 6; k++) {
			await watch.announceRounds(names, 2);
			samples.push(...degrees());
		}
		for (const d of samples) expect(d).toBeLessThanOrEqual(maxPeers);
		const near = samples.filter((d) => d >= 2 && d <= 4).length;
		expect(near / samples.length).toBeGreaterThan(0.6);
		expect(samples.reduce((x, y) => x + y, 0) / samples.length).toBeLessThan(4.5);
		// and it ends with every peer linked, the overlay connected
		await eventually(
			() => degrees().every((d) => d >= 1 && d <= maxPeers) && connected(adapters),
			'a connected overlay',
			10_000
		);
	}, 40_000);

	it('without reshuffling, every peer reaches its target and no more than maxPeers', async () => {
		const { adapters } = await swarm(10, { announceMs: 300, targetPeers: 3, maxPeers: 6 });
		await eventually(
			() => adapters.every((a) => a.peers.length >= 3) && connected(adapters),
			'every peer at target',
			15_000
		);
		for (const a of adapters) expect(a.peers.length).toBeLessThanOrEqual(6);
	}, 30_000);

	it('reshuffles: links change over time while the overlay stays whole', async () => {
		const { adapters } = await swarm(6, { announceMs: 300, targetPeers: 2, reshuffleMs: 400 });
		await eventually(
			() => adapters.every((a) => a.peers.length >= 1) && connected(adapters),
			'a connected overlay',
			15_000
		);
		const before = links(adapters);
		await eventually(
			() => {
				const now = links(adapters);
				return [...before].some((l) => !now.has(l)) && [...now].some((l) => !before.has(l));
			},
			'a link dropped and another made',
			10_000
		);
		await eventually(() => connected(adapters), 'a connected overlay again', 10_000);
	}, 40_000);

	it('dropPeer closes the link on both sides, and the peer stays out while banned', async () => {
		const { adapters, watch } = await swarm(3, { announceMs: 200, banMs: 2500 });
		const [a, b, c] = adapters as [
			WebRTCNetworkAdapter,
			WebRTCNetworkAdapter,
			WebRTCNetworkAdapter
		];
		await eventually(() => [a, b, c].every((x) => x.peers.length === 2), 'a full mesh', 10_000);
		const gone = Promise.all([
			waitFor(a, 'peer-disconnected', (p: { peerId: PeerId }) => p.peerId === 'p1'),
			waitFor(b, 'peer-disconnected', (p: { peerId: PeerId }) => p.peerId === 'p0')
		]);
		const relinked: number[] = [];
		a.on('peer-candidate', ({ peerId }) => {
			if (peerId === 'p1') relinked.push(Date.now());
		});
		// b calling a, and a declining, from now on
		const declined = watch.published(
			(d) =>
				d.type === 'signal' && d.from === 'p0' && d.to === 'p1' && d.signal?.type === 'decline',
			1,
			"a's decline of b's call",
			2500
		);
		const dropped = Date.now();
		a.dropPeer(id('p1'), 'sent an invalid entry');
		await gone;
		expect(a.peers).toEqual(['p2']);
		expect(b.peers).toEqual(['p2']);
		// through several announces, b calls and is declined: wait for a's decline (b's call then
		// waits out a grace period, as the decline might be forged) and four announce rounds each
		// of a's, which hears b, and of b's (some 800 ms, well within the ban)
		await Promise.all([declined, watch.announceRounds(['p0', 'p1'], 4)]);
		expect(a.peers).toEqual(['p2']);
		expect(b.peers).toEqual(['p2']);
		expect(relinked).toEqual([]);
		// once the ban is over, they may meet again
		await eventually(
			() => a.peers.includes(id('p1')) && b.peers.includes(id('p0')),
			'a and b linked again',
			15_000
		);
		expect(relinked[0]! - dropped).toBeGreaterThanOrEqual(2500);
	}, 30_000);
});
