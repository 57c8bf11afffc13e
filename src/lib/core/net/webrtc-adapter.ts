/**
 * An automerge-repo network adapter for one topic (festival) over WebRTC data channels, with
 * peers found through a y-webrtc signaling server (see wire.ts for what is said where). It is
 * a view over a {@link LinkPool}: one link per pair of peers and one signaling socket per
 * server, shared by every topic (given a shared pool; else it makes one of its own). Below,
 * "a link" is the topic's presence on the link with a peer (link-pool.ts).
 *
 * - Discovery: subscribe to the topic and announce; re-announce every ~20 s (jittered) so
 *   peers that missed each other meet. A peer answers the broadcast announce of a peer it did
 *   not know with a directed one, so a newcomer learns the topic at once. Peers not heard of
 *   for three announce intervals are forgotten.
 * - Bounded degree: while it has fewer than `targetPeers` links (default 6), a peer calls a
 *   random known peer it is not linked to (not banned, not backing off after a failed or
 *   declined attempt), one call at a time so that calls it receives count first; calling a
 *   peer the pool has a link with only joins the topic on it. It answers calls and joins up
 *   to `maxPeers` (hard cap, default 20), so a newcomer always finds someone, and declines
 *   beyond (the pool also caps links in all). Either side may call; when both call at once,
 *   the smaller peer id's call wins (the pool settles it).
 * - Reshuffle: every ~`reshuffleMs` (jittered), a peer above `targetPeers` drops a random
 *   link, and a peer above half of it that knows an unlinked peer drops a random link and
 *   calls a random unlinked peer instead, so the overlay keeps changing and partitions heal.
 *   A peer just left is avoided while others are available.
 * - A link is usable once both hellos (`{peerId, peerMetadata}`) crossed and both sides
 *   joined the topic on it; then `peer-candidate` is emitted. A link that closed, failed or
 *   misbehaved, or that either side left the topic on, emits `peer-disconnected`. A peer that
 *   sent garbage, or that {@link WebRTCNetworkAdapter.dropPeer} was called for, is ignored (and
 *   its calls declined) for `banMs`, in every topic of the pool.
 * - `disconnect()` leaves the topic on every link and its signaling, and says nothing more on
 *   it; a pool whose last topic left closes its links and sockets. `connect()` again starts
 *   afresh (with a new session, once the pool had closed).
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
import { Dialer, type DialLink } from './dialer.js';
import { LinkPool, type Attachment, type PoolMember } from './link-pool.js';
import { Neighbours } from './neighbours.js';
import { Readiness } from './readiness.js';
import type { CloseReason } from './peer-link.js';
import type { SharedAdapterOptions, TopicOptions, WebRTCAdapterOptions } from './webrtc-options.js';
import type { Announce } from './wire.js';

export type { RTCPeerConnectionConstructor } from './peer-link.js';
export type { WebSocketConstructor, WebSocketLike } from './signaling-client.js';
export type { SharedAdapterOptions, WebRTCAdapterOptions } from './webrtc-options.js';
export { LinkPool, type PoolOptions } from './link-pool.js';
export { SignalingHub } from './signaling-hub.js';

/** The topic on the link with one peer. */
class TopicLink implements DialLink {
	ready = false;
	closed = false;
	readonly #timer: ReturnType<typeof setTimeout>;
	constructor(
		readonly remotePeerId: PeerId,
		readonly initiator: boolean,
		timeoutMs: number,
		readonly onClose: (l: TopicLink, reason: CloseReason, detail: string, local: boolean) => void
	) {
		this.#timer = setTimeout(() => this.close('timeout', 'not joined in time'), timeoutMs);
	}

	/** The topic is on the link. */
	open(): void {
		this.ready = true;
		clearTimeout(this.#timer);
	}

	/** Ends it here (`local`: the pool is still to be told). */
	close(reason: CloseReason, detail: string, local = true): void {
		if (this.closed) return;
		this.closed = true;
		clearTimeout(this.#timer);
		this.onClose(this, reason, detail, local);
	}
}

/** automerge-repo network adapter over WebRTC data channels, for one topic. */
export class WebRTCNetworkAdapter extends NetworkAdapter {
	readonly #o: TopicOptions;
	readonly #pool: LinkPool;
	readonly #urls: readonly string[];
	readonly #maxPeers: number;
	readonly #target: number;
	readonly #announceMs: number;
	readonly #reshuffleMs: number;
	readonly #neighbours: Neighbours;
	/** The topic's links by remote peer id (at most one each), connecting or open. */
	readonly #links = new Map<PeerId, TopicLink>();
	/** Peers whose peer-candidate was emitted (and whose peer-disconnected is due). */
	readonly #announced = new Set<PeerId>();
	#attachment: Attachment | undefined;
	#running = false;
	readonly #readiness = new Readiness();
	/** Cancels the re-announces and reshuffles (on the pool's ticker). */
	#stopPeriodic: (() => void) | undefined;
	/** Whom to call and when (bounded degree, reshuffling). */
	readonly #dialer: Dialer;

	constructor(options: WebRTCAdapterOptions | SharedAdapterOptions) {
		super();
		this.#o = options;
		this.#pool = 'pool' in options ? options.pool : new LinkPool(options);
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
				call: (peer) => this.#call(peer),
				checkSettled: () => this.#checkSettled()
			},
			this.#neighbours,
			this.#target
		);
	}

	/** The pool whose links and signaling sockets this adapter uses. */
	get pool(): LinkPool {
		return this.#pool;
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

	/**
	 * Joins the topic as `peerId` (after a running session, starts afresh). With a shared pool
	 * every topic uses one peer id (the pool's session is new when its first topic joins).
	 */
	override connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
		if (this.#running) this.disconnect();
		this.peerId = peerId;
		this.peerMetadata = peerMetadata ?? {};
		this.#neighbours.clear();
		this.#running = true;
		this.#readiness.start(this.#o.readyTimeoutMs ?? 3000);
		this.#attachment = this.#pool.attach(
			this.#o.topic,
			this.#urls,
			this.#member(),
			peerId,
			this.peerMetadata
		);
		this.#schedulePeriodic();
	}

	/** Sends to `message.targetId` if linked; otherwise (or after disconnect) drops it. */
	override send(message: Message): void {
		if (this.#running && this.#links.get(message.targetId)?.ready)
			this.#pool.send(this.#o.topic, message);
	}

	/**
	 * Closes the link to `peer` (emitting `peer-disconnected` if it was open) and ignores the
	 * peer for `banMs`: its calls are declined and it is not called. For peers that sent
	 * invalid data above this layer. The peer is one identity: its shared link ends, and it is
	 * banned from every topic of the pool.
	 */
	dropPeer(peer: PeerId, reason: string): void {
		const ms = this.#o.banMs ?? 60_000;
		this.#neighbours.ban(peer, Date.now() + ms);
		this.#log(`dropping ${peer}: ${reason}`);
		this.#links.get(peer)?.close('violation', `dropped: ${reason}`);
		this.#pool.drop(peer, reason, ms);
	}

	/** Leaves: the topic leaves every link (emitting `peer-disconnected`) and its signaling. */
	override disconnect(): void {
		if (!this.#running) return;
		this.#running = false;
		this.#stopPeriodic?.();
		this.#stopPeriodic = undefined;
		this.#readiness.stop();
		this.#dialer.stop();
		for (const link of [...this.#links.values()]) link.close('local', 'adapter disconnected');
		this.#links.clear();
		this.#attachment?.detach();
		this.#attachment = undefined;
		this.#readiness.mark();
	}

	#member(): PoolMember {
		return {
			accept: (peer) => this.#accept(peer),
			hasRoom: (peer) =>
				this.#running && (this.#links.has(peer) || this.#links.size < this.#maxPeers),
			up: (peer, peerMetadata) => this.#onUp(peer, peerMetadata),
			down: (peer, reason, detail) => this.#links.get(peer)?.close(reason, detail, false),
			message: (m) => {
				if (this.#running && this.#links.get(m.senderId)?.ready) this.emit('message', m);
			},
			signalingOpen: () => this.#onSignalingOpen(),
			announce: (m) => this.#onAnnounce(m)
		};
	}

	#log(line: string): void {
		try {
			this.#o.log?.(`${this.peerId ?? '?'}: ${this.#o.topic.slice(0, 8)}: ${line}`);
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

	/**
	 * Re-announces (every `announceMs` ±25%) and reshuffles (every `reshuffleMs` ±50%) on the
	 * pool's ticker: one timer for every topic of the pool, not two per topic.
	 */
	#schedulePeriodic(): void {
		const ticker = this.#pool.ticker;
		const announce = ticker.every(
			this.#announceMs,
			() => {
				if (!this.#running) return;
				this.#neighbours.forgetStale(Date.now());
				this.#announce();
				this.#dialer.request();
			},
			{ jitter: 0.25, phase: false }
		);
		const reshuffle = ticker.every(
			this.#reshuffleMs,
			() => {
				if (this.#running) this.#dialer.reshuffle();
			},
			{ jitter: 0.5, phase: false }
		);
		this.#stopPeriodic = () => {
			announce();
			reshuffle();
		};
	}

	#announce(to?: PeerId): void {
		const me = this.peerId;
		if (!this.#running || !me) return;
		const session = this.#pool.session;
		this.#attachment?.publish(
			to === undefined
				? { type: 'announce', from: me, session }
				: { type: 'announce', from: me, session, to }
		);
	}

	/**
	 * An announce never ends a link: one with another session than a link's (forged, or a
	 * restart whose old link has not ended yet) is ignored until that link ends.
	 */
	#onAnnounce(m: Announce): void {
		if (!this.#running || this.#neighbours.isBanned(m.from, Date.now())) return;
		const link = this.#pool.linkTo(m.from);
		if (link?.remoteSession !== undefined && link.remoteSession !== m.session) return;
		const fresh = this.#neighbours.seen(m.from, m.session, Date.now());
		if (m.to === undefined && fresh) this.#announce(m.from);
		this.#dialer.request();
	}

	#newLink(peer: PeerId, initiator: boolean): TopicLink {
		const link = new TopicLink(
			peer,
			initiator,
			this.#o.connectTimeoutMs ?? 20_000,
			(l, reason, detail, local) => this.#onClose(l, reason, detail, local)
		);
		this.#links.set(peer, link);
		return link;
	}

	/** Calls a peer: joins the topic on its link (made if there is none). */
	#call(peer: PeerId): TopicLink {
		const link = this.#newLink(peer, true);
		this.#log(`calling ${peer}`);
		if (!this.#pool.join(this.#o.topic, peer))
			queueMicrotask(() => link.close('declined', 'no room for another link'));
		return link;
	}

	/** A peer joined the topic on its link first: taken while there is room. */
	#accept(peer: PeerId): boolean {
		if (!this.#running || this.#links.has(peer) || this.#links.size >= this.#maxPeers) return false;
		if (this.#neighbours.isBanned(peer, Date.now())) return false;
		this.#newLink(peer, false);
		this.#log(`answering ${peer}`);
		return true;
	}

	#onUp(peer: PeerId, peerMetadata: PeerMetadata): void {
		const link = this.#links.get(peer);
		if (!this.#running || !link || link.ready) return;
		link.open();
		if (link.initiator) this.#dialer.request();
		this.#announced.add(peer);
		this.#neighbours.succeeded(peer);
		this.#log(`linked to ${peer}`);
		this.emit('peer-candidate', { peerId: peer, peerMetadata });
		this.#checkSettled();
	}

	#onClose(link: TopicLink, reason: CloseReason, detail: string, local: boolean): void {
		const peer = link.remotePeerId;
		const now = Date.now();
		this.#log(`link to ${peer} closed: ${reason} (${detail})`);
		if (this.#links.get(peer) !== link) return;
		this.#links.delete(peer);
		if (local) this.#pool.leave(this.#o.topic, peer);
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
