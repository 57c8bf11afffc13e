/**
 * Replication in a host: one network adapter, one {@link FestivalSync} and {@link bindSync}
 * per open festival, made by the platform's adapter factory; started, stopped and
 * reconnected (new settings, offline and back) for all festivals at once. The adapters of one
 * session share what the factory keeps in {@link SessionShared} (with WebRTC: one link per
 * pair of peers and one signaling socket per server, for all festivals), closed when the
 * session ends.
 * @module
 */
import type { Message, PeerId } from '@automerge/automerge-repo/slim';
import type { Festival } from '../festival/festival.js';
import type { FestivalId } from '../festival/document/ids.js';
import { bindSync, type DroppingAdapter } from '../sync/bind.js';
import { FestivalSync } from '../sync/sync.js';
import { Ticker } from '../sync/ticker.js';
import { festivalTopic } from '../sync/topic.js';
import type { Emitter } from './emitter.js';
import { SubFestivals } from './family.js';
import type { HostEvents } from './events.js';

/** A network adapter that can also cut a peer. */
export interface HostAdapter extends DroppingAdapter {
	dropPeer(peer: PeerId, reason: string): void;
}

/** Where and how peers are found (signaling server, STUN/TURN servers). */
export interface NetworkSettings {
	/** The signaling server(s). */
	readonly signalingUrl: string | readonly string[];
	/** STUN/TURN servers (none: direct connections only). */
	readonly iceServers: readonly RTCIceServer[];
}

/** What the adapters of one replication session share (made once, closed with the session). */
export interface SessionShared {
	/** The value under `key`, made by `make` the first time in this session. */
	once<T extends { close(): void }>(key: string, make: () => T): T;
	/** Call with +1 when a signaling socket shared by all festivals opens, -1 when it closes. */
	readonly onSocket: (delta: 1 | -1) => void;
	/**
	 * The session's one timer for periodic work: every festival's HAVE digest runs on it (and
	 * a shared link pool's re-announces and reshuffles should: pass it as its `ticker`).
	 */
	readonly ticker: Ticker;
}

/** What an adapter for one festival is made from. */
export interface AdapterRequest extends NetworkSettings {
	readonly festival: FestivalId;
	/** The signaling topic (a hash of the festival id). */
	readonly topic: string;
	/** Call with +1 when a signaling socket of this festival's own opens, -1 when it closes. */
	readonly onSocket: (delta: 1 | -1) => void;
	/** This session's shared things (a link pool, say); the same object for every festival. */
	readonly shared: SessionShared;
	/** This session's peer id (the one `connect` is called with). */
	readonly peerId: string;
}

/** How a host replicates. */
export interface NetworkOptions {
	/** A new adapter for one festival (WebRTC in a browser or Node, in memory in tests). */
	readonly makeAdapter: (r: AdapterRequest) => HostAdapter;
	readonly settings: NetworkSettings;
	/** Whether the device is online at start (default true). */
	readonly online?: boolean;
	/** HAVE digest interval, ms (see SyncOptions; default 10 s). */
	readonly digestMs?: number;
}

/** The host a {@link Replication} serves. */
export interface ReplicatingHost {
	/** Its open festivals. */
	readonly festivals: ReadonlyMap<FestivalId, Festival>;
	/** Joins a festival (opening it if held, else fetching it from peers). */
	join(id: FestivalId): Promise<unknown>;
}

interface Joined {
	readonly festival: Festival;
	readonly adapter: HostAdapter;
	readonly sync: FestivalSync;
	readonly release: () => void;
}

/** A {@link SessionShared} that closes what it made. */
class Shared implements SessionShared {
	readonly #made = new Map<string, { close(): void }>();
	readonly ticker = new Ticker();
	constructor(readonly onSocket: (delta: 1 | -1) => void) {}
	once<T extends { close(): void }>(key: string, make: () => T): T {
		let v = this.#made.get(key) as T | undefined;
		if (!v) {
			v = make();
			this.#made.set(key, v);
		}
		return v;
	}
	close(): void {
		for (const v of this.#made.values()) {
			try {
				v.close();
			} catch {
				// closing is best effort
			}
		}
		this.#made.clear();
		this.ticker.close();
	}
}

function randomHex(bytes: number): string {
	const b = new Uint8Array(bytes);
	globalThis.crypto.getRandomValues(b);
	return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** The replication of one host's festivals. */
export class Replication {
	readonly #author: string;
	readonly #events: Emitter<HostEvents>;
	readonly #joined = new Map<FestivalId, Joined>();
	#net: NetworkOptions | undefined;
	#settings: NetworkSettings | undefined;
	#peerId: PeerId | undefined;
	#shared: Shared | undefined;
	#online = true;

	readonly #host: ReplicatingHost;
	readonly #subs: SubFestivals;

	/**
	 * `host`: its open festivals all replicate once started; the sub-festivals a replicating
	 * festival lists are joined in it too, and new ones as they are listed ({@link SubFestivals}).
	 */
	constructor(author: string, events: Emitter<HostEvents>, host: ReplicatingHost) {
		this.#author = author;
		this.#events = events;
		this.#host = host;
		const join = (id: FestivalId) =>
			void host.join(id).catch((e: unknown) =>
				events.emit('problem', {
					code: 'network',
					reason: `a sub-festival could not be joined: ${String(e)}`,
					festival: id
				})
			);
		this.#subs = new SubFestivals(join, (id) => host.festivals.has(id));
	}

	/** Whether replication is started. */
	get running(): boolean {
		return this.#net !== undefined;
	}

	/** This session's peer id (key prefix, then random), while running. */
	get peerId(): string | undefined {
		return this.#peerId;
	}

	/** The settings in use, while running. */
	get settings(): NetworkSettings | undefined {
		return this.#settings;
	}

	/** Festivals replicating now. */
	get festivals(): FestivalId[] {
		return [...this.#joined.keys()];
	}

	/** The peers linked in a festival now. */
	peersOf(id: FestivalId): string[] {
		return this.#joined.get(id)?.sync.peers ?? [];
	}

	/** The sync of a festival while it replicates (its neighbours, counters; for status and simulations). */
	syncOf(id: FestivalId): FestivalSync | undefined {
		return this.#joined.get(id)?.sync;
	}

	/** Resolves when every festival's sync has handled the messages queued now. */
	async idle(): Promise<void> {
		await Promise.all([...this.#joined.values()].map((j) => j.sync.idle()));
	}

	/** Starts (or restarts, a new session) replicating every open festival and each opened later. */
	start(net: NetworkOptions): void {
		this.stop();
		this.#net = net;
		this.#settings = net.settings;
		this.#online = net.online ?? true;
		this.#newSession();
		for (const f of this.#host.festivals.values()) this.add(f);
	}

	/** Stops replicating: every link and signaling socket closed, every sync released. */
	stop(): void {
		for (const id of [...this.#joined.keys()]) this.#release(id);
		this.#shared?.close();
		this.#shared = undefined;
		this.#net = undefined;
		this.#settings = undefined;
		this.#peerId = undefined;
	}

	/** Reconnects every festival with new settings (a new session). */
	setSettings(settings: NetworkSettings): void {
		if (!this.#net) return;
		this.#settings = settings;
		const held = [...this.#joined.values()].map((j) => j.festival);
		for (const f of held) this.#release(f.id);
		this.#shared?.close();
		this.#newSession();
		for (const f of held) this.add(f);
	}

	/** Offline, links and signaling are closed; back online, every festival connects afresh. */
	setOnline(online: boolean): void {
		if (this.#online === online) return;
		this.#online = online;
		for (const j of this.#joined.values()) {
			if (online) j.adapter.connect(this.#peerId!, { isEphemeral: false });
			else j.adapter.disconnect();
		}
	}

	#newSession(): void {
		this.#peerId = `${this.#author.slice(0, 8)}-${randomHex(4)}` as PeerId;
		this.#shared = new Shared((delta) => this.#events.emit('signaling', { delta }));
	}

	/** Replicates `festival` (if running and not yet replicating it). */
	add(festival: Festival): void {
		const net = this.#net;
		const settings = this.#settings;
		const id = festival.id;
		const shared = this.#shared;
		if (!net || !settings || !shared || this.#joined.has(id)) return;
		const events = this.#events;
		const adapter = net.makeAdapter({
			festival: id,
			topic: festivalTopic(id),
			signalingUrl: settings.signalingUrl,
			iceServers: settings.iceServers,
			onSocket: (delta) => events.emit('signaling', { festival: id, delta }),
			shared,
			peerId: this.#peerId!
		});
		const sync = new FestivalSync(festival, {
			...(net.digestMs !== undefined ? { digestMs: net.digestMs } : {}),
			ticker: shared.ticker,
			onBadPeer: (peer, reason) => {
				adapter.dropPeer(peer as PeerId, reason);
				events.emit('peer', { festival: id, peer, change: 'dropped', reason });
			},
			onEvent: (event) => events.emit('sync', { festival: id, event })
		});
		const unbind = bindSync(sync, adapter);
		const linked = ({ peerId }: { peerId: PeerId }) =>
			events.emit('peer', { festival: id, peer: peerId, change: 'linked' });
		const left = ({ peerId }: { peerId: PeerId }) =>
			events.emit('peer', { festival: id, peer: peerId, change: 'left' });
		const heard = (m: Message) =>
			events.emit('peer', { festival: id, peer: m.senderId, change: 'heard' });
		adapter.on('peer-candidate', linked);
		adapter.on('peer-disconnected', left);
		adapter.on('message', heard);
		const follow = () => this.#subs.follow(festival);
		const unfollow = festival.onEntries(follow);
		const release = () => {
			unfollow();
			unbind();
			sync.close();
			// Disconnecting still tells of the links it closes; then the adapter is forgotten.
			adapter.disconnect();
			adapter.off('peer-candidate', linked);
			adapter.off('peer-disconnected', left);
			adapter.off('message', heard);
		};
		this.#joined.set(id, { festival, adapter, sync, release });
		if (this.#online) adapter.connect(this.#peerId!, { isEphemeral: false });
		follow();
	}

	/** Stops replicating one festival (the person forgot it: not joined again as a sub-festival). */
	remove(id: FestivalId): void {
		this.#subs.forgot(id);
		this.#release(id);
	}

	#release(id: FestivalId): void {
		const j = this.#joined.get(id);
		if (!j) return;
		this.#joined.delete(id);
		j.release();
	}
}
