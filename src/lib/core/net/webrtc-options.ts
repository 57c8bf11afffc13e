/**
 * Settings of the WebRTC network adapter (webrtc-adapter.ts).
 * @module
 */
import type { RTCPeerConnectionConstructor } from './peer-link.js';
import type { SignalingTiming, WebSocketConstructor } from './signaling-client.js';

/** Settings of a `WebRTCNetworkAdapter`. */
export interface WebRTCAdapterOptions {
	/** Signaling server URL(s) (y-webrtc protocol); with several, all are used at once. */
	readonly signalingUrl: string | readonly string[];
	/** The topic peers meet on. */
	readonly topic: string;
	/** `RTCPeerConnection`: the browser's, or `node-datachannel/polyfill`'s in Node. */
	readonly RTCPeerConnection: RTCPeerConnectionConstructor;
	/** `WebSocket`: the browser's, or the `ws` package's in Node. */
	readonly WebSocket: WebSocketConstructor;
	/**
	 * STUN/TURN servers (default none: host candidates suffice on one LAN), or a function giving
	 * the ones to use for each new link (credentials that expire, see server-ice.ts).
	 */
	readonly iceServers?: RTCIceServer[] | (() => RTCIceServer[]);
	/** Hard cap on links, connecting or open (default 20); calls beyond it are declined. */
	readonly maxPeers?: number;
	/** Links a peer calls for itself (default 6, at most `maxPeers`). */
	readonly targetPeers?: number;
	/** Mean interval between reshuffles of one link, ms (default 60 s, jittered by ±50%). */
	readonly reshuffleMs?: number;
	/** Mean re-announce interval, ms (default 20 s, jittered by ±25%). */
	readonly announceMs?: number;
	/** Time for a link to reach hello before it is abandoned, ms (default 20 s). */
	readonly connectTimeoutMs?: number;
	/** How long a peer that sent garbage, or was dropped, is ignored, ms (default 60 s). */
	readonly banMs?: number;
	/** Data channel frame size, bytes (default 16 KiB). */
	readonly chunkBytes?: number;
	/** Largest message accepted from a peer, bytes (default 64 MiB). */
	readonly maxMessageBytes?: number;
	/** After the first signaling connection, how long discovery settles before `isReady()`, ms (default 500). */
	readonly settleMs?: number;
	/** `isReady()` at the latest this long after `connect()`, ms (default 3 s). */
	readonly readyTimeoutMs?: number;
	/** Signaling reconnect backoff and keep-alive. */
	readonly signaling?: SignalingTiming;
	/** Receives a line per link event (linked, dropped and why), for logs and debugging. */
	readonly log?: (line: string) => void;
}
