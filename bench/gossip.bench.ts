/**
 * Gossip figure (issue 4): messages per edit against the number of peers, in the seeded
 * simulation (degree about 6, every peer verifying everything). Target: <= 3x peers.
 */
import { addEvent } from '../src/lib/core/festival/document/doc.js';
import type { AuthorId } from '../src/lib/core/identity/identity.js';
import { SimNetwork } from '../tests/sim/network.js';
import type { Figure } from './figure.js';

async function messagesPerEdit(peers: number): Promise<{ perEdit: number; reached: boolean }> {
	const net = new SimNetwork(peers);
	const first = await net.addNode('p0', (h) => h.create({ name: 'Gossip' }));
	for (let i = 1; i < peers; i++) await net.addNode(`p${i}`, (h) => h.join(first.festival.id));
	net.randomTopology(net.nodes, 6);
	await net.settle();
	const edit = async (i: number) => {
		const n = net.nodes[Math.floor(net.rand() * peers)]!;
		await n.host.change(n.festival.id, (d) =>
			addEvent(d, n.host.me as AuthorId, {
				title: `E${i}`,
				start: '2026-07-01T10:00:00Z',
				end: '2026-07-01T11:00:00Z',
				tags: [],
				requests: []
			})
		);
		await n.festival.seal();
		await net.settle();
	};
	for (let i = 0; i < 8; i++) await edit(i); // the overlay prunes itself
	const before = net.messages;
	const edits = 10;
	let reached = true;
	for (let i = 0; i < edits; i++) {
		await edit(100 + i);
		reached &&= net.converged();
	}
	const perEdit = (net.messages - before) / edits;
	await net.close();
	return { perEdit, reached };
}

export async function gossipBench(): Promise<Figure[]> {
	const out: Figure[] = [];
	for (const peers of [10, 25, 50]) {
		const { perEdit, reached } = await messagesPerEdit(peers);
		out.push({
			name: `gossip, ${peers} simulated peers, degree 6: messages per edit${reached ? ' (every peer reached)' : ' (NOT every peer reached)'}`,
			value: perEdit,
			unit: 'messages',
			baseline: peers,
			ratio: perEdit / peers,
			target: '<= 3x peers, every peer',
			pass: reached && perEdit <= 3 * peers
		});
	}
	return out;
}
