/**
 * One WebRTC link per pair of peers, shared by every topic (festival) both are on, and one
 * signaling socket per server ({@link SignalingHub}). Topic adapters (webrtc-adapter.ts) are
 * views over the pool: each keeps its own neighbours, target and reshuffling, and "calling" a
 * peer that already has a link only joins the topic on that link.
 *
 * - A topic is on a link once both sides joined it (`join` frames, wire.ts); either side's
 *   `leave` takes it off for both. A peer joins a topic on a link only for a topic it is on,
 *   and only towards a peer that showed it knows the topic (announced on it, called on it, or
 *   joined it first), so a link does not tell which other festivals one is in. A join of a
 *   topic we are not on gets no answer; one the topic has no room for is answered by a leave.
 * - A message is tagged with its topic: one of a topic the sender did not join ends the link
 *   as a violation; one of a topic we left (it crossed our leave) is dropped.
 * - A link with no topic left closes after `idleMs`. At most `maxLinks` links, connecting or
 *   open; calls beyond are declined. A dropped peer is banned for all topics (one identity).
 * - Signaling is per topic, as before: a call goes out on the topic that made it, and its
 *   answer, ICE and declines come back there. Signaling is not authenticated: no signaling
 *   message ends or replaces a working link, a signal counts only for the call it names and
 *   that call's session, and a decline only delays the end of an unanswered call
 *   (PROTOCOL.md, Signaling). When both peers call at once, the smaller peer id's call wins,
 *   whatever topics the calls came from: the loser's topics move onto the winning link.
 * @module
 */
import type { Message, PeerId, PeerMetadata } from '@automerge/automerge-repo/slim';
import { DEFAULT_CHUNK_BYTES, DEFAULT_MAX_MESSAGE_BYTES } from './chunking.js';
import { PeerLink, type CloseReason } from './peer-link.js';
import type { Attachment, PoolMember, PoolOptions } from './pool-types.js';
import { SignalingHub, type HubTopic } from './signaling-hub.js';
import { Ticker } from '../sync/ticker.js';
import {
	encodeHello,
	randomId,
	parseSignaling,
	type Signal,
	type SignalPayload,
	type TopicFrame
} from './wire.js';

/** How long a declined call waits for an answer anyway (the decline may be forged), ms. */
const DECLINE_GRACE_MS = 1500;
/** Topics one remote may join on a link, at most. */
const MAX_TOPICS_PER_LINK = 1024;

interface Entry {
	link: PeerLink;
	/** Topics we joined (or want, while connecting) on the link. */
	readonly local: Set<string>;
	/** Topics the remote joined. */
	readonly remote: Set<string>;
	/** The topic whose signaling carries the link's call. */
	signalTopic: string;
	idle?: ReturnType<typeof setTimeout>;
}

export type { Attachment, PoolMember, PoolOptions } from './pool-types.js';

/** Links and signaling sockets shared by the topics of one peer id (see the module comment). */
export class LinkPool {
	readonly #o: PoolOptions;
	readonly #maxLinks: number;
	readonly hub: SignalingHub;
	/** The one timer of its topics' periodic work (re-announces, reshuffles). */
	readonly ticker: Ticker;
	readonly #entries = new Map<PeerId, Entry>();
	readonly #members = new Map<string, { member: PoolMember; topic: HubTopic }>();
	readonly #banned = new Map<PeerId, number>();
	readonly #declined = new WeakSet<PeerLink>();
	#peerId: PeerId | undefined;
	#session = '';
	#hello: Uint8Array = new Uint8Array();

	constructor(options: PoolOptions) {
		this.#o = options;
		this.#maxLinks = Math.max(1, options.maxPeers ?? 20);
		this.hub = new SignalingHub(options.WebSocket, options.signaling);
		this.ticker = options.ticker ?? new Ticker();
	}

	/** The peer id while any topic is attached. */
	get peerId(): PeerId | undefined {
		return this.#peerId;
	}

	/** This run's session (new whenever the first topic attaches). */
	get session(): string {
		return this.#session;
	}

	/** Links now, connecting or open. */
	get links(): number {
		return this.#entries.size;
	}

	/** The link to `peer`, if any (connecting or open). */
	linkTo(peer: PeerId): PeerLink | undefined {
		return this.#entries.get(peer)?.link;
	}

	/** Whether `topic` is on an open link with `peer` (both joined). */
	active(topic: string, peer: PeerId): boolean {
		const e = this.#entries.get(peer);
		return !!e?.link.ready && e.local.has(topic) && e.remote.has(topic);
	}

	/** Whether `peer` is banned now. */
	isBanned(peer: PeerId): boolean {
		const until = this.#banned.get(peer);
		if (until === undefined) return false;
		if (Date.now() < until) return true;
		this.#banned.delete(peer);
		return false;
	}

	/**
	 * Attaches `member` for `topic` on the signaling servers `urls` as `peerId` (the first
	 * attachment starts a run, with a new session; all must use one peer id). Throws if the
	 * topic is attached already or the peer id differs.
	 */
	attach(
		topic: string,
		urls: readonly string[],
		member: PoolMember,
		peerId: PeerId,
		peerMetadata: PeerMetadata
	): Attachment {
		if (this.#members.has(topic)) throw new Error(`topic ${topic} is attached already`);
		if (this.#peerId === undefined) {
			this.#peerId = peerId;
			this.#session = randomId();
			this.#hello = encodeHello(peerId, peerMetadata);
		} else if (this.#peerId !== peerId) throw new Error('one pool serves one peer id');
		const slot = {
			member,
			topic: this.hub.join(urls, topic, {
				onOpen: () => member.signalingOpen(),
				onData: (data) => this.#onSignaling(topic, data)
			})
		};
		this.#members.set(topic, slot);
		return {
			publish: (data) => {
				if (this.#members.get(topic) === slot) slot.topic.publish(data);
			},
			detach: () => {
				if (this.#members.get(topic) !== slot) return;
				this.#members.delete(topic);
				slot.topic.leave();
				for (const e of [...this.#entries.values()]) {
					if (e.signalTopic === topic && !e.link.ready)
						e.link.close('local', 'its topic left before it opened');
				}
				if (this.#members.size === 0) this.#stop();
			}
		};
	}

	/**
	 * Joins `topic` on the link to `peer`, calling it (on the topic's signaling) if there is
	 * none; false if the peer is banned or no link may be added.
	 */
	join(topic: string, peer: PeerId): boolean {
		if (!this.#members.has(topic) || this.isBanned(peer)) return false;
		let e = this.#entries.get(peer);
		if (!e) {
			if (this.#entries.size >= this.#maxLinks) return false;
			e = this.#startLink(peer, undefined, randomId(), true, topic);
		}
		if (e.local.has(topic)) return true;
		e.local.add(topic);
		clearTimeout(e.idle);
		if (e.link.ready) {
			e.link.sendTopic(topic);
			if (e.remote.has(topic)) this.#members.get(topic)?.member.up(peer, e.link.remoteMetadata);
		}
		return true;
	}

	/** Leaves `topic` on the link to `peer` (for both sides); a link with no topic left closes soon. */
	leave(topic: string, peer: PeerId): void {
		const e = this.#entries.get(peer);
		if (!e) return;
		e.remote.delete(topic);
		if (!e.local.delete(topic)) return;
		e.link.sendTopic(topic, true);
		this.#checkIdle(e);
	}

	/** Sends a message of `topic` to its target, if the topic is on their link. */
	send(topic: string, message: Message): void {
		if (this.active(topic, message.targetId))
			this.#entries.get(message.targetId)?.link.send(topic, message);
	}

	/** Bans `peer` for `ms` (all topics) and closes its link as a violation. */
	drop(peer: PeerId, reason: string, ms: number): void {
		this.#ban(peer, Date.now() + ms);
		this.#entries.get(peer)?.link.close('violation', `dropped: ${reason}`);
	}

	/** Closes every link and socket (every attached topic is detached without notice). */
	close(): void {
		this.#members.clear();
		this.#stop();
		this.hub.close();
		if (this.ticker !== this.#o.ticker) this.ticker.close();
	}

	#ban(peer: PeerId, until: number): void {
		this.#banned.set(peer, Math.max(until, this.#banned.get(peer) ?? 0));
	}

	#stop(): void {
		for (const e of [...this.#entries.values()]) e.link.close('local', 'no topic left');
		this.#entries.clear();
		this.#peerId = undefined;
	}

	#log(line: string): void {
		try {
			this.#o.log?.(`${this.#peerId ?? '?'}: ${line}`);
		} catch {
			// logging is best effort
		}
	}

	#checkIdle(e: Entry): void {
		clearTimeout(e.idle);
		if (e.local.size > 0 || e.link.closed) return;
		e.idle = setTimeout(() => {
			if (e.local.size === 0 && this.#entries.get(e.link.remotePeerId) === e)
				e.link.close('local', 'no topic left');
		}, this.#o.idleMs ?? 3000);
	}

	#onSignaling(topic: string, data: unknown): void {
		const me = this.#peerId;
		const slot = this.#members.get(topic);
		if (!me || !slot) return;
		const m = parseSignaling(data);
		if (!m || m.from === me || (m.to !== undefined && m.to !== me)) return;
		if (this.isBanned(m.from)) {
			if (m.type === 'signal' && m.signal.type === 'offer') this.#decline(topic, m, me);
			return;
		}
		if (m.type === 'announce') slot.member.announce(m);
		else this.#onSignal(topic, m, me);
	}

	/**
	 * A signal counts only for the call it names, from that call's session, until the link
	 * works; else only an offer counts (a new call). It is declined if a link works, is being
	 * answered, or is our call the peer answered; if both call unanswered, the smaller id wins.
	 */
	#onSignal(topic: string, m: Signal, me: PeerId): void {
		const e = this.#entries.get(m.from);
		const link = e?.link;
		if (link && link.cid === m.cid) {
			if (link.ready) return;
			if (m.signal.type === 'decline') this.#onDecline(link, m.session);
			else link.handleSignal(m.signal, m.session);
			return;
		}
		if (m.signal.type !== 'offer') return;
		if (link) {
			if (link.ready || !link.initiator || link.heardAnswer) return this.#decline(topic, m, me);
			if (me < m.from) return;
		} else if (this.#entries.size >= this.#maxLinks) return this.#decline(topic, m, me);
		if (!this.#members.get(topic)?.member.hasRoom(m.from)) return this.#decline(topic, m, me);
		// the winning call replaces ours; the topics we wanted on ours move onto it
		this.#startLink(m.from, m.session, m.cid, false, topic, e).link.handleSignal(
			m.signal,
			m.session
		);
		link?.close('replaced', 'the peer called at the same time');
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

	#decline(topic: string, m: Signal, me: PeerId): void {
		this.#members.get(topic)?.topic.publish({
			type: 'signal',
			from: me,
			to: m.from,
			session: this.#session,
			cid: m.cid,
			signal: { type: 'decline' }
		});
	}

	/** Starts a link (in `into`, replacing its link, or in a new entry). */
	#startLink(
		remote: PeerId,
		remoteSession: string | undefined,
		cid: string,
		initiator: boolean,
		topic: string,
		into?: Entry
	): Entry {
		const ice = this.#o.iceServers ?? [];
		const link = new PeerLink({
			localPeerId: this.#peerId as PeerId,
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
				onReady: (l) => this.#onReady(l),
				onFrame: (l, frame) => this.#onFrame(l, frame),
				onClose: (l, reason, detail) => this.#onClose(l, reason, detail)
			}
		});
		const e: Entry = into ?? { link, local: new Set(), remote: new Set(), signalTopic: topic };
		e.link = link;
		e.signalTopic = topic;
		this.#entries.set(remote, e);
		this.#log(`${initiator ? 'calling' : 'answering'} ${remote}`);
		return e;
	}

	#sendSignal(link: PeerLink, signal: SignalPayload): void {
		const me = this.#peerId;
		const e = this.#entries.get(link.remotePeerId);
		if (!me || e?.link !== link) return;
		this.#members.get(e.signalTopic)?.topic.publish({
			type: 'signal',
			from: me,
			to: link.remotePeerId,
			session: this.#session,
			cid: link.cid,
			signal
		});
	}

	#onReady(link: PeerLink): void {
		const e = this.#entries.get(link.remotePeerId);
		if (e?.link !== link) return;
		this.#log(`linked to ${link.remotePeerId}`);
		for (const t of e.local) link.sendTopic(t);
		this.#checkIdle(e);
	}

	#onFrame(link: PeerLink, f: TopicFrame): void {
		const peer = link.remotePeerId;
		const e = this.#entries.get(peer);
		if (e?.link !== link) return;
		const slot = this.#members.get(f.topic);
		if (f.kind === 'message') {
			if (!e.remote.has(f.topic)) return link.close('violation', 'a message of a topic not joined');
			if (e.local.has(f.topic)) slot?.member.message(f.message);
			return;
		}
		if (f.kind === 'leave') {
			const had = e.local.delete(f.topic);
			const wasOn = had && e.remote.has(f.topic);
			e.remote.delete(f.topic);
			if (had) slot?.member.down(peer, wasOn ? 'closed' : 'declined', 'the peer left the topic');
			return this.#checkIdle(e);
		}
		if (e.remote.has(f.topic)) return;
		if (e.remote.size >= MAX_TOPICS_PER_LINK) return link.close('violation', 'too many topics');
		e.remote.add(f.topic);
		if (e.local.has(f.topic)) return slot?.member.up(peer, link.remoteMetadata);
		if (!slot) return; // a topic we are not on: nothing is said
		if (!slot.member.accept(peer)) {
			e.remote.delete(f.topic);
			return link.sendTopic(f.topic, true);
		}
		e.local.add(f.topic);
		clearTimeout(e.idle);
		link.sendTopic(f.topic);
		slot.member.up(peer, link.remoteMetadata);
	}

	#onClose(link: PeerLink, reason: CloseReason, detail: string): void {
		const peer = link.remotePeerId;
		this.#log(`link to ${peer} closed: ${reason} (${detail})`);
		if (reason === 'violation') this.#ban(peer, Date.now() + (this.#o.banMs ?? 60_000));
		const e = this.#entries.get(peer);
		if (e?.link !== link) return;
		clearTimeout(e.idle);
		this.#entries.delete(peer);
		for (const t of e.local) this.#members.get(t)?.member.down(peer, reason, detail);
	}
}
