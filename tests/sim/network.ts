/**
 * An in-memory network for simulations: nodes run FestivalSync over links that deliver
 * asynchronously, with a seeded random topology, partitions and late joiners.
 */
import * as A from '@automerge/automerge';
import { Festival, type FestivalContext } from '../../src/lib/core/festival/festival.js';
import type { FestivalId } from '../../src/lib/core/festival/document/ids.js';
import { generateIdentity, newDeviceId } from '../../src/lib/core/identity/identity.js';
import { MemoryStorageAdapter } from '../../src/lib/core/store/memory-storage-adapter.js';
import { FestivalSync } from '../../src/lib/core/sync/sync.js';

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

export interface SimNode {
	readonly name: string;
	readonly ctx: FestivalContext;
	festival: Festival;
	sync: FestivalSync;
}

export class SimNetwork {
	readonly nodes: SimNode[] = [];
	readonly links = new Set<string>();
	readonly rand: () => number;
	inFlight = 0;

	constructor(seed: number) {
		this.rand = rng(seed);
	}

	async addNode(
		name: string,
		festival: (ctx: FestivalContext) => Promise<Festival>
	): Promise<SimNode> {
		const ctx: FestivalContext = {
			identity: await generateIdentity(name),
			device: newDeviceId(),
			storage: new MemoryStorageAdapter(),
			sealDelayMs: 60_000
		};
		const f = await festival(ctx);
		const node: SimNode = { name, ctx, festival: f, sync: new FestivalSync(f, { digestMs: 0 }) };
		this.nodes.push(node);
		return node;
	}

	#linkKey(a: SimNode, b: SimNode): string {
		return a.name < b.name ? `${a.name}|${b.name}` : `${b.name}|${a.name}`;
	}

	degree(n: SimNode): number {
		return n.sync.peers.length;
	}

	connect(a: SimNode, b: SimNode): void {
		if (a === b || this.links.has(this.#linkKey(a, b))) return;
		this.links.add(this.#linkKey(a, b));
		const wire = (from: SimNode, to: SimNode) => (bytes: Uint8Array) => {
			this.inFlight++;
			setTimeout(() => {
				this.inFlight--;
				void to.sync.receive(from.name, bytes);
			}, 0);
		};
		a.sync.addPeer(b.name, wire(a, b));
		b.sync.addPeer(a.name, wire(b, a));
	}

	disconnect(a: SimNode, b: SimNode): void {
		this.links.delete(this.#linkKey(a, b));
		a.sync.removePeer(b.name);
		b.sync.removePeer(a.name);
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
			await Promise.all(this.nodes.map((n) => n.sync.idle()));
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
}

export async function joinEmpty(id: FestivalId) {
	return (ctx: FestivalContext) => Festival.join(ctx, id);
}
