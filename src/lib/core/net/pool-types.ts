/**
 * Settings of a link pool and what it says to the topics it serves (link-pool.ts).
 * @module
 */
import type { Message, PeerId, PeerMetadata } from '@automerge/automerge-repo/slim';
import type { CloseReason, RTCPeerConnectionConstructor } from './peer-link.js';
import type { SignalingTiming, WebSocketConstructor } from './signaling-client.js';
import type { Announce, Signal } from './wire.js';
import type { Ticker } from '../sync/ticker.js';

/** Settings of a {@link LinkPool}. */
export interface PoolOptions {
	/** `RTCPeerConnection`: the browser's, or `node-datachannel/polyfill`'s in Node. */
	readonly RTCPeerConnection: RTCPeerConnectionConstructor;
	/** `WebSocket`: the browser's, or the `ws` package's in Node. */
	readonly WebSocket: WebSocketConstructor;
	/** STUN/TURN servers (default none), or a function giving the ones for each new link. */
	readonly iceServers?: RTCIceServer[] | (() => RTCIceServer[]);
	/** Hard cap on links, connecting or open, over all topics (default 20). */
	readonly maxPeers?: number;
	/** Time for a link to reach hello before it is abandoned, ms (default 20 s). */
	readonly connectTimeoutMs?: number;
	/** How long a dropped peer, or one that sent garbage, is ignored, ms (default 60 s). */
	readonly banMs?: number;
	/** Data channel frame size, bytes (default 16 KiB). */
	readonly chunkBytes?: number;
	/** Largest message accepted from a peer, bytes (default 64 MiB). */
	readonly maxMessageBytes?: number;
	/** How long a link with no topic stays open, ms (default 3 s). */
	readonly idleMs?: number;
	/** Signaling reconnect backoff and keep-alive. */
	readonly signaling?: SignalingTiming;
	/** Receives a line per link event (linked, dropped and why), for logs and debugging. */
	readonly log?: (line: string) => void;
	/**
	 * The ticker its topics re-announce and reshuffle on (the replication session's, say);
	 * without one the pool makes its own: one timer for all its topics either way.
	 */
	readonly ticker?: Ticker;
}

/** What the pool tells a topic's adapter, and asks it. */
export interface PoolMember {
	/** A peer joined the topic on its link (first): whether the topic takes it now (it then counts it). */
	accept(peer: PeerId): boolean;
	/**
	 * Whether the topic has room for `peer` (checked before answering its call on the topic):
	 * it is below its cap, or already counts the peer (our own call to it, which the peer's
	 * call replaces when both called at once).
	 */
	hasRoom(peer: PeerId): boolean;
	/** The topic is on the link with `peer` now. */
	up(peer: PeerId, peerMetadata: PeerMetadata): void;
	/** The topic is off the link with `peer` (left, refused, or the link ended) and why. */
	down(peer: PeerId, reason: CloseReason, detail: string): void;
	/** A message of the topic. */
	message(message: Message): void;
	/** A signaling socket carrying the topic opened. */
	signalingOpen(): void;
	/** An announce on the topic (from another peer, to all or to us). */
	announce(m: Announce): void;
}

/** A topic attached to the pool. */
export interface Attachment {
	/** Publishes on the topic's signaling. */
	publish(data: Announce | Signal): void;
	/** Detaches the topic (its links must have been left); the last one stops the pool. */
	detach(): void;
}
