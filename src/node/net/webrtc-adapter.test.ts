/**
 * The WebRTC adapter beyond automerge-repo's acceptance suite, over real node-datachannel
 * data channels and a real signaling server: chunking of large messages, misbehaving peers,
 * closed links, a signaling server restart, and the peer cap.
 */
import type { Message, PeerId } from '@automerge/automerge-repo/slim';
import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { chunkMessage } from '../../lib/core/net/chunking.js';
import type { WebRTCNetworkAdapter } from '../../lib/core/net/webrtc-adapter.js';
import type { WebRTCAdapterOptions } from '../../lib/core/net/webrtc-options.js';
import { encodeMessage } from '../../lib/core/net/wire.js';
import { startSignaling } from '../signaling/server.js';
import {
	freshTopic,
	nodeAdapter,
	recordingRTC,
	waitFor,
	watchTopic,
	type TopicWatch,
	signalingRig
} from './test-peers.js';

const server = signalingRig();
const { live, watches } = server;

const id = (s: string): PeerId => s as PeerId;

function adapter(
	url: string,
	topic: string,
	extra: Parameters<typeof nodeAdapter>[2] = {}
): WebRTCNetworkAdapter {
	const a = nodeAdapter(url, topic, extra);
	live.push(a);
	return a;
}

async function watch(url: string, topic: string): Promise<TopicWatch> {
	const w = await watchTopic(url, topic);
	watches.push(w);
	return w;
}

/** Waits until a and b are linked to each other (and nobody else). */
async function linkedPair(a: WebRTCNetworkAdapter, b: WebRTCNetworkAdapter): Promise<void> {
	await vi.waitFor(
		() => {
			expect(a.peers, 'a linked to b').toEqual(['b']);
			expect(b.peers, 'b linked to a').toEqual(['a']);
		},
		{ timeout: 10_000, interval: 20 }
	);
}

function message(from: string, to: string, data: Uint8Array): Message {
	return {
		type: 'ephemeral-test',
		senderId: id(from),
		targetId: id(to),
		data
	} as unknown as Message;
}

/** Connects adapters named by their peer ids and waits until every pair is linked. */
async function mesh(
	url: string,
	names: string[],
	extra: Parameters<typeof nodeAdapter>[2] = {}
): Promise<WebRTCNetworkAdapter[]> {
	const topic = freshTopic();
	const adapters = names.map(() => adapter(url, topic, extra));
	adapters.forEach((a, i) => a.connect(id(names[i] as string), {}));
	await vi.waitFor(
		() => {
			for (const a of adapters) expect(a.peers, 'a full mesh').toHaveLength(names.length - 1);
		},
		{ timeout: 10_000, interval: 20 }
	);
	return adapters;
}

describe('WebRTC adapter', () => {
	it('carries a 1 MB message intact, chunked, between messages in order', async () => {
		const [a, b] = await mesh(server.url, ['a', 'b']);
		const big = new Uint8Array(1_000_000);
		for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
		const got: Message[] = [];
		b!.on('message', (m) => got.push(m));
		a!.send(message('a', 'b', new Uint8Array([1])));
		a!.send(message('a', 'b', big));
		a!.send(message('a', 'b', new Uint8Array([3])));
		await vi.waitFor(() => expect(got, 'three messages').toHaveLength(3), {
			timeout: 10_000,
			interval: 20
		});
		expect(got.map((m) => (m as { data: Uint8Array }).data.length)).toEqual([1, 1_000_000, 1]);
		expect(Buffer.from((got[1] as { data: Uint8Array }).data).equals(Buffer.from(big))).toBe(true);
	});

	it('does not deliver messages to peers it is not linked to, and ignores sends after disconnect', async () => {
		const [a, b] = await mesh(server.url, ['a', 'b']);
		const got: Message[] = [];
		b!.on('message', (m) => got.push(m));
		// the channel is ordered: once b has the message sent after the one to nobody, that one
		// would have come first had it gone to b
		const next = waitFor<Message>(b!, 'message');
		a!.send(message('a', 'nobody', new Uint8Array([1])));
		a!.send(message('a', 'b', new Uint8Array([9])));
		await next;
		expect(got.map((m) => (m as { data: Uint8Array }).data[0])).toEqual([9]);
		const gone = waitFor(b!, 'peer-disconnected');
		a!.disconnect();
		await gone;
		// b's end of the link is closed (it said so above): a send now has nowhere to go, and
		// must not throw nor bring the link back
		expect(() => a!.send(message('a', 'b', new Uint8Array([2])))).not.toThrow();
		expect(a!.peers).toEqual([]);
		expect(got).toHaveLength(1);
	});

	const garbage: [string, (a: RTCDataChannel) => void][] = [
		['an unknown frame flag', (ch) => ch.send(new Uint8Array([7, 1, 2, 3]))],
		['an empty frame', (ch) => ch.send(new Uint8Array(0))],
		['a text frame', (ch) => ch.send('hello')],
		['bytes that are not CBOR', (ch) => ch.send(new Uint8Array([0, 0xff, 0xff, 0xff]))],
		[
			'a second hello',
			(ch) =>
				ch.send(chunkMessage(new Uint8Array([0x82, 0x00, 0xa0]))[0] as Uint8Array<ArrayBuffer>)
		],
		[
			'a message with a spoofed sender',
			(ch) => {
				for (const f of chunkMessage(encodeMessage('t', message('b', 'a', new Uint8Array([1])))))
					ch.send(f as Uint8Array<ArrayBuffer>);
			}
		],
		[
			'a message over the size cap',
			(ch) => {
				for (let i = 0; i < 5; i++) ch.send(new Uint8Array(16 * 1024).fill(1));
			}
		]
	];

	it.each(garbage)(
		'drops and bans a peer that sends %s, while the others continue',
		async (_what, misbehave) => {
			const topic = freshTopic();
			const watcher = await watch(server.url, topic);
			const rogueRtc = recordingRTC();
			const extra = { announceMs: 200, maxMessageBytes: 50_000 };
			const a = adapter(server.url, topic, extra);
			const b = adapter(server.url, topic, extra);
			const rogue = adapter(server.url, topic, {
				...extra,
				RTCPeerConnection: rogueRtc.RTCPeerConnection
			});
			a.connect(id('a'), {});
			b.connect(id('b'), {});
			rogue.connect(id('r'), {});
			await vi.waitFor(
				() => {
					expect(a.peers, 'a full mesh').toHaveLength(2);
					expect(b.peers, 'a full mesh').toHaveLength(2);
				},
				{ timeout: 10_000, interval: 20 }
			);
			const dropped = Promise.all([
				waitFor(a, 'peer-disconnected', (p: { peerId: PeerId }) => p.peerId === 'r'),
				waitFor(b, 'peer-disconnected', (p: { peerId: PeerId }) => p.peerId === 'r')
			]);
			// the rogue is linked to both, so any call of its from now on is one to get back in
			const calls = new Set(watcher.seen.map((d) => d.cid));
			const refused = watcher.published(
				(d) =>
					d.type === 'signal' && d.to === 'r' && d.signal?.type === 'decline' && !calls.has(d.cid),
				1,
				'declines of a call from the rogue'
			);
			for (const ch of rogueRtc.channels) if (ch.readyState === 'open') misbehave(ch);
			await dropped;
			// a and b still talk
			const got = waitFor<Message>(b, 'message');
			a.send(message('a', 'b', new Uint8Array([42])));
			expect(((await got) as { data: Uint8Array }).data[0]).toBe(42);
			// and the rogue stays out through several re-announces: it calls to get back in and is
			// declined, and a, b and the rogue each make four announce rounds, in each of which
			// they call for links
			await Promise.all([refused, watcher.announceRounds(['a', 'b', 'r'], 4)]);
			expect(a.peers).toEqual(['b']);
			expect(b.peers).toEqual(['a']);
		}
	);

	it('notices a link closed underneath and the peers meet again', async () => {
		const topic = freshTopic();
		const rtc = recordingRTC();
		const a = adapter(server.url, topic, {
			announceMs: 200,
			RTCPeerConnection: rtc.RTCPeerConnection
		});
		const b = adapter(server.url, topic, { announceMs: 200 });
		a.connect(id('a'), {});
		b.connect(id('b'), {});
		await linkedPair(a, b);
		const gone = Promise.all([waitFor(a, 'peer-disconnected'), waitFor(b, 'peer-disconnected')]);
		const back = Promise.all([
			waitFor(a, 'peer-candidate', () => true, 15_000),
			waitFor(b, 'peer-candidate', () => true, 15_000)
		]);
		for (const pc of rtc.connections) pc.close();
		await gone;
		await back;
		const got = waitFor<Message>(a, 'message');
		b.send(message('b', 'a', new Uint8Array([5])));
		expect(((await got) as { data: Uint8Array }).data[0]).toBe(5);
	});

	it('reconnects to a restarted signaling server and peers meet again', async () => {
		let own = await startSignaling({ port: 0 });
		const port = Number(new URL(own.url).port);
		try {
			const topic = freshTopic();
			const extra = { announceMs: 500 };
			const a = adapter(own.url, topic, extra);
			const b = adapter(own.url, topic, extra);
			a.connect(id('a'), {});
			b.connect(id('b'), {});
			await linkedPair(a, b);
			await own.close();
			// c's first attempt to reach the server fails while it is down
			let refused: () => void = () => undefined;
			const triedAndFailed = new Promise<void>((r) => (refused = r));
			class Watched extends WebSocket {
				constructor(...args: ConstructorParameters<typeof WebSocket>) {
					super(...args);
					this.once('close', () => refused());
				}
			}
			const c = adapter(own.url, topic, {
				...extra,
				WebSocket: Watched as unknown as WebRTCAdapterOptions['WebSocket']
			});
			c.connect(id('c'), {});
			await triedAndFailed;
			expect(c.peers).toEqual([]);
			own = await startSignaling({ port });
			await vi.waitFor(
				() => {
					for (const x of [a, b, c]) expect(x.peers, 'all three linked').toHaveLength(2);
				},
				{ timeout: 15_000, interval: 20 }
			);
			expect(new Set(c.peers)).toEqual(new Set(['a', 'b']));
		} finally {
			await own.close();
		}
	});

	it('keeps to maxPeers', async () => {
		const topic = freshTopic();
		const extra = { announceMs: 200 };
		const watcher = await watch(server.url, topic);
		const capped = adapter(server.url, topic, { ...extra, maxPeers: 1 });
		const others = ['b', 'c', 'd'].map(() => adapter(server.url, topic, extra));
		let candidates = 0;
		capped.on('peer-candidate', () => candidates++);
		capped.connect(id('a'), {});
		others.forEach((o, i) => o.connect(id(['b', 'c', 'd'][i] as string), {}));
		// b, c, d link among themselves; a links to exactly one of them
		await vi.waitFor(
			() => {
				expect(capped.peers, 'a linked to one').toHaveLength(1);
				for (const o of others)
					expect(
						o.peers.filter((p) => p !== 'a'),
						'b, c, d linked among themselves'
					).toHaveLength(2);
			},
			{ timeout: 10_000, interval: 20 }
		);
		// through several rounds in which b, c and d (below their target) call for links, and a
		// hears their announces, a keeps to one: it declines a call (those not linked to it keep
		// calling it), and each makes five announce rounds
		await Promise.all([
			watcher.published(
				(d) => d.type === 'signal' && d.from === 'a' && d.signal?.type === 'decline',
				1,
				'declines by a'
			),
			watcher.announceRounds(['a', 'b', 'c', 'd'], 5)
		]);
		expect(capped.peers.length).toBe(1);
		expect(candidates).toBe(1);
		expect(others.filter((o) => o.peers.includes(id('a'))).length).toBe(1);
	});
});
