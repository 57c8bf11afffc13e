/**
 * The headless peer (`festival peer`): an always-on, unprivileged peer that joins the topics
 * of the festivals it holds (or is told), replicates and persists them over WebRTC, and runs
 * its owner's policies on what arrives. It has no more authority than a browser: it writes
 * only as the identity of its home.
 * @module
 */
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import type { PeerId } from '@automerge/automerge-repo/slim';
import { WebSocket } from 'ws';
import {
	bindSync,
	decide,
	Festival,
	type FestivalContext,
	type FestivalDoc,
	type FestivalId,
	FestivalSync,
	festivalTopic,
	listFestivals,
	runPolicies,
	type WebRTCAdapterOptions,
	WebRTCNetworkAdapter
} from '../lib/core/index.js';

/** How a peer runs. */
export interface PeerOptions {
	readonly ctx: FestivalContext;
	readonly signaling: readonly string[];
	/** Festivals to join besides those the home holds. */
	readonly festivals?: readonly FestivalId[];
	readonly iceServers?: RTCIceServer[];
	/** One line per event worth telling (syncs, peers, decisions). */
	readonly log: (line: string) => void;
	/** HAVE digest interval, ms (default 10 s). */
	readonly digestMs?: number;
}

interface Joined {
	readonly festival: Festival;
	readonly sync: FestivalSync;
	readonly adapter: WebRTCNetworkAdapter;
	readonly unbind: () => void;
}

const short = (s: string) => s.slice(0, 8);

/** A running headless peer. */
export class HeadlessPeer {
	readonly #o: PeerOptions;
	readonly #joined = new Map<FestivalId, Joined>();
	readonly #peerId: PeerId;
	#policyTimer: ReturnType<typeof setTimeout> | undefined;
	#closed = false;

	private constructor(o: PeerOptions) {
		this.#o = o;
		const r = new Uint8Array(4);
		globalThis.crypto.getRandomValues(r);
		this.#peerId =
			`${short(o.ctx.identity.author)}-${Array.from(r, (b) => b.toString(16).padStart(2, '0')).join('')}` as PeerId;
	}

	/** Starts replicating every held festival and those in `o.festivals`. */
	static async start(o: PeerOptions): Promise<HeadlessPeer> {
		const p = new HeadlessPeer(o);
		const ids = new Set<FestivalId>([
			...(o.festivals ?? []),
			...(await listFestivals(o.ctx.storage)).map((s) => s.id)
		]);
		for (const id of ids) await p.join(id);
		o.log(`peer ${p.#peerId} replicating ${ids.size} festival(s) via ${o.signaling.join(', ')}`);
		return p;
	}

	/** The festivals being replicated. */
	get festivals(): Festival[] {
		return [...this.#joined.values()].map((j) => j.festival);
	}

	/** Joins a festival's topic (opening it, or starting empty and fetching it from peers). */
	async join(id: FestivalId): Promise<void> {
		if (this.#joined.has(id) || this.#closed) return;
		const festival =
			(await Festival.open(this.#o.ctx, id)) ?? (await Festival.join(this.#o.ctx, id));
		const adapter = new WebRTCNetworkAdapter({
			signalingUrl: [...this.#o.signaling],
			topic: festivalTopic(id),
			RTCPeerConnection: RTCPeerConnection as unknown as WebRTCAdapterOptions['RTCPeerConnection'],
			WebSocket,
			...(this.#o.iceServers ? { iceServers: this.#o.iceServers } : {})
		});
		const name = () => String(festival.doc.meta?.name ?? short(id));
		const sync = new FestivalSync(festival, {
			digestMs: this.#o.digestMs ?? 10_000,
			onBadPeer: (peer, reason) => {
				adapter.dropPeer(peer as PeerId, reason);
				this.#o.log(`dropped ${peer} from ${name()}: ${reason}`);
			},
			onEvent: (e) => {
				if (e.kind === 'received' && (e.fresh ?? 0) > 0)
					this.#o.log(`synced ${name()} with ${e.peer}: +${e.fresh} entries`);
				if (e.kind === 'received' && e.reason)
					this.#o.log(`snapshot from ${e.peer} refused: ${e.reason}`);
			}
		});
		const unbind = bindSync(sync, adapter);
		adapter.on('peer-candidate', ({ peerId }) =>
			this.#o.log(`${name()}: peer ${peerId} connected`)
		);
		adapter.on('peer-disconnected', ({ peerId }) => this.#o.log(`${name()}: peer ${peerId} left`));
		festival.onEntries((_entries, origin) => {
			if (origin !== undefined) this.#schedulePolicies();
			// A child festival needs its ancestors (its events may request their resources).
			const parent = festival.doc.meta?.parent;
			if (parent) void this.join(String(parent) as FestivalId);
		});
		this.#joined.set(id, { festival, sync, adapter, unbind });
		adapter.connect(this.#peerId, { isEphemeral: false });
	}

	#schedulePolicies(): void {
		if (this.#policyTimer !== undefined) return;
		this.#policyTimer = setTimeout(() => {
			this.#policyTimer = undefined;
			void this.runPolicies();
		}, 200);
	}

	/** Runs this identity's policies over everything held and writes the decisions. */
	async runPolicies(now = new Date()): Promise<number> {
		const tree = new Map<FestivalId, FestivalDoc>();
		for (const [id, j] of this.#joined) if (j.festival.doc.meta) tree.set(id, j.festival.doc);
		const decisions = runPolicies(tree, this.#o.ctx.identity.author, now);
		for (const d of decisions) {
			const holder = this.#joined.get(d.resourceFestival)?.festival;
			if (!holder) continue;
			await holder.change((doc) => decide(doc, d.decision));
			this.#o.log(
				`decided ${d.decision.verdict} for event ${short(d.decision.event)} on ${short(d.decision.resource)} (${d.policy})`
			);
		}
		for (const j of this.#joined.values()) await j.festival.seal();
		return decisions.length;
	}

	/** Stops replicating: closes links, seals and saves every festival. */
	async close(): Promise<void> {
		this.#closed = true;
		if (this.#policyTimer !== undefined) clearTimeout(this.#policyTimer);
		for (const j of this.#joined.values()) {
			j.unbind();
			j.sync.close();
			j.adapter.disconnect();
			await j.festival.close();
		}
		this.#joined.clear();
	}
}
