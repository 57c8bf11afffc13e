/**
 * The WebRTC adapter beyond automerge-repo's acceptance suite, over real node-datachannel
 * data channels and a real signaling server: chunking of large messages, misbehaving peers,
 * closed links, a signaling server restart, and the peer cap.
 */
import type { Message, PeerId } from '@automerge/automerge-repo/slim';
import { cleanup } from 'node-datachannel';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chunkMessage } from '../../lib/core/net/chunking.js';
import type { WebRTCNetworkAdapter } from '../../lib/core/net/webrtc-adapter.js';
import { encodeMessage } from '../../lib/core/net/wire.js';
import { startSignaling, type RunningSignaling } from '../signaling/server.js';
import { freshTopic, nodeAdapter, recordingRTC, until, waitFor } from './test-peers.js';

let server: RunningSignaling;
const live: WebRTCNetworkAdapter[] = [];

beforeAll(async () => {
	server = await startSignaling({ port: 0 });
});
afterEach(() => {
	for (const a of live.splice(0)) a.disconnect();
});
afterAll(async () => {
	await server.close();
	cleanup();
});

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
	await until(
		() => adapters.every((a) => a.peers.length === names.length - 1),
		10_000,
		'a full mesh'
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
		await until(() => got.length === 3, 10_000, 'three messages');
		expect(got.map((m) => (m as { data: Uint8Array }).data.length)).toEqual([1, 1_000_000, 1]);
		expect(Buffer.from((got[1] as { data: Uint8Array }).data).equals(Buffer.from(big))).toBe(true);
	});

	it('does not deliver messages to peers it is not linked to, and ignores sends after disconnect', async () => {
		const [a, b] = await mesh(server.url, ['a', 'b']);
		const got: Message[] = [];
		b!.on('message', (m) => got.push(m));
		a!.send(message('a', 'nobody', new Uint8Array([1])));
		const gone = waitFor(b!, 'peer-disconnected');
		a!.disconnect();
		await gone;
		a!.send(message('a', 'b', new Uint8Array([2])));
		await new Promise((r) => setTimeout(r, 100));
		expect(got).toEqual([]);
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
				for (const f of chunkMessage(encodeMessage(message('b', 'a', new Uint8Array([1])))))
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
			await until(() => a.peers.length === 2 && b.peers.length === 2, 10_000, 'a full mesh');
			const dropped = Promise.all([
				waitFor(a, 'peer-disconnected', (p: { peerId: PeerId }) => p.peerId === 'r'),
				waitFor(b, 'peer-disconnected', (p: { peerId: PeerId }) => p.peerId === 'r')
			]);
			for (const ch of rogueRtc.channels) if (ch.readyState === 'open') misbehave(ch);
			await dropped;
			// a and b still talk
			const got = waitFor<Message>(b, 'message');
			a.send(message('a', 'b', new Uint8Array([42])));
			expect(((await got) as { data: Uint8Array }).data[0]).toBe(42);
			// and the rogue stays out through several re-announces
			await new Promise((r) => setTimeout(r, 800));
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
		await until(() => a.peers.length === 1 && b.peers.length === 1, 10_000, 'a link');
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
			await until(() => a.peers.length === 1 && b.peers.length === 1, 10_000, 'a link');
			await own.close();
			const c = adapter(own.url, topic, extra);
			c.connect(id('c'), {});
			await new Promise((r) => setTimeout(r, 300));
			expect(c.peers).toEqual([]);
			own = await startSignaling({ port });
			await until(
				() => c.peers.length === 2 && a.peers.length === 2 && b.peers.length === 2,
				15_000,
				'all three linked'
			);
			expect(new Set(c.peers)).toEqual(new Set(['a', 'b']));
		} finally {
			await own.close();
		}
	});

	it('keeps to maxPeers', async () => {
		const topic = freshTopic();
		const extra = { announceMs: 200 };
		const capped = adapter(server.url, topic, { ...extra, maxPeers: 1 });
		const others = ['b', 'c', 'd'].map(() => adapter(server.url, topic, extra));
		let candidates = 0;
		capped.on('peer-candidate', () => candidates++);
		capped.connect(id('a'), {});
		others.forEach((o, i) => o.connect(id(['b', 'c', 'd'][i] as string), {}));
		// b, c, d link among themselves; a links to exactly one of them
		await until(
			() =>
				capped.peers.length === 1 &&
				others.every((o) => o.peers.filter((p) => p !== 'a').length === 2),
			10_000,
			'the mesh'
		);
		await new Promise((r) => setTimeout(r, 1000));
		expect(capped.peers.length).toBe(1);
		expect(candidates).toBe(1);
		expect(others.filter((o) => o.peers.includes(id('a'))).length).toBe(1);
	});
});
