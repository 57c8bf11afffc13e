/**
 * An in-memory network for simulations: every node is a festival host replicating one
 * festival through an adapter of this network, whose links deliver asynchronously, with a
 * seeded random topology, partitions and late joiners.
 */
import * as A from '@automerge/automerge';
import { NetworkAdapter, type Message, type PeerId } from '@automerge/automerge-repo/slim';
import { addEvent } from '../../src/lib/core/festival/document/doc.js';
import type { Festival } from '../../src/lib/core/festival/festival.js';
import { FestivalHost } from '../../src/lib/core/host/host.js';
import type { AdapterRequest, HostAdapter } from '../../src/lib/core/host/replication.js';
import {
	generateIdentity,
	newDeviceId,
	type AuthorId
} from '../../src/lib/core/identity/identity.js';
import { MemoryStorageAdapter } from '../../src/lib/core/store/memory-storage-adapter.js';
import type { FestivalSync } from '../../src/lib/core/sync/sync.js';
import { talk } from '../../src/lib/core/festival/talk.fixture.js';

/** A small seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A host's adapter in the simulation: links are made and cut by the {@link SimNetwork}. */
export class SimAdapter extends NetworkAdapter implements HostAdapter {
	constructor(
		readonly net: SimNetwork,
		readonly r: AdapterRequest
	) {
		super();
	}
	isReady(): boolean {
		return true;
	}
	whenReady(): Promise<void> {
		return Promise.resolve();
	}
	connect(peerId: PeerId): void {
		this.peerId = peerId;
	}
	send(message: Message): void {
		this.net.deliver(this, message);
	}
	disconnect(): void {}
	dropPeer(): void {}
	link(peer: PeerId, up: boolean): void {
		if (up) this.emit('peer-candidate', { peerId: peer, peerMetadata: {} });
		else this.emit('peer-disconnected', { peerId: peer });
	}
	receive(message: Message): void {
		this.emit('message', message);
	}
}

export interface SimNode {
	readonly name: string;
	readonly host: FestivalHost;
	readonly festival: Festival;
	readonly adapter: SimAdapter;
	/** The host's sync of the festival. */
	readonly sync: FestivalSync;
}

export class SimNetwork {
	readonly nodes: SimNode[] = [];
	readonly links = new Set<string>();
	readonly rand: () => number;
	inFlight = 0;

	constructor(seed: number) {
		this.rand = rng(seed);
	}

	/** A node: a host over its own storage and identity, replicating the festival `festival` gives. */
	async addNode(
		name: string,
		festival: (host: FestivalHost) => Promise<Festival>
	): Promise<SimNode> {
		const host = new FestivalHost({
			storage: new MemoryStorageAdapter(),
			identity: { identity: await generateIdentity(name), device: newDeviceId() },
			sealDelayMs: 60_000
		});
		let adapter: SimAdapter | undefined;
		host.network.start({
			makeAdapter: (r) => (adapter = new SimAdapter(this, r)),
			settings: { signalingUrl: 'sim://', iceServers: [] },
			digestMs: 0
		});
		const f = await festival(host);
		const node: SimNode = {
			name,
			host,
			festival: f,
			adapter: adapter!,
			get sync() {
				return host.network.syncOf(f.id)!;
			}
		};
		this.nodes.push(node);
		return node;
	}

	#linkKey(a: SimNode, b: SimNode): string {
		return a.name < b.name ? `${a.name}|${b.name}` : `${b.name}|${a.name}`;
	}

	degree(n: SimNode): number {
		return n.sync.peers.length;
	}

	/** Whether `a` and `b` are linked now. */
	linked(a: SimNode, b: SimNode): boolean {
		return this.links.has(this.#linkKey(a, b));
	}

	/** Delivers a message in a later task, if its link still stands. */
	deliver(from: SimAdapter, m: Message): void {
		const a = this.nodes.find((n) => n.adapter === from);
		const b = this.nodes.find((n) => n.adapter.peerId === m.targetId);
		if (!a || !b || !this.linked(a, b)) return;
		this.inFlight++;
		setTimeout(() => {
			this.inFlight--;
			b.adapter.receive(m);
		}, 0);
	}

	connect(a: SimNode, b: SimNode): void {
		if (a === b || this.links.has(this.#linkKey(a, b))) return;
		this.links.add(this.#linkKey(a, b));
		a.adapter.link(b.adapter.peerId!, true);
		b.adapter.link(a.adapter.peerId!, true);
	}

	disconnect(a: SimNode, b: SimNode): void {
		this.links.delete(this.#linkKey(a, b));
		a.adapter.link(b.adapter.peerId!, false);
		b.adapter.link(a.adapter.peerId!, false);
	}

	/** Links every node to random others until the average degree reaches `degree`. */
	randomTopology(nodes: SimNode[], degree: number): void {
		const target = Math.round((nodes.length * degree) / 2);
		let guard = 0;
		while (
			[...this.links].filter((l) => nodes.some((n) => l.startsWith(n.name + '|'))).length <
				target &&
			guard++ < 100_000
		) {
			const a = nodes[Math.floor(this.rand() * nodes.length)]!;
			const b = nodes[Math.floor(this.rand() * nodes.length)]!;
			if (this.degree(a) < 20 && this.degree(b) < 20) this.connect(a, b);
		}
		// No node left alone.
		for (const n of nodes)
			while (this.degree(n) < 2) this.connect(n, nodes[Math.floor(this.rand() * nodes.length)]!);
	}

	/** Waits until no message is in flight and every node is idle. */
	async settle(): Promise<void> {
		for (let quiet = 0; quiet < 3;) {
			await new Promise((r) => setTimeout(r, 1));
			await Promise.all(this.nodes.map((n) => n.host.network.idle()));
			quiet = this.inFlight === 0 ? quiet + 1 : 0;
		}
	}

	/** Total messages sent by every node. */
	get messages(): number {
		return this.nodes.reduce((s, n) => s + n.sync.stats.messages, 0);
	}

	/** Whether every node (or the given ones) has the same document heads. */
	converged(nodes: SimNode[] = this.nodes): boolean {
		const h = (n: SimNode) => [...A.getHeads(n.festival.doc)].sort().join();
		const first = h(nodes[0]!);
		return nodes.every((n) => h(n) === first);
	}

	/** Closes every node's host. */
	async close(): Promise<void> {
		for (const n of this.nodes) await n.host.close();
	}
}

/** A one-hour talk titled `title`, as a simulated peer adds it. */
export { talk };

/** An edit at `node`: a talk added and sealed into an entry (and pushed). */
export async function edit(node: SimNode, title: string): Promise<void> {
	await node.host.change(node.festival.id, (d) =>
		addEvent(d, node.host.me as AuthorId, talk(title))
	);
	await node.festival.seal();
}
