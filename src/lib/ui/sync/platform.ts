/**
 * What `SyncState` needs from its surroundings, so that it runs in a browser (the
 * default, {@link browserPlatform}) and in tests (an in-memory network). Adapters are made
 * for the core's festival host (`core/host/replication.ts`).
 * @module
 */
import type { AdapterRequest, HostAdapter } from '../../core/index.js';
import {
	LinkPool,
	ServerIce,
	trackedWebSocket,
	WebRTCNetworkAdapter,
	type WebRTCAdapterOptions
} from '../../core/net/index.js';
import { savedIceServers, signalingUrl, syncLogger } from './settings.js';

export type { AdapterRequest } from '../../core/index.js';

/** A network adapter that can also cut a peer. */
export type SyncAdapter = HostAdapter;

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
	/** A new adapter for one festival's topic (sharing links and sockets with the session's others). */
	makeAdapter(r: AdapterRequest): SyncAdapter;
}

const serverIces = new Map<string, ServerIce>();

/**
 * The ICE servers used when this browser set none: the signaling servers' own STUN and the
 * TURN credentials they hand out (core/net/server-ice.ts), one cache per set of servers.
 */
export function serverIceFor(signalingUrl: string | readonly string[]): ServerIce {
	const urls = typeof signalingUrl === 'string' ? [signalingUrl] : [...signalingUrl];
	const key = urls.join(' ');
	let ice = serverIces.get(key);
	if (!ice) {
		ice = new ServerIce(urls, (url, init) => globalThis.fetch(url, init));
		serverIces.set(key, ice);
	}
	return ice;
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
	makeAdapter: (r) => {
		const log = syncLogger(r.festival.slice(0, 8));
		const ice = serverIceFor(r.signalingUrl);
		if (!r.iceServers.length) void ice.refresh();
		// one link per pair of peers and one socket per signaling server, for all festivals
		const pool = r.shared.once('webrtc', () => {
			const poolLog = syncLogger('links');
			return new LinkPool({
				RTCPeerConnection:
					globalThis.RTCPeerConnection as unknown as WebRTCAdapterOptions['RTCPeerConnection'],
				WebSocket: trackedWebSocket(WebSocket, r.shared.onSocket),
				iceServers: r.iceServers.length ? [...r.iceServers] : () => ice.servers(),
				ticker: r.shared.ticker,
				...(poolLog ? { log: poolLog } : {})
			});
		});
		return new WebRTCNetworkAdapter({
			pool,
			signalingUrl: r.signalingUrl,
			topic: r.topic,
			...(log ? { log } : {})
		});
	}
};
