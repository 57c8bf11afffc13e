/**
 * The link pool over real node-datachannel links and a real signaling server: one link per
 * pair of peers for many topics, topics joined only towards peers that know them, glare, idle
 * links closing, and peers that join topics or send messages they should not.
 */
import type { Message, PeerId } from '@automerge/automerge-repo/slim';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { WebSocket } from 'ws';
import { describe, expect, it, vi } from 'vitest';
import { chunkMessage, Reassembler } from '../../lib/core/net/chunking.js';
import {
	LinkPool,
	WebRTCNetworkAdapter,
	type PoolOptions,
	type WebRTCAdapterOptions
} from '../../lib/core/net/webrtc-adapter.js';
import { decodeFrame, encodeMessage, encodeTopic } from '../../lib/core/net/wire.js';
import { freshTopic, recordingRTC, signalingRig, waitFor } from './test-peers.js';

const server = signalingRig();
const pools: LinkPool[] = [];
const id = (s: string): PeerId => s as PeerId;

function pool(extra: Partial<PoolOptions> = {}): LinkPool {
	const p = new LinkPool({
		RTCPeerConnection: RTCPeerConnection as unknown as WebRTCAdapterOptions['RTCPeerConnection'],
		WebSocket,
		iceServers: [],
		idleMs: 300,
		...extra
	});
	pools.push(p);
	return p;
}

/** An adapter for `topic` on `p`, connected as `me`. */
function on(p: LinkPool, topic: string, me: string, announceMs = 300): WebRTCNetworkAdapter {
	const a = new WebRTCNetworkAdapter({ pool: p, signalingUrl: server.url, topic, announceMs });
	server.live.push(a);
	a.connect(id(me), {});
	return a;
}

const until = (what: string, ok: () => boolean, ms = 10_000) =>
	vi.waitFor(() => expect(ok(), what).toBe(true), { timeout: ms, interval: 20 });

/** An RTC class recording channels, and the topics named in join/leave frames arriving on them. */
function watchedRTC() {
	const seen = { joins: [] as string[], leaves: [] as string[] };
	const rtc = recordingRTC((ch) => {
		const r = new Reassembler(1 << 20);
		ch.addEventListener('message', (e) => {
			const got = r.push(new Uint8Array((e as MessageEvent).data as ArrayBuffer));
			if (!got.ok || !got.value) return;
			const f = decodeFrame(got.value);
			if (f.ok && f.value.kind === 'join') seen.joins.push(f.value.topic);
			if (f.ok && f.value.kind === 'leave') seen.leaves.push(f.value.topic);
		});
	});
	return { ...rtc, seen };
}

const send = (ch: RTCDataChannel, bytes: Uint8Array) => {
	for (const f of chunkMessage(bytes)) ch.send(f as Uint8Array<ArrayBuffer>);
};

describe('link pool', () => {
	it('carries many topics on one link per pair of peers, and messages stay in their topic', async () => {
		const rtc = recordingRTC();
		const pa = pool({ RTCPeerConnection: rtc.RTCPeerConnection });
		const pb = pool({ RTCPeerConnection: rtc.RTCPeerConnection });
		const topics = [freshTopic(), freshTopic(), freshTopic(), freshTopic()];
		const as = topics.map((t) => on(pa, t, 'a'));
		const bs = topics.map((t) => on(pb, t, 'b'));
		await until('every topic linked', () => [...as, ...bs].every((x) => x.peers.length === 1));
		expect([pa.links, pb.links]).toEqual([1, 1]);
		expect([pa.hub.sockets, pb.hub.sockets]).toEqual([1, 1]);
		// both may call at once; exactly one connection is left open
		expect(rtc.connections.filter((c) => c.connectionState === 'connected')).toHaveLength(2);
		const got = waitFor<Message>(bs[2]!, 'message');
		const other = vi.fn();
		bs[1]!.on('message', other);
		as[2]!.send({ type: 'x', senderId: id('a'), targetId: id('b'), data: new Uint8Array([7]) });
		expect(((await got) as { data: Uint8Array }).data[0]).toBe(7);
		expect(other).not.toHaveBeenCalled();
	});

	it('a topic joined on a socket that is open already announces at once (regression)', async () => {
		const pa = pool();
		const pb = pool();
		const [t1, t2] = [freshTopic(), freshTopic()];
		// re-announces far apart: only the announce on joining can link them in time
		const a1 = on(pa, t1, 'a', 60_000);
		const b1 = on(pb, t1, 'b', 60_000);
		await until('linked on the first topic', () => a1.peers.length === 1 && b1.peers.length === 1);
		const a2 = on(pa, t2, 'a', 60_000);
		const b2 = on(pb, t2, 'b', 60_000);
		await until('linked on the second', () => a2.peers.length === 1 && b2.peers.length === 1, 5000);
		expect([pa.hub.sockets, pa.links]).toEqual([1, 1]);
	});

	it('joins a topic only towards a peer on it, and closes the link once the last topic left', async () => {
		const rtcB = watchedRTC();
		const pa = pool();
		const pb = pool({ RTCPeerConnection: rtcB.RTCPeerConnection });
		const [shared, secret, later] = [freshTopic(), freshTopic(), freshTopic()];
		const seenByB = rtcB.seen;
		const a1 = on(pa, shared, 'a');
		const a2 = on(pa, secret, 'a');
		const b1 = on(pb, shared, 'b');
		await until('linked on the shared topic', () => a1.peers.length === 1);
		await new Promise((r) => setTimeout(r, 800));
		expect(a2.peers).toEqual([]);
		expect(seenByB.joins).toEqual([shared]);
		// a topic b joins later is joined on the same link
		const a3 = on(pa, later, 'a');
		const b3 = on(pb, later, 'b');
		await until('linked on the later topic', () => a3.peers.length === 1 && b3.peers.length === 1);
		expect([pa.links, pb.links]).toEqual([1, 1]);
		expect(seenByB.joins).not.toContain(secret);
		// leaving one topic leaves the others; leaving the last the two share closes the link
		// soon, while b stays on a topic of its own (its socket stays)
		on(pb, freshTopic(), 'b');
		const left = waitFor(a1, 'peer-disconnected');
		b1.disconnect();
		await left;
		expect(a3.peers).toEqual(['b']);
		expect(pa.links).toBe(1);
		const gone = waitFor(a3, 'peer-disconnected');
		b3.disconnect();
		await gone;
		await until('the idle link closed', () => pb.links === 0);
		expect(pb.hub.sockets).toBe(1);
		expect(a2.peers).toEqual([]);
	});

	it('a join of a topic the peer is not on gets no answer; a message of a topic not joined ends the link', async () => {
		const rogue = watchedRTC();
		const pa = pool();
		const pr = pool({ RTCPeerConnection: rogue.RTCPeerConnection });
		const topic = freshTopic();
		const a = on(pa, topic, 'a');
		const r = on(pr, topic, 'r');
		await until('linked', () => a.peers.length === 1 && r.peers.length === 1);
		const seenByRogue = rogue.seen;
		const before = { joins: seenByRogue.joins.length, leaves: seenByRogue.leaves.length };
		const open = rogue.channels.filter((c) => c.readyState === 'open');
		expect(open).toHaveLength(1);
		const ch = open[0]!;
		send(ch, encodeTopic('not-a-topic-of-a'));
		await new Promise((res) => setTimeout(res, 300));
		// nothing more said than the topic's own join when the link opened
		expect(seenByRogue.joins).toEqual([topic]);
		expect({ joins: seenByRogue.joins.length, leaves: seenByRogue.leaves.length }).toEqual(before);
		expect(pa.links).toBe(1);
		const dropped = waitFor(a, 'peer-disconnected');
		send(
			ch,
			encodeMessage('a-topic-never-joined', {
				type: 'x',
				senderId: id('r'),
				targetId: id('a')
			} as Message)
		);
		await dropped;
		expect(pa.isBanned(id('r'))).toBe(true);
		await new Promise((res) => setTimeout(res, 900));
		expect(a.peers).toEqual([]);
	});

	it('dropPeer cuts the shared link for every topic, and a full pool declines calls', async () => {
		const pa = pool();
		const pb = pool();
		const pc = pool({ maxPeers: 1 });
		const [t1, t2] = [freshTopic(), freshTopic()];
		const a1 = on(pa, t1, 'a');
		const a2 = on(pa, t2, 'a');
		const b1 = on(pb, t1, 'b');
		const b2 = on(pb, t2, 'b');
		await until('linked', () => [a1, a2, b1, b2].every((x) => x.peers.length === 1));
		const gone = Promise.all([waitFor(b1, 'peer-disconnected'), waitFor(b2, 'peer-disconnected')]);
		a1.dropPeer(id('b'), 'test');
		await gone;
		expect([a1.peers, a2.peers]).toEqual([[], []]);
		// c holds one link at most: with a, and b is declined
		const c1 = on(pc, t1, 'c');
		await until('c linked to one peer', () => c1.peers.length === 1);
		await new Promise((res) => setTimeout(res, 900));
		expect(pc.links).toBe(1);
		expect(c1.peers).toHaveLength(1);
	});
});
