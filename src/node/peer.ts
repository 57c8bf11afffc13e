/**
 * The headless peer (`festival peer`): an always-on, unprivileged peer that joins the topics
 * of the festivals it holds (or is told), replicates and persists them over WebRTC, and runs
 * its owner's policies on what arrives. It has no more authority than a browser: it writes
 * only as the identity of its home. All of that is the core's {@link FestivalHost}; this
 * file gives it Node's WebRTC and turns its events into log lines.
 * @module
 */
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import type { StorageAdapterInterface } from '@automerge/automerge-repo/slim';
import { WebSocket } from 'ws';
import {
	type Festival,
	type FestivalId,
	FestivalHost,
	type AdapterRequest,
	type DeviceIdentity,
	namesKnown,
	peerName,
	readTree
} from '../lib/core/index.js';
import {
	LinkPool,
	ServerIce,
	WebRTCNetworkAdapter,
	type WebRTCAdapterOptions
} from '../lib/core/net/index.js';
import { nodeCrypto } from './crypto/node-crypto.js';
import { VerifyPool } from './crypto/verify-pool.js';

/** How a peer runs. */
export interface PeerOptions {
	readonly storage: StorageAdapterInterface;
	readonly identity: DeviceIdentity;
	readonly signaling: readonly string[];
	/** Festivals to join besides those the home holds. */
	readonly festivals?: readonly FestivalId[];
	/**
	 * STUN/TURN servers; none (the default): the signaling servers' own STUN and the TURN
	 * credentials they hand out (core/net/server-ice.ts).
	 */
	readonly iceServers?: RTCIceServer[];
	/** One line per event worth telling (syncs, peers, decisions). */
	readonly log: (line: string) => void;
	/** Receives the WebRTC adapter's link events (calls, links, closes and why), if given. */
	readonly netLog?: (line: string) => void;
	/** HAVE digest interval, ms (default 10 s). */
	readonly digestMs?: number;
	/** Delay before local changes (decisions) are signed and sent, ms (default 1 s). */
	readonly sealDelayMs?: number;
}

const short = (s: string) => s.slice(0, 8);

/**
 * ICE servers as node-datachannel's polyfill needs them. It passes a TURN server to
 * libdatachannel as `turn:USER:CREDENTIAL@host:port`, which splits the user at its first `:`
 * and percent-decodes both: so a TURN REST username (`<expiry>:<id>`) and a base64 credential
 * (`+`, `/`, `=`) arrive mangled unless percent-encoded here.
 */
export function forNodeDatachannel(servers: readonly RTCIceServer[]): RTCIceServer[] {
	return servers.map((s) =>
		s.username !== undefined && typeof s.credential === 'string'
			? {
					...s,
					username: encodeURIComponent(s.username),
					credential: encodeURIComponent(s.credential)
				}
			: s
	);
}

/**
 * Node's WebRTC adapter for one festival (`ice`: the servers to use when none were set), on
 * the session's link pool: one link per pair of peers and one socket per signaling server.
 */
function nodeAdapter(
	r: AdapterRequest,
	ice: ServerIce,
	log?: (line: string) => void
): WebRTCNetworkAdapter {
	const set = forNodeDatachannel(r.iceServers);
	const pool = r.shared.once(
		'webrtc',
		() =>
			new LinkPool({
				RTCPeerConnection:
					RTCPeerConnection as unknown as WebRTCAdapterOptions['RTCPeerConnection'],
				WebSocket,
				iceServers: set.length ? set : () => forNodeDatachannel(ice.servers()),
				...(log ? { log } : {}),
				ticker: r.shared.ticker
			})
	);
	return new WebRTCNetworkAdapter({
		pool,
		signalingUrl: r.signalingUrl,
		topic: r.topic,
		...(log ? { log } : {})
	});
}

/** A running headless peer. */
export class HeadlessPeer {
	/** The host replicating the home's festivals. */
	readonly host: FestivalHost;

	readonly #pool: VerifyPool;

	private constructor(host: FestivalHost, pool: VerifyPool) {
		this.host = host;
		this.#pool = pool;
	}

	/** Starts replicating every held festival and those in `o.festivals`. */
	static async start(o: PeerOptions): Promise<HeadlessPeer> {
		// Large batches of incoming entries are verified on worker threads.
		const pool = new VerifyPool({ onProblem: (why) => o.log(`verifying in this thread: ${why}`) });
		const host = new FestivalHost({
			storage: o.storage,
			identity: o.identity,
			sealDelayMs: o.sealDelayMs ?? 1000,
			ingest: { crypto: nodeCrypto(pool) }
		});
		const p = new HeadlessPeer(host, pool);
		p.#logTo(o.log);
		const ice = new ServerIce(o.signaling, fetch);
		if (!o.iceServers?.length) {
			await ice.refresh(3000); // so that the first calls have TURN credentials
			const using = ice.servers().map((s) => String(s.urls));
			o.log(`ICE servers from the signaling server: ${using.join(', ') || 'none'}`);
		}
		host.network.start({
			makeAdapter: (r) => nodeAdapter(r, ice, o.netLog),
			settings: { signalingUrl: [...o.signaling], iceServers: o.iceServers ?? [] },
			digestMs: o.digestMs ?? 10_000
		});
		const ids = new Set<FestivalId>([
			...(o.festivals ?? []),
			...(await host.list()).map((s) => s.id)
		]);
		for (const id of ids) await p.join(id);
		o.log(
			`peer ${host.network.peerId} replicating ${ids.size} festival(s) via ${o.signaling.join(', ')}`
		);
		return p;
	}

	#logTo(log: (line: string) => void): void {
		const h = this.host;
		const name = (id: FestivalId) => String(h.get(id)?.doc.meta?.name ?? short(id));
		// A peer by the published name its peer id's key prefix matches, when exactly one does.
		// The names known, read from the tree once per change rather than once per log line.
		let names: Map<string, string> | undefined;
		h.on('changed', () => (names = undefined));
		const who = (peer: string) => {
			names ??= namesKnown(readTree(h.tree()));
			const known = peerName(peer, names);
			return known ? `${known} [${peer}]` : peer;
		};
		h.on('sync', ({ festival, event: e }) => {
			if (e.kind === 'received' && (e.fresh ?? 0) > 0)
				log(`synced ${name(festival)} with ${who(e.peer)}: +${e.fresh} entries`);
			if (e.kind === 'received' && e.reason)
				log(`snapshot from ${who(e.peer)} refused: ${e.reason}`);
		});
		h.on('peer', ({ festival, peer, change, reason }) => {
			if (change === 'linked') log(`${name(festival)}: peer ${who(peer)} connected`);
			if (change === 'left') log(`${name(festival)}: peer ${who(peer)} left`);
			if (change === 'dropped') log(`dropped ${who(peer)} from ${name(festival)}: ${reason ?? ''}`);
		});
		h.on('decided', ({ decisions }) => {
			for (const d of decisions)
				log(
					`decided ${d.decision.verdict} for event ${short(d.decision.event)} on ${short(d.decision.resource)} (${d.policy})`
				);
		});
		h.on('problem', (p) => log(`problem: ${p.reason}`));
	}

	/** The festivals being replicated. */
	get festivals(): Festival[] {
		return [...this.host.festivals.values()];
	}

	/** Joins a festival's topic (opening it, or starting empty and fetching it from peers). */
	async join(id: FestivalId): Promise<void> {
		await this.host.join(id);
	}

	/** Stops replicating: closes links, seals and saves every festival. */
	async close(): Promise<void> {
		await this.host.close();
		await this.#pool.close();
	}
}
