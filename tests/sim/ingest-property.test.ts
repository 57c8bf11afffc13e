/**
 * Property: whatever a network does to honest and hostile entries (any order, any chunking,
 * duplicates, payloads stripped and restored later, restarts in between), peers that end up
 * with everything end in the same state, and no honest edit is missing.
 *
 * Hostile entries come from Mallory, who joined the festival: a garbage payload under her
 * signature, a change breaking the write rules (renaming Alice's room), two entries signed at
 * one seq (equivocation), a change repeating an Automerge seq, another festival's entries,
 * and entries whose signature a relay broke.
 */
import type { RawDoc } from '../../src/lib/core/festival/read/tree.fixture.js';
import * as A from '@automerge/automerge';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	addEvent,
	addResource,
	type FestivalDoc
} from '../../src/lib/core/festival/document/doc.js';
import type { EntryItem } from '../../src/lib/core/festival/ingest/engine.js';
import { Festival, type FestivalContext } from '../../src/lib/core/festival/festival.js';
import { actorFor, shardOf, type FestivalId } from '../../src/lib/core/festival/document/ids.js';
import { encodeChanges } from '../../src/lib/core/festival/ingest/payload.js';
import { readFestival } from '../../src/lib/core/festival/read/views.js';
import { LogWriter } from '../../src/lib/core/festival/document/writer.js';
import { generateIdentity, logIdFor, newDeviceId } from '../../src/lib/core/identity/identity.js';
import { LogBook } from '../../src/lib/core/log/log.js';
import { MemoryStorageAdapter } from '../../src/lib/core/store/memory-storage-adapter.js';

async function person(
	name: string,
	storage = new MemoryStorageAdapter()
): Promise<FestivalContext> {
	return {
		identity: await generateIdentity(name),
		device: newDeviceId(),
		storage,
		sealDelayMs: 60_000
	};
}
const hh = (h: number) => String(h).padStart(2, '0');
const talk = (title: string, h: number) => ({
	title,
	start: `2026-07-01T${hh(h)}:00:00Z`,
	end: `2026-07-01T${hh(h + 1)}:00:00Z`,
	tags: [],
	requests: []
});
const S = (s: string) => new A.ImmutableString(s);

let id: FestivalId;
let honest: EntryItem[];
let hostile: EntryItem[];
let honestTitles: string[];

beforeAll(async () => {
	const alice = await person('Alice');
	const fa = await Festival.create(alice, { name: 'Fest' });
	id = fa.id;
	const room = await fa.change((d) =>
		addResource(d, alice.identity.author, { name: 'Hall', kind: 'location', policy: 'manual' })
	);
	await fa.seal();
	for (let i = 0; i < 4; i++) {
		await fa.change((d) => addEvent(d, alice.identity.author, talk(`Alice ${i}`, 8 + i)));
		await fa.seal();
	}
	const bob = await person('Bob');
	const fb = await Festival.join(bob, id, await fa.entries());
	for (let i = 0; i < 3; i++) {
		await fb.change((d) => addEvent(d, bob.identity.author, talk(`Bob ${i}`, 13 + i)));
		await fb.seal();
	}
	await fa.ingest(await fb.entries());
	await fa.change((d) => addEvent(d, alice.identity.author, talk('Alice after Bob', 18)));
	await fa.close();
	await fb.close();
	honest = [...(await fa.entries())];
	honestTitles = [
		'Alice 0',
		'Alice 1',
		'Alice 2',
		'Alice 3',
		'Alice after Bob',
		'Bob 0',
		'Bob 1',
		'Bob 2'
	];

	// Mallory, from a copy of the festival that honest people never see her edits of.
	const mal = await person('Mallory');
	const fm = await Festival.join(mal, id, honest);
	const logId = logIdFor(mal.device, id);
	const actor = actorFor(mal.identity.author, logId);
	const on = (edit: (d: RawDoc) => void) =>
		A.getLastLocalChange(A.change(A.clone(fm.doc, actor), { message: id }, edit))!;
	const w = new LogWriter(mal.identity, logId, new LogBook());
	const w2 = new LogWriter(mal.identity, logId, new LogBook());
	const sign = async (writer: LogWriter, changes: Uint8Array[]) => {
		const payload = encodeChanges(changes);
		return { bytes: (await writer.append(payload)).bytes, payload };
	};
	const e1 = await sign(w, [
		on((d) => void addEvent(d, mal.identity.author, talk('Mallory A', 9)))
	]);
	const e1b = await sign(w2, [
		on((d) => void addEvent(d, mal.identity.author, talk('Mallory B', 9)))
	]); // same seq
	const rename = await sign(w, [
		on((d) => void (d.resources[shardOf(room, 16)][room].name = S('Mallory’s hall')))
	]);
	const garbageW = new LogWriter(mal.identity, 99n, new LogBook());
	const garbage = {
		bytes: (await garbageW.append(new Uint8Array(5000).fill(7))).bytes,
		payload: new Uint8Array(5000).fill(7)
	};
	const other = await Festival.create(mal, { name: 'Elsewhere' });
	await other.change((d) => addEvent(d, mal.identity.author, talk('Elsewhere', 10)));
	await other.close();
	const broken = honest
		.slice(0, 3)
		.map((e) => ({ ...e, bytes: e.bytes.map((x, i) => (i === e.bytes.length - 2 ? x ^ 4 : x)) }));
	hostile = [e1, e1b, rename, garbage, ...(await other.entries()), ...broken];
}, 60_000);

/** What people see: events and resources with owners and statuses, sorted. */
function seen(doc: FestivalDoc): string[] {
	const v = readFestival(new Map([[id, doc]]), id)!;
	return [
		...v.resources.map((r) => `resource|${r.name}|${r.owner.slice(0, 8)}`),
		...v.events.map((e) => `event|${e.title}|${e.owner.slice(0, 8)}|${e.status.label}`)
	].sort();
}

/** One delivery: indices into the pool of items, each with or without its payload. */
const step = fc.oneof(
	{
		weight: 5,
		arbitrary: fc.record({
			kind: fc.constant('deliver' as const),
			picks: fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 12 })
		})
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const) }) }
);

describe('ingest under hostile and unlucky delivery', () => {
	it('peers converge to the same read model with every honest edit, whatever the delivery', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.array(step, { maxLength: 5 }), { minLength: 3, maxLength: 3 }),
				fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
				async (plans, order) => {
					const pool = [...honest, ...hostile];
					const views: string[][] = [];
					for (const plan of plans) {
						const ctx = await person('Peer');
						let f = await Festival.join(ctx, id);
						for (const s of plan) {
							if (s.kind === 'restart') {
								await f.close();
								f = await Festival.join(ctx, id);
								continue;
							}
							const items = s.picks.map(([i, bare]) => {
								const it = pool[i % pool.length]!;
								return bare ? { bytes: it.bytes } : it;
							});
							await f.ingest(items);
						}
						// In the end everything arrives, in some order.
						const all = pool
							.map((it, i) => [order[i % order.length]! + i / 1000, it] as const)
							.sort((a, b) => a[0] - b[0])
							.map(([, it]) => it);
						await f.ingest(all);
						await f.close();
						const reopened = await Festival.join(ctx, id);
						views.push(seen(reopened.doc));
					}
					const titles = views[0]!
						.filter((l) => l.startsWith('event|'))
						.map((l) => l.split('|')[1]);
					expect(titles.sort()).toEqual([...honestTitles].sort());
					expect(views[0]!.filter((l) => l.startsWith('resource|'))).toEqual([
						expect.stringMatching(/^resource\|Hall\|/)
					]);
					for (const v of views) expect(v).toEqual(views[0]);
				}
			),
			{
				numRuns: Number(process.env.PROPERTY_RUNS ?? 30),
				...(process.env.PROPERTY_SEED === 'random' ? {} : { seed: 20261201 })
			}
		);
	}, 240_000);
});
