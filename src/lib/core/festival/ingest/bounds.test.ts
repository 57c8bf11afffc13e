/**
 * Changes too costly to decode (op bombs) and changes too large to share, end to end through
 * a Festival. Each attack is named; the chunk reader itself is tested in change-bounds.test.ts.
 */
import type { RawDoc } from '../read/tree.fixture.js';
import * as A from '@automerge/automerge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIdentity, type Identity } from '../../identity/identity.js';
import { LogBook } from '../../log/log.js';
import { bombBody, bombChange, changeChunk } from './bomb.fixture.js';
import { MAX_CHANGE_OPS, MAX_ENTRY_OPS } from './change-bounds.js';
import { addEvent, addResource, rawItems } from '../document/doc.js';
import { Festival } from '../festival.js';
import { actorFor, shardOf } from '../document/ids.js';
import { ChangeTooLargeError } from './local-bounds.js';
import { encodeChanges } from './payload.js';
import { People } from '../people.fixture.js';
import { readFestival } from '../read/views.js';
import { LogWriter } from '../document/writer.js';
import { talk } from '../talk.fixture.js';

const people = new People();
afterAll(() => people.close());
const person = (name: string) => people.person(name);
const S = (s: string) => new A.ImmutableString(s);
/** Text that does not compress (changes are stored uncompressed anyway). */
const noise = (n: number) =>
	Array.from({ length: n }, () => String.fromCharCode(33 + Math.floor(Math.random() * 90))).join(
		''
	);

/** Mallory signs `changes` into the next entry of his log 7 in festival `f`. */
async function signed(mallory: Identity, writer: LogWriter, changes: Uint8Array[]) {
	const payload = encodeChanges(changes);
	const entry = await writer.append(payload);
	return { bytes: entry.bytes, payload };
}

describe.each([false, true])('op bombs (verified over a message port: %s)', (viaPort) => {
	beforeAll(() => {
		people.viaPort = viaPort;
	});

	it('op bomb: a 3,000,000-op change in a signed entry is refused before decoding; honest entries of the batch apply', async () => {
		const alice = await person('Alice');
		const bob = await person('Bob');
		const mallory = await generateIdentity('Mallory');
		const fa = await Festival.create(alice, { name: 'Fest' });
		await fa.close();
		const fb = await Festival.join(bob, fa.id, await fa.entries());
		await fb.change((d) => addEvent(d, bob.identity.author, talk('Bob’s talk')));
		await fb.close();
		const writer = new LogWriter(mallory, 7n, new LogBook());
		const bomb = bombChange({
			actor: actorFor(mallory.author, 7n),
			seq: 1,
			startOp: 1,
			deps: [fa.id],
			message: fa.id,
			ops: 3_000_000
		});
		expect(bomb.length).toBeLessThan(300);
		const item = await signed(mallory, writer, [bomb]);
		const t = performance.now();
		const report = await fa.ingest([item, ...(await fb.entries())]);
		const took = performance.now() - t;
		expect(took).toBeLessThan(1500); // before the bounds: 9 s and 2.6 GB
		expect(report.refused).toHaveLength(1);
		expect(report.refused[0]).toMatchObject({
			blame: 'author',
			code: 'bomb',
			author: mallory.author,
			seqNum: 1
		});
		expect(report.refused[0]!.reason).toMatch(/more than 100000 ops/);
		expect(fa.engine.misbehaving.has(mallory.author)).toBe(true);
		expect(rawItems(fa.doc, 'events')).toHaveLength(1); // Bob's talk applied
	});

	it('op bomb: many small changes in one entry, each under the change limit, pass the entry limit together: refused', async () => {
		const alice = await person('Alice');
		const mallory = await generateIdentity('Mallory');
		const fa = await Festival.create(alice, { name: 'Fest' });
		const writer = new LogWriter(mallory, 7n, new LogBook());
		const per = MAX_CHANGE_OPS;
		const changes = Array.from({ length: MAX_ENTRY_OPS / per + 1 }, (_, i) =>
			bombChange({
				actor: actorFor(mallory.author, 7n),
				seq: i + 1,
				startOp: i * per + 1,
				deps: [],
				message: fa.id,
				ops: per
			})
		);
		const report = await fa.ingest([await signed(mallory, writer, changes)]);
		expect(report.refused[0]).toMatchObject({ blame: 'author', code: 'bomb' });
		expect(report.refused[0]!.reason).toMatch(/change 11 of 11/);
	});

	it('op bomb: a deflated change that inflates past 16 MiB is refused without inflating it all', async () => {
		const alice = await person('Alice');
		const mallory = await generateIdentity('Mallory');
		const fa = await Festival.create(alice, { name: 'Fest' });
		const writer = new LogWriter(mallory, 7n, new LogBook());
		// A change whose message is 40 MB of one letter: deflated, about 40 KB.
		const chunk = changeChunk(
			bombBody({
				actor: actorFor(mallory.author, 7n),
				seq: 1,
				startOp: 1,
				deps: [],
				message: 'x'.repeat(40_000_000),
				ops: 1
			}),
			true
		);
		expect(chunk.length).toBeLessThan(100_000);
		const t = performance.now();
		const report = await fa.ingest([await signed(mallory, writer, [chunk])]);
		expect(performance.now() - t).toBeLessThan(1500);
		expect(report.refused[0]).toMatchObject({ blame: 'author', code: 'bomb' });
		expect(report.refused[0]!.reason).toMatch(/more than 16777216 bytes once inflated/);
	});

	it('op bomb in a snapshot: a newcomer refuses a document of millions of ops before loading it', async () => {
		const alice = await person('Alice');
		const carol = await person('Carol');
		const fa = await Festival.create(alice, { name: 'Fest' });
		for (let i = 0; i < 3; i++)
			await fa.change((d) => addEvent(d, alice.identity.author, talk(`Talk ${i}`)));
		const honest = await fa.snapshot();
		// The sender appends a 6,000,000-op change chunk to the saved document (Automerge.load
		// reads a run of chunks); its op count passes the document limit.
		const bomb = bombChange({
			actor: fa.actor,
			seq: 99,
			startOp: 10_000,
			deps: A.getHeads(fa.doc),
			message: fa.id,
			ops: 6_000_000
		});
		const newcomer = await Festival.join(carol, fa.id);
		const t = performance.now();
		const r = await newcomer.adoptSnapshot({
			...honest,
			doc: new Uint8Array([...honest.doc, ...bomb])
		});
		expect(performance.now() - t).toBeLessThan(1500);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.reason).toMatch(/over the limits/);
		expect(newcomer.isEmpty).toBe(true);
		// The honest snapshot is adopted.
		const ok = await newcomer.adoptSnapshot(honest);
		expect(ok.ok).toBe(true);
		expect(rawItems(newcomer.doc, 'events')).toHaveLength(3);
	});
});

describe('oversize local changes', () => {
	it('oversize local change: refused at edit time, the document left as it was', async () => {
		const alice = await person('Alice');
		const bob = await person('Bob');
		const f = await Festival.create(alice, { name: 'Fest' });
		await f.change((d) => addEvent(d, alice.identity.author, talk('Before')));
		const heads = A.getHeads(f.doc);
		// 3,000 rooms with 2,000-character descriptions: each within the text limits, 6 MB together.
		const attempt = f.change((d) => {
			for (let i = 0; i < 3000; i++)
				addResource(d, alice.identity.author, {
					name: `Room ${i}`,
					kind: 'location',
					policy: 'manual',
					description: noise(2000)
				});
		});
		const e = await attempt.catch((x: unknown) => x);
		expect(e).toBeInstanceOf(ChangeTooLargeError);
		expect((e as ChangeTooLargeError).code).toBe('change-too-large');
		expect((e as Error).message).toMatch(
			/too large to share .*over the 4\.2 MB one signed entry holds.*not made/
		);
		expect(A.getHeads(f.doc)).toEqual(heads);
		expect(rawItems(f.doc, 'resources')).toHaveLength(0);
		// Editing goes on; everything seals and reaches a peer.
		await f.change((d) => addEvent(d, alice.identity.author, talk('After')));
		await f.close();
		const fb = await Festival.join(bob, f.id, await f.entries());
		expect(rawItems(fb.doc, 'events')).toHaveLength(2);
		expect(fb.engine.pendingCount).toBe(0);
		const again = await Festival.open(alice, f.id);
		expect(rawItems(again!.doc, 'events')).toHaveLength(2);
	});

	it('festival stuck with an oversize unsealed change opens: the change and those after it are dropped and reported', async () => {
		const alice = await person('Alice');
		const bob = await person('Bob');
		const f = await Festival.create({ ...alice, sealDelayMs: 60_000 }, { name: 'Fest' });
		await f.change((d) => addEvent(d, alice.identity.author, talk('Sealed')));
		await f.seal();
		// As an older version left it: a 4.7 MB room URL written and stored unsealed, a later
		// edit on top of it, and the document saved with both; every open then threw.
		const store = f.store;
		const raw = async (edit: (d: RawDoc) => void) => {
			f.engine.doc = A.change(f.doc, { message: f.id }, edit);
			const bytes = A.getLastLocalChange(f.doc)!;
			await store.saveUnsealed(A.decodeChange(bytes).hash, bytes);
			return A.decodeChange(bytes).hash;
		};
		const id = `${alice.identity.author.slice(0, 16)}${'ab'.repeat(8)}`;
		const big = await raw((d) => {
			d.resources[shardOf(id, 16)][id] = {
				name: S('Hall'),
				kind: S('location'),
				policy: S('manual'),
				place: { url: S('https://example.org/' + noise(4_700_000)) }
			};
		});
		const later = await raw((d) => addEvent(d, alice.identity.author, talk('Unsealed, after it')));
		await store.saveDoc(f.doc);

		const opened = await Festival.open(alice, f.id);
		expect(opened).toBeDefined();
		const g = opened!;
		expect(g.problems.map((p) => p.hash)).toEqual([big, later]);
		expect(g.problems[0]!.reason).toMatch(/over the 4\.2 MB one signed entry holds/);
		expect(g.problems[1]!.reason).toMatch(/depends on change/);
		expect(A.hasHeads(g.doc, [big])).toBe(false);
		expect(rawItems(g.doc, 'resources')).toHaveLength(0);
		expect(rawItems(g.doc, 'events')).toHaveLength(1);
		// The document is usable: edits seal and reach a peer, which can apply them all.
		await g.change((d) => addEvent(d, alice.identity.author, talk('New')));
		await g.close();
		const fb = await Festival.join(bob, f.id, await g.entries());
		expect(rawItems(fb.doc, 'events')).toHaveLength(2);
		expect(fb.engine.pendingCount).toBe(0);
		// It stays repaired: the next open finds nothing to drop.
		const third = await Festival.open(alice, f.id);
		expect(third!.problems).toEqual([]);
		expect(rawItems(third!.doc, 'events')).toHaveLength(2);
		// What was dropped stays listed among the festival's problems, after the restart too.
		const listed = readFestival(new Map([[f.id, third!.doc]]), f.id)!
			.problems.map((p) => p.reason)
			.join('\n');
		expect(listed).toMatch(/dropped: .*over the 4\.2 MB one signed entry holds/);
	});
});
