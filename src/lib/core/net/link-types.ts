/**
 * Settings and callbacks of a peer link (peer-link.ts).
 * @module
 */
import type { PeerId, PeerMetadata } from '@automerge/automerge-repo/slim';
import type { SignalPayload, TopicFrame } from './wire.js';

/** An RTCPeerConnection constructor (the browser's, or node-datachannel's polyfill). */
export type RTCPeerConnectionConstructor = new (config?: RTCConfiguration) => RTCPeerConnection;

/** How a link ended. */
export type CloseReason =
	'closed' | 'failed' | 'timeout' | 'violation' | 'replaced' | 'declined' | 'local';

/** Callbacks of a peer link (`L`: the link class). */
export interface LinkHandlers<L> {
	/** A signal to publish to the remote peer. */
	onSignal(link: L, signal: SignalPayload): void;
	/** The remote's hello arrived: the link is usable. */
	onReady(link: L, peerMetadata: PeerMetadata): void;
	/** A frame from the remote after its hello (a message's sender and target already checked). */
	onFrame(link: L, frame: TopicFrame): void;
	/** The link is gone (called once, also after the link's `close`). */
	onClose(link: L, reason: CloseReason, detail: string): void;
}

/** Settings of a peer link (`L`: the link class). */
export interface LinkOptions<L> {
	readonly localPeerId: PeerId;
	readonly remotePeerId: PeerId;
	/**
	 * The remote's session: the one its offer came with (answering), or none yet (calling: it is
	 * taken from the first answer that applies, not from announces, which anyone can forge).
	 */
	readonly remoteSession?: string;
	/** Connection attempt id, chosen by the initiator. */
	readonly cid: string;
	readonly initiator: boolean;
	readonly RTCPeerConnection: RTCPeerConnectionConstructor;
	readonly iceServers: RTCIceServer[];
	/** Our hello, already encoded. */
	readonly hello: Uint8Array;
	readonly chunkBytes: number;
	readonly maxMessageBytes: number;
	/** Time from creation to the remote's hello before the link is abandoned, ms. */
	readonly connectTimeoutMs: number;
	readonly handlers: LinkHandlers<L>;
}
