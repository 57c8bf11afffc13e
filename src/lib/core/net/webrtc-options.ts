/**
 * Settings of the WebRTC network adapter (webrtc-adapter.ts): its topic's, and those of the
 * link pool it makes for itself when it is given none (link-pool.ts).
 * @module
 */
import type { LinkPool, PoolOptions } from './link-pool.js';

/** Settings of one topic's adapter. */
export interface TopicOptions {
	/** Signaling server URL(s) (y-webrtc protocol); with several, all are used at once. */
	readonly signalingUrl: string | readonly string[];
	/** The topic peers meet on. */
	readonly topic: string;
	/**
	 * Cap on the topic's peers, linked or being linked (default 20); calls and joins beyond it
	 * are declined. Without a shared pool, also the cap on links.
	 */
	readonly maxPeers?: number;
	/** Links a peer calls for itself (default 6, at most `maxPeers`). */
	readonly targetPeers?: number;
	/** Mean interval between reshuffles of one link, ms (default 60 s, jittered by ±50%). */
	readonly reshuffleMs?: number;
	/** Mean re-announce interval, ms (default 20 s, jittered by ±25%). */
	readonly announceMs?: number;
	/** Time for the topic to be on a link with a peer before the attempt is abandoned, ms (default 20 s). */
	readonly connectTimeoutMs?: number;
	/** How long a peer that sent garbage, or was dropped, is ignored, ms (default 60 s). */
	readonly banMs?: number;
	/** After the first signaling connection, how long discovery settles before `isReady()`, ms (default 500). */
	readonly settleMs?: number;
	/** `isReady()` at the latest this long after `connect()`, ms (default 3 s). */
	readonly readyTimeoutMs?: number;
	/** Receives a line per link event (linked, dropped and why), for logs and debugging. */
	readonly log?: (line: string) => void;
}

/** Settings of an adapter with a link pool (and signaling sockets) of its own. */
export interface WebRTCAdapterOptions extends TopicOptions, PoolOptions {
	readonly log?: (line: string) => void;
}

/** Settings of an adapter that is a view over a shared {@link LinkPool}. */
export interface SharedAdapterOptions extends TopicOptions {
	/** The pool whose links and signaling sockets the topic shares. */
	readonly pool: LinkPool;
}
