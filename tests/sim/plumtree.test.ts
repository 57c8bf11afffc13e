/**
 * Plumtree's pruning under concurrent pushes, in a network whose links deliver after set
 * delays (each link in order, links racing each other), with digests off: what reaches a peer
 * must come by eager push, or by a link grafted back.
 */
import type { Message } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { rawItems } from '../../src/lib/core/festival/document/doc.js';
import { edit, SimNetwork, type SimAdapter, type SimNode } from './network.js';

/** Delivers each message after a delay chosen per link and message; in time order. */
class DelayNetwork extends SimNetwork {
	#now = 0;
	#queue: { at: number; seq: number; to: SimNode; m: Message }[] = [];
	#seq = 0;
	#sent = new Map<string, number>();
	#last = new Map<string, number>();
	#delay: (a: string, b: string, n: number) => number = () => 1;

	/** Delays from now on: of the `n`th message (from 0, counted from now) from `a` to `b`. */
	setDelay(fn: (a: string, b: string, n: number) => number): void {
		this.#delay = fn;
		this.#sent.clear();
	}

	override deliver(from: SimAdapter, m: Message): void {
		const a = this.nodes.find((n) => n.adapter === from);
		const b = this.nodes.find((n) => n.adapter.peerId === m.targetId);
		if (!a || !b || !this.linked(a, b)) return;
		const k = `${a.name}>${b.name}`;
		const n = this.#sent.get(k) ?? 0;
		this.#sent.set(k, n + 1);
		// A link delivers in order: never before the message sent on it before.
		const at = Math.max(this.#last.get(k) ?? 0, this.#now + this.#delay(a.name, b.name, n));
		this.#last.set(k, at);
		this.#queue.push({ at, seq: this.#seq++, to: b, m });
		this.inFlight++;
	}

	/** Delivers everything, in time order, each message handled before the next. */
	async run(): Promise<void> {
		await Promise.all(this.nodes.map((n) => n.host.network.idle()));
		while (this.#queue.length) {
			this.#queue.sort((x, y) => x.at - y.at || x.seq - y.seq);
			const next = this.#queue.shift()!;
			this.#now = Math.max(this.#now, next.at);
			this.inFlight--;
			next.to.adapter.receive(next.m);
			await next.to.host.network.idle();
		}
	}
}

const titles = (n: SimNode) =>
	rawItems(n.festival.doc, 'events')
		.map(([, v]) => String((v as { title: unknown }).title))
		.sort();

describe('Plumtree pruning (digests off)', () => {
	it('two neighbours pushing the same entries at once: the peer keeps one of them eager, and later edits still reach it', async () => {
		// S - A - X and S - B - X: X hears everything S writes through A and through B.
		const net = new DelayNetwork(1);
		const s = await net.addNode('s', (h) => h.create({ name: 'Diamond' }));
		const id = s.festival.id;
		const a = await net.addNode('a', (h) => h.join(id));
		const b = await net.addNode('b', (h) => h.join(id));
		const x = await net.addNode('x', (h) => h.join(id));
		net.connect(s, a);
		net.connect(s, b);
		net.connect(a, x);
		net.connect(b, x);
		await net.run();
		expect(net.converged()).toBe(true);
		// Links made anew: every link eager both ways again.
		for (const [p, q] of [
			[a, x],
			[b, x]
		] as const) {
			net.disconnect(p, q);
			net.connect(p, q);
		}
		await net.run();

		// Two edits sealed apart: two pushes each way. To X, B's first push comes before A's
		// and its second after A's (the links race): X prunes A on the first entry, and B on
		// the second.
		net.setDelay((from, to, n) => (from === 'b' && to === 'x' ? (n === 0 ? 1 : 10) : 2));
		await edit(s, 'one');
		await edit(s, 'two');
		await net.run();
		expect(titles(x)).toEqual(['one', 'two']);

		// Later edits (digests off) must still reach X by eager push, whatever the delays.
		net.setDelay(() => 1);
		for (const t of ['three', 'four']) {
			await edit(s, t);
			await net.run();
		}
		expect(titles(x)).toEqual(['four', 'one', 'three', 'two']);
		// And X's own edits still have a way out (its pushes to A and B were both pruned too).
		await edit(x, 'five');
		await net.run();
		expect(titles(s)).toEqual(['five', 'four', 'one', 'three', 'two']);
		expect(net.converged()).toBe(true);
		await net.close();
	});

	it('a ring of four with racing links: edits from every peer in turn reach every peer', async () => {
		// S - A - X - B - S: the pushes of each edit meet somewhere on the ring and prune a link
		// there; the next edit, from another peer, needs the remaining links both ways.
		const net = new DelayNetwork(2);
		const s = await net.addNode('s', (h) => h.create({ name: 'Ring' }));
		const id = s.festival.id;
		const a = await net.addNode('a', (h) => h.join(id));
		const x = await net.addNode('x', (h) => h.join(id));
		const b = await net.addNode('b', (h) => h.join(id));
		net.connect(s, a);
		net.connect(a, x);
		net.connect(x, b);
		net.connect(b, s);
		await net.run();
		const all = [s, a, x, b];
		const want: string[] = [];
		// Edits from every node in turn, with links racing differently each time.
		let round = 0;
		for (const at of [s, x, a, b, s, x, b, a]) {
			round++;
			net.setDelay(
				(from, to, n) => 1 + ((from.charCodeAt(0) * 7 + to.charCodeAt(0) * 3 + n + round) % 5)
			);
			const title = `${at.name} ${round}`;
			want.push(title);
			await edit(at, title);
			await net.run();
			for (const n of all) expect(titles(n), `${n.name} after ${title}`).toEqual([...want].sort());
		}
		await net.close();
	});

	it(
		'60 peers, links racing at random: every edit of two entries reaches every peer',
		{
			timeout: 120_000
		},
		async () => {
			// Seeds where, before, most edits missed some peers for good (with digests off).
			for (const seed of [3, 5]) {
				const net = new DelayNetwork(seed);
				net.setDelay(() => 1 + Math.floor(net.rand() * 40));
				const first = await net.addNode('p0', (h) => h.create({ name: 'Race' }));
				for (let i = 1; i < 60; i++) await net.addNode(`p${i}`, (h) => h.join(first.festival.id));
				const pick = () => net.nodes[Math.floor(net.rand() * 60)]!;
				while (net.links.size < 180) {
					const [p, q] = [pick(), pick()];
					if (p !== q) net.connect(p, q);
				}
				for (const p of net.nodes)
					while ([...net.links].filter((l) => l.split('|').includes(p.name)).length < 2) {
						const q = pick();
						if (q !== p) net.connect(p, q);
					}
				await net.run();
				let missed = 0;
				for (let i = 0; i < 20; i++) {
					const at = pick();
					await edit(at, `${i} a`);
					await edit(at, `${i} b`);
					await net.run();
					if (!net.converged()) missed++;
				}
				expect(missed, `seed ${seed}`).toBe(0);
				await net.close();
			}
		}
	);
});
