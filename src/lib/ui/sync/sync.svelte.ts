/**
 * Replication in the browser: every festival {@link FestivalsState} opens (a held one with
 * its family, or one joined by link) gets a WebRTC adapter on its signaling topic, a
 * {@link FestivalSync} and {@link bindSync}. What peers send goes through `Festival.ingest`,
 * which FestivalsState follows: the views refresh and this identity's policies run.
 *
 * Also the state the sync status shows: online or not, signaling connected or not, peers
 * with when each was last seen, and whether my edits are saved and signed.
 * @module
 */
import type { PeerId } from '@automerge/automerge-repo/slim';
import { untrack } from 'svelte';
import {
	bindSync,
	type Festival,
	type FestivalId,
	FestivalSync,
	festivalTopic
} from '../../core/index.js';
import type { FestivalsState } from '../festival/festivals.svelte.js';
import { browserPlatform, type SyncAdapter, type SyncPlatform } from './platform.js';
import { loadSeen, saveSeen, type SeenPeer } from './seen.js';
import { saveIceServers, saveSignalingUrl, syncLogger } from './settings.js';

/** A peer as the status view shows it. */
export interface PeerView {
	/** Its peer id: the first 8 hex characters of its key, a dash, a random session part. */
	readonly id: string;
	/** Festivals we share a link in now (0 when not connected). */
	readonly festivals: number;
	readonly connected: boolean;
	/** When we last heard from it (ms since the epoch). */
	readonly lastSeen: number;
}

interface Joined {
	readonly festival: Festival;
	readonly adapter: SyncAdapter;
	readonly sync: FestivalSync;
	readonly unbind: () => void;
	readonly offEntries: () => void;
}

/** Peer lists shown are capped; older peers are forgotten. */
const MAX_PEERS_SHOWN = 30;
/** A peer's "last seen" is refreshed at most this often while messages flow, ms. */
const SEEN_RESOLUTION_MS = 2000;

function randomHex(bytes: number): string {
	const b = new Uint8Array(bytes);
	globalThis.crypto.getRandomValues(b);
	return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Festival replication for this tab, and its status. */
export class SyncState {
	/** What the browser says (`navigator.onLine`). */
	online = $state(true);
	/** Signaling sockets open now (one per joined festival while connected). */
	signalingOpen = $state(0);
	/** Peers linked now, then those seen before, most recent first. */
	peers = $state.raw<PeerView[]>([]);
	/** The signaling server in use. */
	url = $state('');
	/** When an edit of mine was last signed into an entry (ms since the epoch). */
	sealedAt = $state<number | undefined>(undefined);
	/** A clock for "seen 5 s ago", ticking while the app runs. */
	now = $state(Date.now());

	readonly festivals: FestivalsState;
	readonly #joined = new Map<FestivalId, Joined>();
	/** Per peer: the festivals linked now, and when it was last heard from. */
	readonly #seen = new Map<string, { festivals: Set<FestivalId>; lastSeen: number }>();
	#peerId: PeerId | undefined;
	#sealTick = $state(0);
	#started = false;
	#stop: (() => void)[] = [];

	readonly #platform: SyncPlatform;

	/** `platform`: the network and connectivity (default: the browser's WebRTC and events). */
	constructor(festivals: FestivalsState, platform: SyncPlatform = browserPlatform) {
		this.festivals = festivals;
		this.#platform = platform;
	}

	/** This tab's peer id (random per page load, prefixed with my key). */
	get peerId(): string {
		if (!this.#peerId) this.#peerId = `${this.festivals.me.slice(0, 8)}-${randomHex(4)}` as PeerId;
		return this.#peerId;
	}

	/** Whether a signaling server is reachable now. */
	get signalingConnected(): boolean {
		return this.signalingOpen > 0;
	}

	/** Peers linked now. */
	get connectedPeers(): PeerView[] {
		return this.peers.filter((p) => p.connected);
	}

	/** Festivals being replicated. */
	get joinedCount(): number {
		void this.#sealTick;
		return this.#joined.size;
	}

	/** Local edits saved on this device but not yet signed into an entry. Reactive. */
	get unsealed(): number {
		void this.festivals.rev;
		void this.#sealTick;
		let n = 0;
		for (const j of this.#joined.values()) n += j.festival.unsealedCount;
		return n;
	}

	/** Peers linked in one festival now. */
	festivalPeers(id: FestivalId): PeerView[] {
		return this.connectedPeers.filter((p) => this.#seen.get(p.id)?.festivals.has(id));
	}

	/** Starts replicating every festival opened from now on (and those open). Once. */
	start(): void {
		if (this.#started) return;
		this.#started = true;
		this.url = this.#platform.signalingUrl();
		this.online = this.#platform.online();
		for (const p of loadSeen())
			this.#seen.set(p.id, { festivals: new Set(), lastSeen: p.lastSeen });
		this.#publish();
		const clock = setInterval(() => (this.now = Date.now()), 5000);
		this.#stop.push(
			this.#platform.onConnectivity((online) => this.#setOnline(online)),
			() => clearInterval(clock),
			this.festivals.onOpen((f) => this.#join(f)),
			this.festivals.onClose(() => this.#leaveAll())
		);
	}

	/** Stops replicating and forgets every listener. */
	stop(): void {
		for (const fn of this.#stop.splice(0)) fn();
		this.#leaveAll();
		this.#started = false;
	}

	/** Uses another signaling server (undefined or empty: the default) and reconnects. Throws on a bad URL. */
	setSignalingUrl(url: string | undefined): void {
		saveSignalingUrl(url);
		this.url = this.#platform.signalingUrl();
		this.#rejoin();
	}

	/** Uses these STUN/TURN servers (their text form; empty: none) and reconnects. Throws naming the bad line. */
	setIceServers(text: string): RTCIceServer[] {
		const servers = saveIceServers(text);
		this.#rejoin();
		return servers;
	}

	#rejoin(): void {
		const held = [...this.#joined.values()].map((j) => j.festival);
		this.#leaveAll();
		for (const f of held) this.#join(f);
	}

	#setOnline(online: boolean): void {
		if (this.online === online) return;
		this.online = online;
		// Offline, links and signaling are dead anyway: close them now and connect afresh on return.
		for (const j of this.#joined.values()) {
			if (online) j.adapter.connect(this.peerId as PeerId, { isEphemeral: false });
			else j.adapter.disconnect();
		}
	}

	#join(festival: Festival): void {
		if (this.#joined.has(festival.id)) return;
		const id = festival.id;
		const log = syncLogger(id.slice(0, 8));
		const adapter = this.#platform.makeAdapter({
			topic: festivalTopic(id),
			signalingUrl: this.url,
			iceServers: this.#platform.iceServers(),
			onSocket: (delta) => (this.signalingOpen = Math.max(0, this.signalingOpen + delta)),
			...(log ? { log } : {})
		});
		const sync = new FestivalSync(festival, {
			onBadPeer: (peer, reason) => adapter.dropPeer(peer as PeerId, reason),
			...(log
				? {
						onEvent: (e) =>
							log(
								`${e.kind} ${e.peer}: ${e.entries ?? 0} entries${e.fresh !== undefined ? `, ${e.fresh} new` : ''}${e.reason ? ` (${e.reason})` : ''}`
							)
					}
				: {})
		});
		const unbind = bindSync(sync, adapter);
		adapter.on('peer-candidate', ({ peerId }) => this.#touch(peerId, id, true));
		adapter.on('peer-disconnected', ({ peerId }) => this.#touch(peerId, id, false));
		adapter.on('message', (m) => this.#touch(m.senderId, id, undefined));
		const offEntries = festival.onEntries((_entries, origin) => {
			if (origin === undefined) this.sealedAt = Date.now();
			this.#bump();
		});
		this.#joined.set(id, { festival, adapter, sync, unbind, offEntries });
		this.#bump();
		if (this.online) adapter.connect(this.peerId as PeerId, { isEphemeral: false });
	}

	/**
	 * Tells readers of {@link unsealed} and {@link joinedCount} to look again. Untracked: this
	 * may run inside an effect (a key restore closes the festivals from the layout's effect).
	 */
	#bump(): void {
		untrack(() => this.#sealTick++);
	}

	#leaveAll(): void {
		for (const j of this.#joined.values()) {
			j.offEntries();
			j.unbind();
			j.sync.close();
			j.adapter.disconnect();
		}
		this.#joined.clear();
		this.#peerId = undefined; // the identity may change (a restored key): a new peer id then
		this.#bump();
	}

	/** Notes that `peer` was heard from in `festival`; `linked` true/false when its link opened/closed. */
	#touch(peer: string, festival: FestivalId, linked: boolean | undefined): void {
		let s = this.#seen.get(peer);
		if (!s) {
			s = { festivals: new Set(), lastSeen: 0 };
			this.#seen.set(peer, s);
		}
		const now = Date.now();
		const was = s.festivals.size;
		if (linked === true) {
			s.festivals.add(festival);
			this.#forgetOldSessions(peer);
		}
		if (linked === false) s.festivals.delete(festival);
		if (linked === undefined && now - s.lastSeen < SEEN_RESOLUTION_MS) return;
		s.lastSeen = now;
		this.now = now;
		this.#publish();
		if (linked !== undefined && (was === 0) !== (s.festivals.size === 0)) {
			saveSeen(
				[...this.#seen].map(([id, v]): SeenPeer => ({ id, lastSeen: v.lastSeen })),
				MAX_PEERS_SHOWN
			);
		}
	}

	/**
	 * Peer ids are `key prefix-session`: once a key is back with a new session (a reload, a new
	 * tab), its earlier sessions that are away are the same device or person: forget them.
	 */
	#forgetOldSessions(peer: string): void {
		const prefix = peer.split('-')[0];
		for (const [id, v] of this.#seen)
			if (id !== peer && v.festivals.size === 0 && id.split('-')[0] === prefix)
				this.#seen.delete(id);
	}

	#publish(): void {
		const all = [...this.#seen].map(([id, s]): PeerView => ({
			id,
			festivals: s.festivals.size,
			connected: s.festivals.size > 0,
			lastSeen: s.lastSeen
		}));
		all.sort((a, b) => Number(b.connected) - Number(a.connected) || b.lastSeen - a.lastSeen);
		for (const gone of all.slice(MAX_PEERS_SHOWN)) if (!gone.connected) this.#seen.delete(gone.id);
		this.peers = all.slice(0, MAX_PEERS_SHOWN);
	}
}
