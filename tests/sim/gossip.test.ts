/**
 * Seeded simulation of festival replication: 50 peers, degree about 6, with partitions and
 * late joiners. Every peer ends with the same festival; messages per edit are counted.
 */
import { describe, expect, it } from 'vitest';
import { rawItems } from '../../src/lib/core/festival/document/doc.js';
import { edit, SimNetwork, type SimNode } from './network.js';

describe('gossip simulation', () => {
	it(
		'50 peers, degree 6: every edit reaches every peer; partitions heal; late joiners catch up',
		{ timeout: 120_000 },
		async () => {
			const net = new SimNetwork(2026);
			const creator = await net.addNode('p00', (h) => h.create({ name: 'Sim fest' }));
			const id = creator.festival.id;
			for (let i = 1; i < 50; i++)
				await net.addNode(`p${String(i).padStart(2, '0')}`, (h) => h.join(id));
			net.randomTopology(net.nodes, 6);
			const avgDegree = net.nodes.reduce((s, n) => s + net.degree(n), 0) / net.nodes.length;
			expect(avgDegree).toBeGreaterThanOrEqual(5);
			expect(Math.max(...net.nodes.map((n) => net.degree(n)))).toBeLessThanOrEqual(20);
			await net.settle();
			expect(net.converged()).toBe(true);

			// Warm up: the first edits prune the redundant eager links.
			for (let i = 0; i < 8; i++) {
				await edit(net.nodes[Math.floor(net.rand() * 50)]!, `warm ${i}`);
				await net.settle();
			}
			// Measure: messages per edit once the overlay settled.
			const before = net.messages;
			const edits = 10;
			for (let i = 0; i < edits; i++) {
				await edit(net.nodes[Math.floor(net.rand() * 50)]!, `measured ${i}`);
				await net.settle();
				expect(net.converged()).toBe(true);
			}
			const perEdit = (net.messages - before) / edits;
			console.log(`gossip: ${perEdit.toFixed(1)} messages per edit for 50 peers (target <= 150)`);
			expect(perEdit).toBeLessThanOrEqual(3 * 50);

			// Partition into two halves, edit on both sides, heal.
			const left = net.nodes.slice(0, 25);
			const right = net.nodes.slice(25);
			const cut: [SimNode, SimNode][] = [];
			for (const a of left) for (const b of right) if (net.linked(a, b)) cut.push([a, b]);
			for (const [a, b] of cut) net.disconnect(a, b);
			// Keep each half connected.
			net.randomTopology(left, 6);
			net.randomTopology(right, 6);
			await edit(left[3]!, 'left side');
			await edit(right[7]!, 'right side');
			await net.settle();
			expect(net.converged(left)).toBe(true);
			expect(net.converged(right)).toBe(true);
			expect(net.converged()).toBe(false);
			for (const [a, b] of cut) net.connect(a, b);
			await net.settle();
			expect(net.converged()).toBe(true);

			// Late joiners: five newcomers each meet three random peers.
			for (let i = 0; i < 5; i++) {
				const n = await net.addNode(`late${i}`, (h) => h.join(id));
				for (let k = 0; k < 3; k++) net.connect(n, net.nodes[Math.floor(net.rand() * 50)]!);
			}
			await net.settle();
			expect(net.converged()).toBe(true);
			const events = rawItems(net.nodes.at(-1)!.festival.doc, 'events').length;
			expect(events).toBe(8 + edits + 2);
			await net.close();
		}
	);

	it('peers that are never online together converge through a relay', async () => {
		const net = new SimNetwork(7);
		const a = await net.addNode('a', (h) => h.create({ name: 'Relay' }));
		const relay = await net.addNode('relay', (h) => h.join(a.festival.id));
		const b = await net.addNode('b', (h) => h.join(a.festival.id));
		net.connect(a, relay);
		await edit(a, 'from a');
		await net.settle();
		net.disconnect(a, relay); // a goes offline
		net.connect(b, relay);
		await net.settle();
		await edit(b, 'from b');
		await net.settle();
		net.disconnect(b, relay); // b goes offline, a comes back
		net.connect(a, relay);
		await net.settle();
		expect(
			rawItems(a.festival.doc, 'events')
				.map(([, v]) => String((v as { title: unknown }).title))
				.sort()
		).toEqual(['from a', 'from b']);
		expect(net.converged([a, b, relay])).toBe(true);
		await net.close();
	});
});
