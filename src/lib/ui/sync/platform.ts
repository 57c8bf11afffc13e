/**
 * What `SyncState` needs from its surroundings, so that it runs in a browser (the
 * default, {@link browserPlatform}) and in tests (an in-memory network).
 * @module
 */
import type { PeerId } from '@automerge/automerge-repo/slim';
import {
	type DroppingAdapter,
	type WebRTCAdapterOptions,
	WebRTCNetworkAdapter
} from '../../core/index.js';
import { savedIceServers, signalingUrl } from './settings.js';

/** A network adapter that can also cut a peer. */
export interface SyncAdapter extends DroppingAdapter {
	dropPeer(peer: PeerId, reason: string): void;
}

/** What an adapter for one festival is made from. */
export interface AdapterRequest {
	/** The signaling topic (a hash of the festival id). */
	readonly topic: string;
	readonly signalingUrl: string;
	/** STUN/TURN servers (none: direct connections only). */
	readonly iceServers: RTCIceServer[];
	/** Called with +1 when a signaling socket opens and -1 when an open one closes. */
	readonly onSocket: (delta: 1 | -1) => void;
	readonly log?: (line: string) => void;
}

/** The network and connectivity of the place the app runs. */
export interface SyncPlatform {
	/** The signaling server to use now (the saved choice, or the default). */
	signalingUrl(): string;
	/** The STUN/TURN servers to use now. */
	iceServers(): RTCIceServer[];
	/** Whether the device says it is online now. */
	online(): boolean;
	/** Calls `fn` when the device goes online or offline; returns an unsubscribe. */
	onConnectivity(fn: (online: boolean) => void): () => void;
	/** A new adapter for one festival's topic. */
	makeAdapter(r: AdapterRequest): SyncAdapter;
}

/** A WebSocket class that reports opened and closed sockets. */
function trackedWebSocket(onSocket: (delta: 1 | -1) => void): WebRTCAdapterOptions['WebSocket'] {
	return class extends WebSocket {
		constructor(url: string) {
			super(url);
			let open = false;
			this.addEventListener('open', () => {
				open = true;
				onSocket(1);
			});
			this.addEventListener('close', () => {
				if (open) onSocket(-1);
				open = false;
			});
		}
	};
}

/** The browser: `navigator.onLine`, its online/offline events, WebRTC and WebSocket. */
export const browserPlatform: SyncPlatform = {
	signalingUrl,
	iceServers: savedIceServers,
	online: () => navigator.onLine,
	onConnectivity(fn) {
		const on = () => fn(true);
		const off = () => fn(false);
		addEventListener('online', on);
		addEventListener('offline', off);
		return () => {
			removeEventListener('online', on);
			removeEventListener('offline', off);
		};
	},
	makeAdapter: (r) =>
		new WebRTCNetworkAdapter({
			signalingUrl: r.signalingUrl,
			topic: r.topic,
			RTCPeerConnection:
				globalThis.RTCPeerConnection as unknown as WebRTCAdapterOptions['RTCPeerConnection'],
			WebSocket: trackedWebSocket(r.onSocket),
			iceServers: r.iceServers,
			...(r.log ? { log: r.log } : {})
		})
};
