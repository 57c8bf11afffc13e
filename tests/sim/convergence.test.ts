/**
 * Property: the same entries from several authors, delivered in any order, in any chunks,
 * with duplicates, give every peer the same document and the same verdicts. Every author and
 * peer is a festival host.
 */
import type { RawDoc } from '../../src/lib/core/festival/read/tree.fixture.js';
import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { addEvent, addResource, decide } from '../../src/lib/core/festival/document/doc.js';
import type { EntryItem } from '../../src/lib/core/festival/ingest/engine.js';
import { FestivalHost } from '../../src/lib/core/host/host.js';
import {
	shardOf,
	type EventId,
	type FestivalId,
	type ResourceId
} from '../../src/lib/core/festival/document/ids.js';
import {
	generateIdentity,
	newDeviceId,
	type AuthorId
} from '../../src/lib/core/identity/identity.js';
import { MemoryStorageAdapter } from '../../src/lib/core/store/memory-storage-adapter.js';

function rng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

async function host(name: string): Promise<FestivalHost> {
	return new FestivalHost({
		storage: new MemoryStorageAdapter(),
		identity: { identity: await generateIdentity(name), device: newDeviceId() },
		sealDelayMs: 60_000
	});
}

const frame = (h: number) => ({
	start: `2026-07-01T${String(h).padStart(2, '0')}:00:00Z`,
	end: `2026-07-01T${String(h + 1).padStart(2, '0')}:00:00Z`
});

/** Four authors, one of them hostile, editing concurrently with occasional exchanges. */
async function history(seed: number): Promise<EntryItem[]> {
	const rand = rng(seed);
	const people = await Promise.all(['Alice', 'Bob', 'Carol', 'Mallory'].map(host));
	const first = await people[0]!.create({ name: 'Sim' });
	await first.seal();
	const id = first.id;
	const fests = [first, ...(await Promise.all(people.slice(1).map((p) => p.join(id))))];
	for (const p of people.slice(1)) await p.ingest(id, await first.entries(), 'peer');
	const resources: ResourceId[] = [];
	const events: EventId[] = [];
	for (let step = 0; step < 40; step++) {
		const i = Math.floor(rand() * 4);
		const f = fests[i]!;
		const p = people[i]!;
		const me = p.me as AuthorId;
		const roll = rand();
		if (i === 3 && roll < 0.5 && resources.length) {
			const r = resources[Math.floor(rand() * resources.length)]!;
			await p.change(id, (d: RawDoc) => {
				const res = d.resources[shardOf(r, 16)][r];
				if (res) res.name = new A.ImmutableString('hijacked');
			});
		} else if (roll < 0.3) {
			resources.push(
				await p.change(id, (d) =>
					addResource(d, me, { name: `R${step}`, kind: 'thing', policy: 'manual' })
				)
			);
		} else if (roll < 0.8 || !resources.length) {
			events.push(
				await p.change(id, (d) =>
					addEvent(d, me, {
						title: `E${step}`,
						...frame(8 + (step % 10)),
						tags: ['t'],
						requests: []
					})
				)
			);
		} else {
			const r = resources[Math.floor(rand() * resources.length)]!;
			const e = events[Math.floor(rand() * events.length)];
			if (e) {
				await p.change(id, (d) => {
					if (d.resources[shardOf(r, 16)]?.[r])
						decide(d, {
							resource: r,
							event: e,
							festival: first.id,
							verdict: 'accept',
							frame: frame(9),
							at: '2026-06-01T00:00:00Z'
						});
				});
			}
		}
		if (rand() < 0.5) await f.seal();
		if (rand() < 0.3) {
			const j = Math.floor(rand() * 4);
			await f.seal();
			await people[j]!.ingest(id, await f.entries(), 'peer');
		}
	}
	const all: EntryItem[] = [];
	for (const [i, f] of fests.entries()) {
		await people[i]!.close();
		all.push(...(await f.entries()));
	}
	return all;
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
	const a = [...xs];
	for (let i = a.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[a[i], a[j]] = [a[j]!, a[i]!];
	}
	return a;
}

describe('convergence under random delivery', () => {
	for (const seed of [1, 2, 3]) {
		it(`seed ${seed}: every delivery order gives the same document and verdicts`, async () => {
			const entries = await history(seed);
			const rand = rng(seed * 7919);
			const results: { heads: string[]; json: string; flagged: string[] }[] = [];
			for (let trial = 0; trial < 6; trial++) {
				const peer = await host(`peer ${trial}`);
				const id = (await findId(entries)) as FestivalId;
				const f = await peer.join(id);
				const order = shuffle([...entries, ...entries.slice(0, trial * 3)], rand);
				for (let i = 0; i < order.length;) {
					const n = 1 + Math.floor(rand() * 8);
					await peer.ingest(id, order.slice(i, i + n), 'peer');
					i += n;
				}
				results.push({
					heads: [...A.getHeads(f.doc)].sort(),
					json: JSON.stringify(A.toJS(f.doc)),
					flagged: [...f.engine.misbehaving.keys()].sort()
				});
				await peer.close();
			}
			for (const r of results.slice(1)) expect(r).toEqual(results[0]);
			expect(results[0]!.json).toContain('"meta"');
		});
	}
});

/** The festival id is the hash of the one genesis change among the entries. */
async function findId(entries: EntryItem[]): Promise<string> {
	const { decodeChanges } = await import('../../src/lib/core/festival/ingest/payload.js');
	for (const e of entries) {
		const c = decodeChanges(e.payload!);
		if (!c.ok) continue;
		for (const ch of c.value) {
			const d = A.decodeChange(ch);
			if (d.message === 'festival-genesis') return d.hash;
		}
	}
	throw new Error('no genesis');
}
