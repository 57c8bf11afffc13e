/**
 * Replication in the browser, and its status. The host of {@link FestivalsState} replicates
 * every festival it opens (a held one with its family, or one joined by link) through the
 * adapters of a {@link SyncPlatform} (WebRTC on the festival's signaling topic in the
 * browser); this class starts and stops it, passes on settings and connectivity, and keeps
 * what the sync status shows: online or not, signaling connected or not, peers with when
 * each was last seen, and whether my edits are saved and signed.
 * @module
 */
import { untrack } from 'svelte';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { FestivalId, FestivalHost } from '../../core/index.js';
import type { FestivalsState } from '../festival/festivals.svelte.js';
import { browserPlatform, type SyncPlatform } from './platform.js';
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

/** Peer lists shown are capped; older peers are forgotten. */
const MAX_PEERS_SHOWN = 30;
/** A peer's "last seen" is refreshed at most this often while messages flow, ms. */
const SEEN_RESOLUTION_MS = 2000;

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
	/** Per peer: the festivals linked now, and when it was last heard from. */
	readonly #seen = new SvelteMap<string, { festivals: Set<FestivalId>; lastSeen: number }>();
	#host: FestivalHost | undefined;
	#offHost: (() => void)[] = [];
	#sealTick = $state(0);
	#started = false;
	#stop: (() => void)[] = [];

	readonly #platform: SyncPlatform;

	/** `platform`: the network and connectivity (default: the browser's WebRTC and events). */
	constructor(festivals: FestivalsState, platform: SyncPlatform = browserPlatform) {
		this.festivals = festivals;
		this.#platform = platform;
	}

	/** This session's peer id (random per start, prefixed with my key); empty when stopped. */
	get peerId(): string {
		return this.#host?.network.peerId ?? '';
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
		return this.#host?.network.festivals.length ?? 0;
	}

	/** Local edits saved on this device but not yet signed into an entry. Reactive. */
	get unsealed(): number {
		void this.festivals.rev;
		void this.#sealTick;
		let n = 0;
		for (const id of this.#host?.network.festivals ?? [])
			n += this.#host?.get(id)?.unsealedCount ?? 0;
		return n;
	}

	/** Peers linked in one festival now. */
	festivalPeers(id: FestivalId): PeerView[] {
		return this.connectedPeers.filter((p) => this.#seen.get(p.id)?.festivals.has(id));
	}

	/** Starts replicating every festival the host opens (now and later, and after a key restore). Once. */
	start(): void {
		if (this.#started) return;
		this.#started = true;
		this.url = this.#platform.signalingUrl();
		this.online = this.#platform.online();
		for (const p of loadSeen())
			this.#seen.set(p.id, { festivals: new SvelteSet(), lastSeen: p.lastSeen });
		this.#publish();
		const clock = setInterval(() => (this.now = Date.now()), 5000);
		this.#stop.push(
			this.#platform.onConnectivity((online) => this.#setOnline(online)),
			() => clearInterval(clock),
			this.festivals.onHost((h) => this.#attach(h))
		);
	}

	/** Stops replicating and forgets every listener. */
	stop(): void {
		for (const fn of this.#stop.splice(0)) fn();
		this.#attach(undefined);
		this.#started = false;
	}

	/** Follows a (new) host: replicates through it, listening to what its network says. */
	#attach(host: FestivalHost | undefined): void {
		// Stopped while still listened to, so the links it closes are seen to close.
		if (this.#host !== host) this.#host?.network.stop();
		for (const off of this.#offHost.splice(0)) off();
		this.#host = host;
		if (host) {
			const loggers: Record<string, ((line: string) => void) | null> = {};
			const logger = (id: FestivalId) => {
				if (!(id in loggers)) loggers[id] = syncLogger(id.slice(0, 8)) ?? null;
				return loggers[id];
			};
			this.#offHost.push(
				host.on('peer', (e) => {
					if (e.change !== 'dropped')
						this.#touch(
							e.peer,
							e.festival,
							e.change === 'heard' ? undefined : e.change === 'linked'
						);
				}),
				host.on(
					'signaling',
					(e) => (this.signalingOpen = Math.max(0, this.signalingOpen + e.delta))
				),
				host.on('changed', (e) => {
					if (e.cause === 'sealed') this.sealedAt = Date.now();
					this.#bump();
				}),
				host.on('opened', () => this.#bump()),
				host.on('sync', ({ festival, event: e }) =>
					logger(festival)?.(
						`${e.kind} ${e.peer}: ${e.entries ?? 0} entries${e.fresh !== undefined ? `, ${e.fresh} new` : ''}${e.reason ? ` (${e.reason})` : ''}`
					)
				)
			);
			host.network.start({
				makeAdapter: this.#platform.makeAdapter,
				settings: this.#settings(),
				online: this.online
			});
		}
		this.#bump();
	}

	#settings() {
		return { signalingUrl: this.url, iceServers: this.#platform.iceServers() };
	}

	/** Uses another signaling server (undefined or empty: the default) and reconnects. Throws on a bad URL. */
	setSignalingUrl(url: string | undefined): void {
		saveSignalingUrl(url);
		this.url = this.#platform.signalingUrl();
		this.#host?.network.setSettings(this.#settings());
	}

	/** Uses these STUN/TURN servers (their text form; empty: none) and reconnects. Throws naming the bad line. */
	setIceServers(text: string): RTCIceServer[] {
		const servers = saveIceServers(text);
		this.#host?.network.setSettings(this.#settings());
		return servers;
	}

	#setOnline(online: boolean): void {
		if (this.online === online) return;
		this.online = online;
		// Offline, links and signaling are dead anyway: close them now and connect afresh on return.
		this.#host?.network.setOnline(online);
	}

	/**
	 * Tells readers of {@link unsealed} and {@link joinedCount} to look again. Untracked: this
	 * may run inside an effect (a key restore closes the festivals from the layout's effect).
	 */
	#bump(): void {
		untrack(() => this.#sealTick++);
	}

	/** Notes that `peer` was heard from in `festival`; `linked` true/false when its link opened/closed. */
	#touch(peer: string, festival: FestivalId, linked: boolean | undefined): void {
		let s = this.#seen.get(peer);
		if (!s) {
			s = { festivals: new SvelteSet(), lastSeen: 0 };
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
