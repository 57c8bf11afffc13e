/**
 * Gossip figures (issues 4 and 15): messages per edit against the number of peers, and rounds
 * until every peer has an edit against log2(peers), in the seeded simulation of tests/sim
 * (random links, degree about 6, every peer verifying everything). Messages are delivered in
 * rounds: every message sent while one round is handled goes out in the next, so a round is
 * one hop, and an edit reaches everyone in about as many rounds as the overlay is deep.
 */
import type { Message } from '@automerge/automerge-repo/slim';
import { addEvent } from '../src/lib/core/festival/document/doc.js';
import type { AuthorId } from '../src/lib/core/identity/identity.js';
import { SimNetwork, type SimAdapter, type SimNode } from '../tests/sim/network.js';
import { benchEvent } from './fixture.js';
import type { Sample, Suite } from './figure.js';

/** A simulated network that delivers in rounds (hops), with node look-ups by adapter and peer id. */
export class RoundNetwork extends SimNetwork {
	#queue: [SimNode, Message][] = [];
	#pumping = false;
	readonly #byAdapter = new Map<SimAdapter, SimNode>();
	readonly #byPeer = new Map<string, SimNode>();
	/** Rounds delivered so far. */
	rounds = 0;
	/** Called after each round is handled. */
	onRound: () => void = () => {};

	#index(): void {
		if (this.#byAdapter.size === this.nodes.length) return;
		for (const n of this.nodes) {
			this.#byAdapter.set(n.adapter, n);
			if (n.adapter.peerId) this.#byPeer.set(n.adapter.peerId, n);
		}
	}

	override deliver(from: SimAdapter, m: Message): void {
		this.#index();
		const a = this.#byAdapter.get(from);
		const b = this.#byPeer.get(m.targetId);
		if (!a || !b || !this.linked(a, b)) return;
		this.inFlight++;
		this.#queue.push([b, m]);
		if (!this.#pumping) {
			this.#pumping = true;
			setTimeout(() => void this.#pump(), 0);
		}
	}

	async #pump(): Promise<void> {
		while (this.#queue.length) {
			const round = this.#queue;
			this.#queue = [];
			this.rounds++;
			// One message at a time, each handled before the next is delivered: what a node sends
			// meanwhile goes out in the next round.
			for (const [b, m] of round) {
				this.inFlight--;
				b.adapter.receive(m);
				await b.host.network.idle();
			}
			this.onRound();
		}
		this.#pumping = false;
	}

	/** Random links until the average degree is `degree` (at most 20 a node, none alone). */
	linkRandomly(degree: number): void {
		const nodes = this.nodes;
		const deg = new Map<SimNode, number>(nodes.map((n) => [n, 0]));
		const link = (a: SimNode, b: SimNode) => {
			if (a === b || this.linked(a, b)) return;
			this.connect(a, b);
			deg.set(a, deg.get(a)! + 1);
			deg.set(b, deg.get(b)! + 1);
		};
		const pick = () => nodes[Math.floor(this.rand() * nodes.length)]!;
		const target = Math.round((nodes.length * degree) / 2);
		for (let guard = 0; this.links.size < target && guard < 100 * target; guard++) {
			const a = pick();
			const b = pick();
			if (deg.get(a)! < 20 && deg.get(b)! < 20) link(a, b);
		}
		for (const n of nodes) while (deg.get(n)! < 2) link(n, pick());
	}
}

/** Messages per edit, rounds until every peer has it, and whether every peer got every edit. */
export async function gossip(
	peers: number,
	edits = 10
): Promise<{ perEdit: number; rounds: number; reached: boolean }> {
	const net = new RoundNetwork(peers);
	const first = await net.addNode('p0', (h) => h.create({ name: 'Gossip' }));
	for (let i = 1; i < peers; i++) await net.addNode(`p${i}`, (h) => h.join(first.festival.id));
	net.linkRandomly(6);
	await net.settle();
	const edit = async (i: number) => {
		const n = net.nodes[Math.floor(net.rand() * peers)]!;
		await n.host.change(n.festival.id, (d) => addEvent(d, n.host.me as AuthorId, benchEvent(i)));
		await n.festival.seal();
		await net.settle();
	};
	for (let i = 0; i < 8; i++) await edit(i); // the overlay prunes itself
	const before = net.messages;
	const rounds: number[] = [];
	let reached = true;
	for (let i = 0; i < edits; i++) {
		const start = net.rounds;
		let at: number | undefined;
		net.onRound = () => {
			if (at === undefined && net.converged()) at = net.rounds - start;
		};
		await edit(100 + i);
		net.onRound = () => {};
		reached &&= net.converged();
		rounds.push(at ?? Infinity);
	}
	const perEdit = (net.messages - before) / edits;
	await net.close();
	return { perEdit, rounds: Math.max(...rounds), reached };
}

/** The samples of one run at `peers` peers; rounds only when `withRounds`. */
async function gossipSamples(peers: number, withRounds: boolean): Promise<Sample[]> {
	const { perEdit, rounds, reached } = await gossip(peers);
	const size = `gossip, ${peers.toLocaleString('en')} simulated peers, degree 6`;
	const out: Sample[] = [
		{
			name: `${size}: messages per edit (baseline: peers)`,
			value: perEdit,
			unit: 'messages',
			baseline: peers,
			ratio: perEdit / peers,
			target: withRounds ? '<= 1.2x peers, every peer reached' : '<= 3x peers, every peer reached',
			checks: [{ of: 'ratio', op: '<=', limit: withRounds ? 1.2 : 3 }],
			holds: reached
		}
	];
	if (withRounds) {
		const log2 = Math.log2(peers);
		out.push({
			name: `${size}: rounds until every peer has an edit, worst of 10 edits (baseline: log2 peers)`,
			value: rounds,
			unit: 'rounds',
			baseline: log2,
			ratio: rounds / log2,
			target: 'close to log2(peers): <= 1.5x',
			checks: [{ of: 'ratio', op: '<=', limit: 1.5 }],
			holds: reached
		});
	}
	return out;
}

export const gossipSuite: Suite = {
	name: 'gossip',
	async prepare() {
		return {
			async run() {
				const out: Sample[] = [];
				for (const peers of [10, 25, 50]) out.push(...(await gossipSamples(peers, false)));
				return out;
			}
		};
	}
};

/** Gossip among 500 simulated peers (100 in the quick run). */
export const gossipScaleSuite: Suite = {
	name: 'scale-gossip',
	scale: true,
	async prepare(o) {
		return { run: () => gossipSamples(o.quick ? 100 : 500, true) };
	}
};
