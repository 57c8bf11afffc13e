/**
 * Test helpers for the WebRTC adapter in Node: adapters over node-datachannel's polyfill and
 * the `ws` WebSocket, event waiting with a deadline.
 * @module
 */
import type { NetworkAdapterInterface } from '@automerge/automerge-repo/slim';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { WebSocket } from 'ws';
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

/** Waits until `cond` holds (polling), or rejects after `ms`. */
export async function until(cond: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
	const end = Date.now() + ms;
	while (!cond()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

/** An RTCPeerConnection class that records its connections and data channels (for tests that misbehave). */
export function recordingRTC(): {
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
			this.addEventListener('datachannel', (e) =>
				channels.push((e as RTCDataChannelEvent).channel)
			);
		}
		override createDataChannel(
			label: string,
			opts?: RTCDataChannelInit
		): ReturnType<RTCPeerConnection['createDataChannel']> {
			const dc = super.createDataChannel(label, opts);
			channels.push(dc as unknown as globalThis.RTCDataChannel);
			return dc;
		}
	}
	return {
		RTCPeerConnection: Recording as unknown as WebRTCAdapterOptions['RTCPeerConnection'],
		connections,
		channels
	};
}
