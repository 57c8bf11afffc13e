/**
 * An automerge-repo network adapter over WebRTC data channels, with peers found through a
 * y-webrtc signaling server (see wire.ts for what is said where).
 *
 * - Discovery: subscribe to the topic and announce; re-announce every ~20 s (jittered) so
 *   peers that missed each other meet. Of two peers, the one with the smaller peer id opens
 *   the connection; the other answers a broadcast announce with a directed one so that the
 *   smaller learns of it.
 * - A link is usable once both hellos (`{peerId, peerMetadata}`) crossed; then
 *   `peer-candidate` is emitted. A closed, failed or misbehaving link emits
 *   `peer-disconnected`; the peer reconnects on the next announce. A peer that sent garbage is
 *   ignored for `banMs`.
 * - At most `maxPeers` links (connecting or open) at a time.
 * - `disconnect()` closes everything and sends nothing more; `connect()` again starts afresh
 *   with a new session.
 * @module
 */
import { NetworkAdapter, type Message, type PeerId, type PeerMetadata } from '@automerge/automerge-repo/slim';
import { DEFAULT_CHUNK_BYTES, DEFAULT_MAX_MESSAGE_BYTES } from './chunking.js';
import { PeerLink, type CloseReason, type RTCPeerConnectionConstructor } from './peer-link.js';
import { SignalingClient, type SignalingTiming, type WebSocketConstructor } from './signaling-client.js';
import { encodeHello, parseSignaling, type Announce, type Signal, type SignalPayload } from './wire.js';

export type { RTCPeerConnectionConstructor } from './peer-link.js';
export type { WebSocketConstructor, WebSocketLike } from './signaling-client.js';

/** Settings of a {@link WebRTCNetworkAdapter}. */
export interface WebRTCAdapterOptions {
	/** Signaling server URL(s) (y-webrtc protocol); with several, all are used at once. */
	readonly signalingUrl: string | readonly string[];
	/** The topic peers meet on. */
	readonly topic: string;
	/** `RTCPeerConnection`: the browser's, or `node-datachannel/polyfill`'s in Node. */
	readonly RTCPeerConnection: RTCPeerConnectionConstructor;
	/** `WebSocket`: the browser's, or the `ws` package's in Node. */
	readonly WebSocket: WebSocketConstructor;
	/** STUN/TURN servers (default none: host candidates suffice on one LAN). */
	readonly iceServers?: RTCIceServer[];
	/** Hard cap on links, connecting or open (default 20). */
	readonly maxPeers?: number;
	/** Mean re-announce interval, ms (default 20 s, jittered by ±25%). */
	readonly announceMs?: number;
	/** Time for a link to reach hello before it is abandoned, ms (default 20 s). */
	readonly connectTimeoutMs?: number;
	/** How long a peer that sent garbage is ignored, ms (default 60 s). */
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

/** Quick retries of a failed link before waiting for announces. */
const MAX_RETRIES = 5;

function randomId(): string {
	const b = new Uint8Array(12);
	globalThis.crypto.getRandomValues(b);
	return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** automerge-repo network adapter over WebRTC data channels. */
export class WebRTCNetworkAdapter extends NetworkAdapter {
	readonly #o: WebRTCAdapterOptions;
	readonly #urls: readonly string[];
	readonly #maxPeers: number;
	/** Links by remote peer id (at most one each). */
	readonly #links = new Map<PeerId, PeerLink>();
	/** Peers whose peer-candidate was emitted (and whose peer-disconnected is due). */
	readonly #announced = new Set<PeerId>();
	readonly #banned = new Map<PeerId, number>();
	/** Consecutive failed links per peer, and the pending retry. */
	readonly #retries = new Map<PeerId, { attempt: number; timer: ReturnType<typeof setTimeout> | undefined }>();
	#clients: SignalingClient[] = [];
	#session = '';
	#hello: Uint8Array = new Uint8Array();
	#running = false;
	#ready = false;
	#readyWaiters: (() => void)[] = [];
	#announceTimer: ReturnType<typeof setTimeout> | undefined;
	#settleTimer: ReturnType<typeof setTimeout> | undefined;
	#readyTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(options: WebRTCAdapterOptions) {
		super();
		this.#o = options;
		this.#urls = typeof options.signalingUrl === 'string' ? [options.signalingUrl] : [...options.signalingUrl];
		this.#maxPeers = options.maxPeers ?? 20;
	}

	/** Peers with an open link (hello exchanged). */
	get peers(): PeerId[] {
		return [...this.#announced];
	}

	/** Whether discovery has settled (no link still connecting), or `readyTimeoutMs` passed. */
	override isReady(): boolean {
		return this.#ready;
	}

	/** Resolves when {@link isReady} becomes true. */
	override whenReady(): Promise<void> {
		if (this.#ready) return Promise.resolve();
		return new Promise((resolve) => this.#readyWaiters.push(resolve));
	}

	/** Joins the topic as `peerId` with a new session (after a running session, starts afresh). */
	override connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
		if (this.#running) this.disconnect();
		this.peerId = peerId;
		this.peerMetadata = peerMetadata ?? {};
		this.#session = randomId();
		this.#hello = encodeHello(peerId, this.peerMetadata);
		this.#running = true;
		this.#ready = false;
		this.#readyTimer = setTimeout(() => this.#markReady(), this.#o.readyTimeoutMs ?? 3000);
		this.#clients = this.#urls.map(
			(url) =>
				new SignalingClient(url, this.#o.topic, this.#o.WebSocket, {
					onOpen: () => this.#onSignalingOpen(),
					onData: (data) => this.#onSignaling(data)
				}, this.#o.signaling)
		);
		this.#scheduleAnnounce();
	}

	/** Sends to `message.targetId` if linked; otherwise (or after disconnect) drops it. */
	override send(message: Message): void {
		if (!this.#running) return;
		const link = this.#links.get(message.targetId);
		if (link?.ready) link.send(message);
	}

	/** Leaves: closes every link (emitting `peer-disconnected`) and the signaling sockets. */
	override disconnect(): void {
		if (!this.#running) return;
		this.#running = false;
		clearTimeout(this.#announceTimer);
		clearTimeout(this.#settleTimer);
		clearTimeout(this.#readyTimer);
		for (const c of this.#clients) c.close();
		this.#clients = [];
		for (const link of [...this.#links.values()]) link.close('local', 'adapter disconnected');
		this.#links.clear();
		for (const r of this.#retries.values()) clearTimeout(r.timer);
		this.#retries.clear();
		this.#markReady();
	}

	#log(line: string): void {
		try {
			this.#o.log?.(`${this.peerId ?? '?'}: ${line}`);
		} catch {
			// logging is best effort
		}
	}

	#markReady(): void {
		clearTimeout(this.#readyTimer);
		if (this.#ready) return;
		this.#ready = true;
		for (const w of this.#readyWaiters.splice(0)) w();
	}

	/** Ready once discovery has settled: no link still connecting, or the timeout. */
	#checkSettled(): void {
		if (this.#ready || !this.#running) return;
		clearTimeout(this.#settleTimer);
		this.#settleTimer = setTimeout(() => {
			const retrying = [...this.#retries.values()].some((r) => r.timer !== undefined);
			if (!retrying && [...this.#links.values()].every((l) => l.ready)) this.#markReady();
		}, this.#o.settleMs ?? 500);
	}

	#onSignalingOpen(): void {
		this.#announce();
		this.#checkSettled();
	}

	#scheduleAnnounce(): void {
		const mean = this.#o.announceMs ?? 20_000;
		this.#announceTimer = setTimeout(() => {
			if (!this.#running) return;
			this.#announce();
			this.#scheduleAnnounce();
		}, mean * (0.75 + Math.random() * 0.5));
	}

	#publish(data: Announce | Signal): void {
		for (const c of this.#clients) c.publish(data);
	}

	#announce(to?: PeerId): void {
		const me = this.peerId;
		if (!this.#running || !me) return;
		this.#publish(to === undefined ? { type: 'announce', from: me, session: this.#session } : { type: 'announce', from: me, session: this.#session, to });
	}

	#isBanned(peer: PeerId): boolean {
		const until = this.#banned.get(peer);
		if (until === undefined) return false;
		if (Date.now() < until) return true;
		this.#banned.delete(peer);
		return false;
	}

	#onSignaling(data: unknown): void {
		const me = this.peerId;
		if (!this.#running || !me) return;
		const m = parseSignaling(data);
		if (!m || m.from === me || (m.to !== undefined && m.to !== me) || this.#isBanned(m.from)) return;
		if (m.type === 'announce') this.#onAnnounce(m, me);
		else this.#onSignal(m, me);
	}

	#onAnnounce(m: Announce, me: PeerId): void {
		let link = this.#links.get(m.from);
		if (link && link.remoteSession !== m.session) {
			link.close('replaced', 'the peer announced a new session');
			link = undefined;
		}
		if (link) return;
		if (me < m.from) {
			if (this.#links.size < this.#maxPeers) this.#startLink(m.from, m.session, randomId(), true);
		} else if (m.to === undefined && this.#links.size < this.#maxPeers) {
			this.#announce(m.from);
		}
	}

	#onSignal(m: Signal, me: PeerId): void {
		const link = this.#links.get(m.from);
		if (link && link.cid === m.cid) {
			if (link.remoteSession === m.session) link.handleSignal(m.signal);
			return;
		}
		// a new connection attempt: only an offer from a smaller peer id starts one
		if (m.signal.type !== 'offer' || !(m.from < me)) return;
		if (link) link.close('replaced', 'the peer started a new connection');
		if (this.#links.size >= this.#maxPeers) return;
		this.#startLink(m.from, m.session, m.cid, false).handleSignal(m.signal);
	}

	#startLink(remote: PeerId, remoteSession: string, cid: string, initiator: boolean): PeerLink {
		const me = this.peerId as PeerId;
		const link = new PeerLink({
			localPeerId: me,
			remotePeerId: remote,
			remoteSession,
			cid,
			initiator,
			RTCPeerConnection: this.#o.RTCPeerConnection,
			iceServers: this.#o.iceServers ?? [],
			hello: this.#hello,
			chunkBytes: this.#o.chunkBytes ?? DEFAULT_CHUNK_BYTES,
			maxMessageBytes: this.#o.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
			connectTimeoutMs: this.#o.connectTimeoutMs ?? 20_000,
			handlers: {
				onSignal: (l, signal) => this.#sendSignal(l, signal),
				onReady: (l, peerMetadata) => this.#onReady(l, peerMetadata),
				onMessage: (l, message) => {
					if (this.#links.get(l.remotePeerId) === l && this.#running) this.emit('message', message);
				},
				onClose: (l, reason, detail) => this.#onClose(l, reason, detail)
			}
		});
		this.#links.set(remote, link);
		this.#log(`${initiator ? 'calling' : 'answering'} ${remote}`);
		return link;
	}

	#sendSignal(link: PeerLink, signal: SignalPayload): void {
		const me = this.peerId;
		if (!this.#running || !me || this.#links.get(link.remotePeerId) !== link) return;
		this.#publish({ type: 'signal', from: me, to: link.remotePeerId, session: this.#session, cid: link.cid, signal });
	}

	#onReady(link: PeerLink, peerMetadata: PeerMetadata): void {
		if (!this.#running || this.#links.get(link.remotePeerId) !== link) return;
		this.#announced.add(link.remotePeerId);
		const retry = this.#retries.get(link.remotePeerId);
		clearTimeout(retry?.timer);
		this.#retries.delete(link.remotePeerId);
		this.#log(`linked to ${link.remotePeerId}`);
		this.emit('peer-candidate', { peerId: link.remotePeerId, peerMetadata });
		this.#checkSettled();
	}

	#onClose(link: PeerLink, reason: CloseReason, detail: string): void {
		this.#log(`link to ${link.remotePeerId} closed: ${reason} (${detail})`);
		if (this.#links.get(link.remotePeerId) === link) this.#links.delete(link.remotePeerId);
		if (reason === 'violation') this.#banned.set(link.remotePeerId, Date.now() + (this.#o.banMs ?? 60_000));
		if (this.#announced.delete(link.remotePeerId)) this.emit('peer-disconnected', { peerId: link.remotePeerId });
		if (reason === 'failed' || reason === 'timeout') this.#scheduleRetry(link);
		this.#checkSettled();
	}

	/**
	 * Tries a failed link again soon rather than at the next announce (libdatachannel now and
	 * then refuses a good answer when busy): after 250 ms, doubling per consecutive failure, at
	 * most {@link MAX_RETRIES} times. The smaller peer calls again, the larger one announces
	 * itself to the smaller.
	 */
	#scheduleRetry(link: PeerLink): void {
		if (!this.#running) return;
		const peer = link.remotePeerId;
		const retry = this.#retries.get(peer) ?? { attempt: 0, timer: undefined };
		clearTimeout(retry.timer);
		if (retry.attempt >= MAX_RETRIES) return;
		const base = Math.min(this.#o.announceMs ?? 20_000, 250 * 2 ** retry.attempt);
		retry.attempt = Math.min(retry.attempt + 1, 20);
		retry.timer = setTimeout(() => {
			retry.timer = undefined;
			const me = this.peerId;
			if (!this.#running || !me || this.#links.has(peer) || this.#isBanned(peer)) return;
			if (me < peer) {
				if (this.#links.size < this.#maxPeers) this.#startLink(peer, link.remoteSession, randomId(), true);
			} else {
				this.#announce(peer);
			}
		}, base * (0.5 + Math.random() * 0.5));
		this.#retries.set(peer, retry);
	}
}
