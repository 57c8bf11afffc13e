/**
 * Hostile geneses and the foreign history a festival may hold (engine and snapshot path).
 * Each test is named for what it tries. A hostile genesis is built by hand: an Automerge
 * change made on a copy of a festival, signed into the attacker's own log.
 */
import type { RawDoc } from '../read/tree.fixture.js';
import * as A from '@automerge/automerge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogBook } from '../../log/log.js';
import {
	addEvent,
	addResource,
	decide,
	decisionKey,
	GENESIS_MESSAGE,
	rawItem,
	type FestivalDoc
} from '../document/doc.js';
import type { EntryItem } from './engine.js';
import { Festival } from '../festival.js';
import {
	actorFor,
	shardOf,
	type EventId,
	type FestivalId,
	type ResourceId
} from '../document/ids.js';
import { encodeChanges } from './payload.js';
import { runPolicies } from '../read/policy.js';
import { readFestival, type FestivalTree } from '../read/views.js';
import { checkSnapshot } from '../files/snapshot-check.js';
import { LogWriter } from '../document/writer.js';
import { People, type Person } from '../people.fixture.js';
import { confirmedAt, snapshotOf } from './fork.fixture.js';

const S = (s: string) => new A.ImmutableString(s);
const NOW = new Date('2026-06-01T12:00:00Z');
const ten = { start: '2026-07-01T10:00:00Z', end: '2026-07-01T11:00:00Z' };

// Every test runs twice: verified in this thread, and on the other side of a message port (as
// the app does in a Web Worker), where every result is structured-cloned.
const people = new People();
afterAll(() => people.close());
const person = (name: string) => people.person(name);

/** Meta of a new festival; a fork's names the original and the heads it starts from. */
function meta(name: string, o: { forkedFrom?: [FestivalId, string[]]; parent?: FestivalId } = {}) {
	return {
		name: S(name),
		tz: S('UTC'),
		nonce: S('00'.repeat(8)),
		createdAt: S('2026-01-01T00:00:00Z'),
		...(o.parent ? { parent: S(o.parent) } : {}),
		...(o.forkedFrom
			? { forkedFrom: { festival: S(o.forkedFrom[0]), heads: o.forkedFrom[1].map(S) } }
			: {})
	};
}

/** Someone's log of hand-made changes: a genesis on a copy of `base`, then more changes. */
class HandLog {
	readonly writer: LogWriter;
	readonly items: EntryItem[] = [];
	doc: A.Doc<FestivalDoc>;
	id!: FestivalId;
	constructor(who: Person, base: A.Doc<FestivalDoc>, logId = 77n) {
		this.writer = new LogWriter(who.identity, logId, new LogBook());
		this.doc = A.clone(base, actorFor(who.identity.author, logId));
	}
	async change(message: string, fn: (d: RawDoc) => void): Promise<string> {
		this.doc = A.change(this.doc, { message }, fn);
		const change = A.getLastLocalChange(this.doc)!;
		const payload = encodeChanges([change]);
		const entry = await this.writer.append(payload);
		this.items.push({ bytes: entry.bytes, payload });
		return A.decodeChange(change).hash;
	}
	async genesis(fn: (d: RawDoc) => void): Promise<FestivalId> {
		this.id = (await this.change(GENESIS_MESSAGE, fn)) as FestivalId;
		return this.id;
	}
}

/** Alice's festival with a manual room and her event; Mallory has joined it. */
async function setup() {
	const alice = await person('Alice');
	const mallory = await person('Mallory');
	const fa = await Festival.create(alice, { name: 'Fest' });
	const r = (await fa.change((d) =>
		addResource(d, alice.identity.author, { name: 'Main hall', kind: 'location', policy: 'manual' })
	)) as ResourceId;
	await fa.change((d) =>
		addEvent(d, alice.identity.author, { title: 'Opening', ...ten, tags: [], requests: [] })
	);
	await fa.close();
	const fm = await Festival.join(mallory, fa.id, await fa.entries());
	return { alice, mallory, fa, fm, r };
}

/** Someone receives a festival's entries: whether it exists for them, and what was refused. */
async function receive(who: Person, id: FestivalId, items: readonly EntryItem[]) {
	const f = await Festival.join(who, id);
	const report = await f.ingest(items);
	return {
		f,
		report,
		exists: f.doc.meta !== undefined,
		reasons: report.refused.map((x) => x.reason).join('\n')
	};
}

describe.each([false, true])(
	'geneses and foreign history (verified over a message port: %s)',
	(viaPort) => {
		beforeAll(() => {
			people.viaPort = viaPort;
		});
		it("fork genesis rewrites another owner's resource: refused", async () => {
			const s = await setup();
			const heads = A.getHeads(s.fm.doc);
			const fork = new HandLog(s.mallory, s.fm.doc);
			await fork.genesis((d) => {
				d.meta = meta('Mallory’s fork', { forkedFrom: [s.fa.id, heads] });
				const res = d.resources[shardOf(s.r, 16)]![s.r]!;
				res.name = S('Mallory’s hall');
				res.policy = S('first-come');
			});
			// Alice's own client receives the fork: it must not exist there under a forged policy.
			const got = await receive(s.alice, fork.id, [...(await s.fa.entries()), ...fork.items]);
			expect(got.exists).toBe(false);
			expect(got.reasons).toMatch(/genesis .*writes inside an object/);
			expect(got.f.engine.misbehaving.has(s.mallory.identity.author)).toBe(true);
		});

		it('fork genesis flips a denial into an acceptance: refused', async () => {
			const s = await setup();
			const ev = (await s.fm.change((d) =>
				addEvent(d, s.mallory.identity.author, {
					title: 'Mallory’s gig',
					...ten,
					tags: [],
					requests: [{ resource: s.r, festival: s.fa.id }]
				})
			)) as EventId;
			await s.fm.close();
			await s.fa.ingest(await s.fm.entries());
			await s.fa.change((d) =>
				decide(d, {
					resource: s.r,
					event: ev,
					festival: s.fa.id,
					verdict: 'deny',
					reason: 'no',
					frame: ten,
					at: '2026-06-01T00:00:00Z'
				})
			);
			await s.fa.close();
			await s.fm.ingest(await s.fa.entries());
			const key = decisionKey(s.r, ev);
			const edits: ((d: RawDoc) => void)[] = [
				(d) => (d.decisions[shardOf(key, 64)][key].verdict = S('accept')),
				// Or a whole new decision object in place of Alice's, in the original's shard.
				(d) =>
					(d.decisions[shardOf(key, 64)][key] = {
						resource: S(s.r),
						event: S(ev),
						festival: S(s.fa.id),
						verdict: S('accept'),
						at: S('2026-06-02T00:00:00Z'),
						...ten
					})
			];
			for (const [i, edit] of edits.entries()) {
				const heads = A.getHeads(s.fm.doc);
				const fork = new HandLog(s.mallory, s.fm.doc, 80n + BigInt(i));
				await fork.genesis((d) => {
					d.meta = meta('Mallory’s fork', { forkedFrom: [s.fa.id, heads] });
					edit(d);
				});
				const got = await receive(s.alice, fork.id, [...(await s.fa.entries()), ...fork.items]);
				expect(got.exists).toBe(false);
				expect(got.reasons).toMatch(/genesis/);
			}
		});

		it("sub-festival genesis carrying the parent's history: refused, parent schedule has no double booking", async () => {
			const s = await setup();
			await s.fa.change((d) => {
				const res = d.resources[shardOf(s.r, 16)]![s.r]!;
				res.policy = S('first-come');
			});
			await s.fa.close();
			// Mallory's copy is old: it holds the room, free at ten. Then Carol books it at ten.
			await s.fm.ingest(await s.fa.entries());
			const stale = A.clone(s.fm.doc);
			const carol = await person('Carol');
			const fc = await Festival.join(carol, s.fa.id, await s.fa.entries());
			await fc.change((d) =>
				addEvent(d, carol.identity.author, {
					title: 'Carol’s talk',
					...ten,
					tags: [],
					requests: [{ resource: s.r, festival: s.fa.id }]
				})
			);
			await fc.close();
			await s.fa.ingest(await fc.entries());
			for (const ds of [
				runPolicies(new Map([[s.fa.id, s.fa.doc]]), s.alice.identity.author, NOW)
			]) {
				await s.fa.change((d) => ds.forEach((x) => decide(d, x.decision)));
			}
			// A "sub-festival" whose genesis sits on the parent's old heads, not marked as a fork.
			const sub = new HandLog(s.mallory, stale);
			await sub.genesis((d) => {
				d.meta = meta('Side stage', { parent: s.fa.id });
			});
			await sub.change(sub.id, (d) => {
				addEvent(d, s.mallory.identity.author, {
					title: 'Mallory’s gig',
					...ten,
					tags: [],
					requests: [{ resource: s.r, festival: sub.id }]
				});
			});
			const got = await receive(s.alice, sub.id, [...(await s.fa.entries()), ...sub.items]);
			expect(got.exists).toBe(false);
			expect(got.reasons).toMatch(/depends on .* not a fork/);
			// Alice's client runs her policies over what it holds and writes the decisions.
			const tree = (): FestivalTree =>
				new Map([[s.fa.id, s.fa.doc], ...(got.exists ? [[sub.id, got.f.doc] as const] : [])]);
			for (const x of runPolicies(tree(), s.alice.identity.author, NOW)) {
				await (x.resourceFestival === s.fa.id ? s.fa : got.f).change((d) => decide(d, x.decision));
			}
			expect(confirmedAt(tree(), s.r, ten)).toEqual([`Carol’s talk@${s.fa.id.slice(0, 6)}`]);
		});

		it('a genesis writing inside a shared container of the original (even an own key): refused', async () => {
			const s = await setup();
			const heads = A.getHeads(s.fm.doc);
			const fork = new HandLog(s.mallory, s.fm.doc);
			await fork.genesis((d) => {
				d.meta = meta('Fork', { forkedFrom: [s.fa.id, heads] });
				addResource(d, s.mallory.identity.author, {
					name: 'Mine',
					kind: 'thing',
					policy: 'manual'
				});
			});
			const got = await receive(s.alice, fork.id, [...(await s.fa.entries()), ...fork.items]);
			expect(got.exists).toBe(false);
			expect(got.reasons).toMatch(/genesis .*writes inside an object/);
		});

		it('a genesis deleting root keys or writing other root keys: refused', async () => {
			const s = await setup();
			const edits: ((d: RawDoc) => void)[] = [
				(d) => delete d.decisions,
				(d) => (d.extra = S('x')),
				(d) => (d.meta = S('a scalar'))
			];
			for (const [i, edit] of edits.entries()) {
				const heads = A.getHeads(s.fm.doc);
				const fork = new HandLog(s.mallory, s.fm.doc, 90n + BigInt(i));
				await fork.genesis((d) => {
					if (i < 2) d.meta = meta('Fork', { forkedFrom: [s.fa.id, heads] });
					edit(d);
				});
				const got = await receive(s.alice, fork.id, [...(await s.fa.entries()), ...fork.items]);
				expect(got.exists).toBe(false);
				expect(got.reasons).toMatch(/genesis .*root key/);
			}
			// A genesis without history is held to the same rule.
			const fresh = new HandLog(s.mallory, A.init<FestivalDoc>());
			await fresh.genesis((d) => {
				d.meta = meta('Fresh');
				d.resources = { '00': {} };
				d.notes = S('x');
			});
			expect((await receive(s.alice, fresh.id, fresh.items)).exists).toBe(false);
		});

		it('a fork naming other heads than it depends on, or an original without history: refused', async () => {
			const s = await setup();
			const heads = A.getHeads(s.fm.doc);
			const cases: [A.Doc<FestivalDoc>, (d: RawDoc) => void][] = [
				[s.fm.doc, (d) => (d.meta = meta('Fork', { forkedFrom: [s.fa.id, ['ab'.repeat(32)]] }))],
				[s.fm.doc, (d) => (d.meta = meta('Fork', { forkedFrom: [s.fa.id, [...heads, ...heads]] }))],
				[s.fm.doc, (d) => (d.meta = meta('Fork', { forkedFrom: ['nope' as FestivalId, heads] }))],
				[A.init<FestivalDoc>(), (d) => (d.meta = meta('Fork', { forkedFrom: [s.fa.id, heads] }))]
			];
			for (const [i, [base, edit]] of cases.entries()) {
				const fork = new HandLog(s.mallory, base, 100n + BigInt(i));
				await fork.genesis(edit);
				const got = await receive(s.alice, fork.id, [...(await s.fa.entries()), ...fork.items]);
				expect(got.exists, `case ${i}`).toBe(false);
				expect(got.reasons).toMatch(/forkedFrom/);
			}
		});

		it('a fork of a fork: accepted, owners kept, both originals named', async () => {
			const s = await setup();
			const f1 = await s.fm.fork({ name: 'First fork' });
			await f1.change((d) =>
				addEvent(d, s.mallory.identity.author, {
					title: 'In the first fork',
					...ten,
					tags: [],
					requests: []
				})
			);
			await f1.close();
			const f2 = await f1.fork({ name: 'Second fork' });
			await f2.close();
			const carol = await person('Carol');
			const got = await receive(carol, f2.id, await f2.entries());
			expect(got.report.refused).toEqual([]);
			expect(got.exists).toBe(true);
			expect(String(got.f.doc.meta.forkedFrom?.festival)).toBe(f1.id);
			const v = readFestival(new Map([[f2.id, got.f.doc]]), f2.id)!;
			expect(v.resources.map((r) => [r.name, r.owner])).toEqual([
				['Main hall', s.alice.identity.author]
			]);
			expect(v.events.map((e) => [e.title, e.owner]).sort()).toEqual([
				['In the first fork', s.mallory.identity.author],
				['Opening', s.alice.identity.author]
			]);
			// The snapshot path takes the same fork.
			expect(
				(await checkSnapshot(snapshotOf(f2.id, got.f.doc, await f2.entries()), f2.id)).ok
			).toBe(true);
		});

		it('snapshot path: a hostile fork genesis in a snapshot is refused like on ingest', async () => {
			const s = await setup();
			const heads = A.getHeads(s.fm.doc);
			const fork = new HandLog(s.mallory, s.fm.doc);
			await fork.genesis((d) => {
				d.meta = meta('Fork', { forkedFrom: [s.fa.id, heads] });
				d.resources[shardOf(s.r, 16)][s.r].name = S('Mallory’s hall');
			});
			const bad = await checkSnapshot(
				snapshotOf(fork.id, fork.doc, [...(await s.fa.entries()), ...fork.items]),
				fork.id
			);
			expect(bad.ok).toBe(false);
			expect(!bad.ok && bad.error.reason).toMatch(/genesis .*writes inside an object/);
			// A sub-festival on the parent's history, not marked as a fork: refused too.
			const sub = new HandLog(s.mallory, s.fm.doc, 78n);
			await sub.genesis((d) => void (d.meta = meta('Side', { parent: s.fa.id })));
			const bad2 = await checkSnapshot(
				snapshotOf(sub.id, sub.doc, [...(await s.fa.entries()), ...sub.items]),
				sub.id
			);
			expect(!bad2.ok && bad2.error.reason).toMatch(/not a fork/);
			// The same genesis honestly made is fine.
			const honest = new HandLog(s.mallory, s.fm.doc, 79n);
			await honest.genesis((d) => void (d.meta = meta('Fork', { forkedFrom: [s.fa.id, heads] })));
			const good = await checkSnapshot(
				snapshotOf(honest.id, honest.doc, [...(await s.fa.entries()), ...honest.items]),
				honest.id
			);
			expect(good.ok).toBe(true);
			expect(rawItem(honest.doc, 'resources', s.r)).toBeDefined();
		});
	}
);
