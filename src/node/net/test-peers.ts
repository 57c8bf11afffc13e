/**
 * Test helpers for the WebRTC adapter in Node: adapters over node-datachannel's polyfill and
 * the `ws` WebSocket, event waiting with a deadline, and a bare client watching a topic.
 * @module
 */
import type { NetworkAdapterInterface } from '@automerge/automerge-repo/slim';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { cleanup } from 'node-datachannel';
import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startSignaling, type RunningSignaling } from '../signaling/server.js';
import {
	WebRTCNetworkAdapter,
	type WebRTCAdapterOptions
} from '../../lib/core/net/webrtc-adapter.js';

let topicCounter = 0;

/** A topic name no other test uses. */
export function freshTopic(): string {
	return `test-${process.pid}-${Date.now()}-${++topicCounter}`;
}

/** A WebRTC adapter for Node on a signaling server. */
export function nodeAdapter(
	signalingUrl: string,
	topic: string,
	extra: Partial<Omit<WebRTCAdapterOptions, 'signalingUrl' | 'topic'>> = {}
): WebRTCNetworkAdapter {
	return new WebRTCNetworkAdapter({
		signalingUrl,
		topic,
		RTCPeerConnection: RTCPeerConnection as unknown as WebRTCAdapterOptions['RTCPeerConnection'],
		WebSocket,
		iceServers: [],
		...extra
	});
}

/** Resolves with the first event `name` for which `pred` holds, or rejects after `ms`. */
export function waitFor<T>(
	emitter: NetworkAdapterInterface,
	name: 'peer-candidate' | 'peer-disconnected' | 'message',
	pred: (payload: T) => boolean = () => true,
	ms = 10_000
): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			emitter.off(name, on as never);
			reject(new Error(`no ${name} within ${ms} ms`));
		}, ms);
		const on = (payload: T): void => {
			if (!pred(payload)) return;
			clearTimeout(timer);
			emitter.off(name, on as never);
			resolve(payload);
		};
		emitter.on(name, on as never);
	});
}

/** Data published on a topic: what the peers on it say (see wire.ts), or what a test forged. */
export type Published = Record<string, unknown> & { signal?: Record<string, unknown> };

/** A bare signaling client on a topic: sees everything the peers on it say, and says what it likes. */
export interface TopicWatch {
	/** What the peers published since the watch began (not what it published itself). */
	readonly seen: Published[];
	/** Calls `fn` with everything the peers publish from now on. */
	onPublish(fn: (d: Published) => void): void;
	/**
	 * Publishes `d` on the topic, marked `forged: true` so that the watch tells its own
	 * messages apart (the adapter ignores unknown fields).
	 */
	publish(d: Published): void;
	/** Resolves once `n` more messages for which `pred` holds were published, or rejects after `ms`. */
	published(pred: (d: Published) => boolean, n: number, what: string, ms?: number): Promise<void>;
	/**
	 * Resolves once each of `peers` made `n` more announce rounds (broadcast announces: one on
	 * every re-announce timer, in which a peer also forgets stale peers and calls for links).
	 */
	announceRounds(peers: readonly string[], n: number, ms?: number): Promise<void>;
	/** Closes the socket. */
	close(): void;
}

/** Subscribes a bare signaling client to `topic`; resolves once the server has taken the subscription. */
export async function watchTopic(signalingUrl: string, topic: string): Promise<TopicWatch> {
	const ws = new WebSocket(signalingUrl);
	const seen: Published[] = [];
	const listeners: ((d: Published) => void)[] = [];
	let subscribed: () => void = () => undefined;
	const pong = new Promise<void>((r) => (subscribed = r));
	ws.on('message', (raw) => {
		const m = JSON.parse(raw.toString()) as { type: string; data?: Published };
		if (m.type === 'pong') return subscribed();
		if (m.type !== 'publish' || !m.data || m.data.forged) return;
		seen.push(m.data);
		for (const fn of [...listeners]) fn(m.data);
	});
	await new Promise((r, j) => {
		ws.once('open', r);
		ws.once('error', j);
	});
	// the server handles a socket's messages in order: the pong comes after the subscription
	ws.send(JSON.stringify({ type: 'subscribe', topics: [topic] }));
	ws.send(JSON.stringify({ type: 'ping' }));
	await pong;
	const published = (
		pred: (d: Published) => boolean,
		n: number,
		what: string,
		ms = 10_000
	): Promise<void> =>
		new Promise((resolve, reject) => {
			let got = 0;
			const on = (d: Published): void => {
				if (!pred(d) || ++got < n) return;
				clearTimeout(timer);
				listeners.splice(listeners.indexOf(on), 1);
				resolve();
			};
			const timer = setTimeout(() => {
				listeners.splice(listeners.indexOf(on), 1);
				reject(new Error(`saw ${got} of ${n} ${what} within ${ms} ms`));
			}, ms);
			if (n > 0) return void listeners.push(on);
			clearTimeout(timer);
			resolve();
		});
	return {
		seen,
		onPublish: (fn) => void listeners.push(fn),
		publish: (d) =>
			ws.send(JSON.stringify({ type: 'publish', topic, data: { ...d, forged: true } })),
		published,
		announceRounds: async (peers, n, ms) => {
			await Promise.all(
				peers.map((p) =>
					published(
						(d) => d.type === 'announce' && d.from === p && d.to === undefined,
						n,
						`announce rounds of ${p}`,
						ms
					)
				)
			);
		},
		close: () => ws.terminate()
	};
}

/**
 * An RTCPeerConnection class that records its connections and data channels (for tests that
 * misbehave); `onChannel` sees each channel as soon as it exists.
 */
export function recordingRTC(onChannel: (ch: globalThis.RTCDataChannel) => void = () => {}): {
	RTCPeerConnection: WebRTCAdapterOptions['RTCPeerConnection'];
	connections: globalThis.RTCPeerConnection[];
	channels: globalThis.RTCDataChannel[];
} {
	const connections: globalThis.RTCPeerConnection[] = [];
	const channels: globalThis.RTCDataChannel[] = [];
	class Recording extends RTCPeerConnection {
		constructor(config?: RTCConfiguration) {
			super(config);
			connections.push(this as unknown as globalThis.RTCPeerConnection);
			this.addEventListener('datachannel', (e) => {
				channels.push((e as RTCDataChannelEvent).channel);
				onChannel((e as RTCDataChannelEvent).channel);
			});
		}
		override createDataChannel(
			label: string,
			opts?: RTCDataChannelInit
		): ReturnType<RTCPeerConnection['createDataChannel']> {
			const dc = super.createDataChannel(label, opts);
			channels.push(dc as unknown as globalThis.RTCDataChannel);
			onChannel(dc as unknown as globalThis.RTCDataChannel);
			return dc;
		}
	}
	return {
		RTCPeerConnection: Recording as unknown as WebRTCAdapterOptions['RTCPeerConnection'],
		connections,
		channels
	};
}

/**
 * A signaling server for one test file, started before its tests and closed after them, with
 * the adapters and topic watches its tests make (disconnected and closed after each test).
 */
export function signalingRig(): {
	readonly url: string;
	readonly live: WebRTCNetworkAdapter[];
	readonly watches: TopicWatch[];
} {
	let server: RunningSignaling | undefined;
	const live: WebRTCNetworkAdapter[] = [];
	const watches: TopicWatch[] = [];
	beforeAll(async () => {
		server = await startSignaling({ port: 0 });
	});
	afterEach(() => {
		for (const a of live.splice(0)) a.disconnect();
		for (const w of watches.splice(0)) w.close();
	});
	afterAll(async () => {
		await server?.close();
		cleanup();
	});
	return {
		get url() {
			if (!server) throw new Error('the signaling server starts before the tests');
			return server.url;
		},
		live,
		watches
	};
}
