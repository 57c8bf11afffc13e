/**
 * An automerge-repo network adapter over WebRTC data channels, with peers found through a
 * y-webrtc signaling server (see wire.ts for what is said where).
 *
 * - Discovery: subscribe to the topic and announce; re-announce every ~20 s (jittered) so
 *   peers that missed each other meet. A peer answers the broadcast announce of a peer it did
 *   not know with a directed one, so a newcomer learns the topic at once. Peers not heard of
 *   for three announce intervals are forgotten.
 * - Bounded degree: while it has fewer than `targetPeers` links (default 6), a peer calls a
 *   random known peer it is not linked to (not banned, not backing off after a failed or
 *   declined attempt), one call at a time so that calls it receives count first. It answers
 *   calls up to `maxPeers` (hard cap, default 20), so a newcomer always finds someone, and
 *   declines beyond. Either side may call; when both call at once, the smaller peer id's
 *   call wins.
 * - Reshuffle: every ~`reshuffleMs` (jittered), a peer above `targetPeers` drops a random
 *   link, and a peer above half of it that knows an unlinked peer drops a random link and
 *   calls a random unlinked peer instead, so the overlay keeps changing and partitions heal.
 *   A peer just left is avoided while others are available.
 * - A link is usable once both hellos (`{peerId, peerMetadata}`) crossed; then
 *   `peer-candidate` is emitted. A closed, failed or misbehaving link emits
 *   `peer-disconnected`. A peer that sent garbage, or that {@link WebRTCNetworkAdapter.dropPeer}
 *   was called for, is ignored (and its calls declined) for `banMs`.
 * - `disconnect()` closes everything and sends nothing more; `connect()` again starts afresh
 *   with a new session.
 * - Signaling is not authenticated: anyone on the topic can speak in any peer's name. So no
 *   signaling message ends or replaces a working link (it ends by its channel closing), a
 *   signal counts only for the call it names and that call's session, and a decline only
 *   delays the end of an unanswered call (PROTOCOL.md, Signaling).
 * @module
 */
import {
	NetworkAdapter,
	type Message,
	type PeerId,
	type PeerMetadata
} from '@automerge/automerge-repo/slim';
import { DEFAULT_CHUNK_BYTES, DEFAULT_MAX_MESSAGE_BYTES } from './chunking.js';
import { Dialer } from './dialer.js';
import { Neighbours } from './neighbours.js';
import { Readiness } from './readiness.js';
import { PeerLink, type CloseReason } from './peer-link.js';
import { SignalingClient } from './signaling-client.js';
import type { WebRTCAdapterOptions } from './webrtc-options.js';
import {
	encodeHello,
	parseSignaling,
	type Announce,
	type Signal,
	type SignalPayload
} from './wire.js';

export type { RTCPeerConnectionConstructor } from './peer-link.js';
export type { WebSocketConstructor, WebSocketLike } from './signaling-client.js';
export type { WebRTCAdapterOptions } from './webrtc-options.js';

/** How long a declined call waits for an answer anyway (the decline may be forged), ms. */
const DECLINE_GRACE_MS = 1500;

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
	readonly #target: number;
	readonly #announceMs: number;
	readonly #reshuffleMs: number;
	readonly #neighbours: Neighbours;
	/** Links by remote peer id (at most one each), connecting or open. */
	readonly #links = new Map<PeerId, PeerLink>();
	/** Peers whose peer-candidate was emitted (and whose peer-disconnected is due). */
	readonly #announced = new Set<PeerId>();
	#clients: SignalingClient[] = [];
	#session = '';
	#hello: Uint8Array = new Uint8Array();
	#running = false;
	readonly #readiness = new Readiness();
	#announceTimer: ReturnType<typeof setTimeout> | undefined;
	#reshuffleTimer: ReturnType<typeof setTimeout> | undefined;
	/** Whom to call and when (bounded degree, reshuffling). */
	readonly #dialer: Dialer;
	/** Our calls that were declined and end unless answered within {@link DECLINE_GRACE_MS}. */
	readonly #declined = new WeakSet<PeerLink>();

	constructor(options: WebRTCAdapterOptions) {
		super();
		this.#o = options;
		this.#urls =
			typeof options.signalingUrl === 'string' ? [options.signalingUrl] : [...options.signalingUrl];
		this.#maxPeers = Math.max(1, options.maxPeers ?? 20);
		this.#target = Math.max(1, Math.min(options.targetPeers ?? 6, this.#maxPeers));
		this.#announceMs = options.announceMs ?? 20_000;
		this.#reshuffleMs = options.reshuffleMs ?? 60_000;
		this.#neighbours = new Neighbours({
			forgetMs: 3 * this.#announceMs,
			maxBackoffMs: this.#announceMs
		});
		this.#dialer = new Dialer(
			{
				running: () => this.#running,
				peerId: () => this.peerId,
				links: this.#links,
				call: (peer) => this.#startLink(peer, undefined, randomId(), true),
				checkSettled: () => this.#checkSettled()
			},
			this.#neighbours,
			this.#target
		);
	}

	/** Peers with an open link (hello exchanged). */
	get peers(): PeerId[] {
		return [...this.#announced];
	}

	/** Whether discovery has settled (no link still connecting), or `readyTimeoutMs` passed. */
	override isReady(): boolean {
		return this.#readiness.ready;
	}

	/** Resolves when {@link isReady} becomes true. */
	override whenReady(): Promise<void> {
		return this.#readiness.whenReady();
	}

	/** Joins the topic as `peerId` with a new session (after a running session, starts afresh). */
	override connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
		if (this.#running) this.disconnect();
		this.peerId = peerId;
		this.peerMetadata = peerMetadata ?? {};
		this.#session = randomId();
		this.#hello = encodeHello(peerId, this.peerMetadata);
		this.#neighbours.clear();
		this.#running = true;
		this.#readiness.start(this.#o.readyTimeoutMs ?? 3000);
		this.#clients = this.#urls.map(
			(url) =>
				new SignalingClient(
					url,
					this.#o.topic,
					this.#o.WebSocket,
					{
						onOpen: () => this.#onSignalingOpen(),
						onData: (data) => this.#onSignaling(data)
					},
					this.#o.signaling
				)
		);
		this.#scheduleAnnounce();
		this.#scheduleReshuffle();
	}

	/** Sends to `message.targetId` if linked; otherwise (or after disconnect) drops it. */
	override send(message: Message): void {
		if (!this.#running) return;
		const link = this.#links.get(message.targetId);
		if (link?.ready) link.send(message);
	}

	/**
	 * Closes the link to `peer` (emitting `peer-disconnected` if it was open) and ignores the
	 * peer for `banMs`: its calls are declined and it is not called. For peers that sent
	 * invalid data above this layer.
	 */
	dropPeer(peer: PeerId, reason: string): void {
		this.#neighbours.ban(peer, Date.now() + (this.#o.banMs ?? 60_000));
		const link = this.#links.get(peer);
		this.#log(`dropping ${peer}: ${reason}`);
		link?.close('violation', `dropped: ${reason}`);
	}

	/** Leaves: closes every link (emitting `peer-disconnected`) and the signaling sockets. */
	override disconnect(): void {
		if (!this.#running) return;
		this.#running = false;
		for (const t of [this.#announceTimer, this.#reshuffleTimer]) clearTimeout(t);
		this.#readiness.stop();
		this.#dialer.stop();
		for (const c of this.#clients) c.close();
		this.#clients = [];
		for (const link of [...this.#links.values()]) link.close('local', 'adapter disconnected');
		this.#links.clear();
		this.#readiness.mark();
	}

	#log(line: string): void {
		try {
			this.#o.log?.(`${this.peerId ?? '?'}: ${line}`);
		} catch {
			// logging is best effort
		}
	}

	/** Ready once discovery has settled: no link still connecting nor a quick retry due, or the timeout. */
	#checkSettled(): void {
		if (!this.#running) return;
		this.#readiness.settleAfter(
			this.#o.settleMs ?? 500,
			() => !this.#dialer.retrying && [...this.#links.values()].every((l) => l.ready)
		);
	}

	#onSignalingOpen(): void {
		this.#announce();
		this.#checkSettled();
	}

	#scheduleAnnounce(): void {
		this.#announceTimer = setTimeout(
			() => {
				if (!this.#running) return;
				this.#neighbours.forgetStale(Date.now());
				this.#announce();
				this.#dialer.request();
				this.#scheduleAnnounce();
			},
			this.#announceMs * (0.75 + Math.random() * 0.5)
		);
	}

	#scheduleReshuffle(): void {
		this.#reshuffleTimer = setTimeout(
			() => {
				if (!this.#running) return;
				this.#dialer.reshuffle();
				this.#scheduleReshuffle();
			},
			this.#reshuffleMs * (0.5 + Math.random())
		);
	}

	#publish(data: Announce | Signal): void {
		for (const c of this.#clients) c.publish(data);
	}

	#announce(to?: PeerId): void {
		const me = this.peerId;
		if (!this.#running || !me) return;
		this.#publish(
			to === undefined
				? { type: 'announce', from: me, session: this.#session }
				: { type: 'announce', from: me, session: this.#session, to }
		);
	}

	#onSignaling(data: unknown): void {
		const me = this.peerId;
		if (!this.#running || !me) return;
		const m = parseSignaling(data);
		if (!m || m.from === me || (m.to !== undefined && m.to !== me)) return;
		if (this.#neighbours.isBanned(m.from, Date.now())) {
			if (m.type === 'signal' && m.signal.type === 'offer') this.#decline(m, me);
			return;
		}
		if (m.type === 'announce') this.#onAnnounce(m);
		else this.#onSignal(m, me);
	}

	/**
	 * An announce never ends a link: one with another session than a link's (forged, or a
	 * restart whose old link has not ended yet) is ignored until that link ends.
	 */
	#onAnnounce(m: Announce): void {
		const link = this.#links.get(m.from);
		if (link?.remoteSession !== undefined && link.remoteSession !== m.session) return;
		const fresh = this.#neighbours.seen(m.from, m.session, Date.now());
		if (m.to === undefined && fresh) this.#announce(m.from);
		this.#dialer.request();
	}

	/**
	 * A signal counts only for the call it names, from that call's session, until the link
	 * works; else only an offer counts (a new call). It is declined if a link works, is being
	 * answered, or is our call the peer answered; if both call unanswered, the smaller id wins.
	 */
	#onSignal(m: Signal, me: PeerId): void {
		const link = this.#links.get(m.from);
		if (link && link.cid === m.cid) {
			if (link.ready) return;
			if (m.signal.type === 'decline') this.#onDecline(link, m.session);
			else link.handleSignal(m.signal, m.session);
			return;
		}
		if (m.signal.type !== 'offer') return;
		if (link) {
			if (link.ready || !link.initiator || link.heardAnswer) return this.#decline(m, me);
			if (me < m.from) return;
			link.close('replaced', 'the peer called at the same time');
		}
		if (this.#links.size >= this.#maxPeers) return this.#decline(m, me);
		this.#neighbours.seen(m.from, m.session, Date.now());
		this.#startLink(m.from, m.session, m.cid, false).handleSignal(m.signal, m.session);
	}

	/** A decline ends our unanswered call only if no answer follows within {@link DECLINE_GRACE_MS}. */
	#onDecline(link: PeerLink, session: string): void {
		if (!link.initiator || link.answered || this.#declined.has(link)) return;
		if (link.remoteSession !== undefined && link.remoteSession !== session) return;
		this.#declined.add(link);
		setTimeout(() => {
			if (!link.closed && !link.answered) link.close('declined', 'the peer declined');
		}, DECLINE_GRACE_MS);
	}

	#decline(m: Signal, me: PeerId): void {
		this.#publish({
			type: 'signal',
			from: me,
			to: m.from,
			session: this.#session,
			cid: m.cid,
			signal: { type: 'decline' }
		});
	}

	/** Starts a link: answering, with the caller's session; calling, with none yet (see {@link PeerLink.remoteSession}). */
	#startLink(
		remote: PeerId,
		remoteSession: string | undefined,
		cid: string,
		initiator: boolean
	): PeerLink {
		const me = this.peerId as PeerId;
		const ice = this.#o.iceServers ?? [];
		const link = new PeerLink({
			localPeerId: me,
			remotePeerId: remote,
			...(remoteSession === undefined ? {} : { remoteSession }),
			cid,
			initiator,
			RTCPeerConnection: this.#o.RTCPeerConnection,
			iceServers: typeof ice === 'function' ? ice() : ice,
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
		this.#publish({
			type: 'signal',
			from: me,
			to: link.remotePeerId,
			session: this.#session,
			cid: link.cid,
			signal
		});
	}

	#onReady(link: PeerLink, peerMetadata: PeerMetadata): void {
		if (!this.#running || this.#links.get(link.remotePeerId) !== link) return;
		if (link.initiator) this.#dialer.request();
		this.#announced.add(link.remotePeerId);
		this.#neighbours.succeeded(link.remotePeerId);
		this.#log(`linked to ${link.remotePeerId}`);
		this.emit('peer-candidate', { peerId: link.remotePeerId, peerMetadata });
		this.#checkSettled();
	}

	#onClose(link: PeerLink, reason: CloseReason, detail: string): void {
		const peer = link.remotePeerId;
		const now = Date.now();
		this.#log(`link to ${peer} closed: ${reason} (${detail})`);
		if (this.#links.get(peer) === link) this.#links.delete(peer);
		if (reason === 'violation') this.#neighbours.ban(peer, now + (this.#o.banMs ?? 60_000));
		if (this.#announced.delete(peer)) this.emit('peer-disconnected', { peerId: peer });
		if (this.#running) {
			// a failed or refused call waits (250 ms, doubling); a peer just left is avoided for a while
			if (reason === 'failed' || reason === 'timeout' || reason === 'declined')
				this.#neighbours.fail(peer, now);
			else if (reason === 'closed' || reason === 'local')
				this.#neighbours.avoid(peer, now + this.#reshuffleMs);
			this.#dialer.request();
		}
		this.#checkSettled();
	}
}
