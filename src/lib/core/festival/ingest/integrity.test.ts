/**
 * Integrity against hostile and unlucky delivery: honest edits are never lost or hidden, and
 * every peer ends in the same state. Each test is named after the attack (or accident) it
 * reproduces with validly signed entries.
 */
import type { RawDoc } from '../read/tree.fixture.js';
import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { generateIdentity, logIdFor } from '../../identity/identity.js';
import { LogBook } from '../../log/log.js';
import { MemoryStorageAdapter } from '../../store/memory-storage-adapter.js';
import { quiescent } from '../../sync/quiescent.fixture.js';
import { FestivalSync } from '../../sync/sync.js';
import { applySafely } from './apply.js';
import { addEvent, addResource, rawItems, type FestivalDoc } from '../document/doc.js';
import type { EntryItem } from './engine.js';
import { Festival } from '../festival.js';
import { actorFor } from '../document/ids.js';
import { encodeChanges } from './payload.js';
import { readFestival } from '../read/views.js';
import { People } from '../people.fixture.js';
import { LogWriter } from '../document/writer.js';

const people = new People();
const person = (name: string, storage?: MemoryStorageAdapter) => people.person(name, storage);
const talk = (title: string, h = 10) => ({
	title,
	start: `2026-07-01T${h}:00:00Z`,
	end: `2026-07-01T${h + 1}:00:00Z`,
	tags: [],
	requests: []
});
const titles = (doc: FestivalDoc) =>
	rawItems(doc, 'events')
		.map(([, v]) => String((v as { title: unknown }).title))
		.sort();
const strip = (items: readonly EntryItem[]) => items.map((e) => ({ bytes: e.bytes }));

/** Alice's festival with a room and two talks. */
async function festival() {
	const alice = await person('Alice');
	const fa = await Festival.create(alice, { name: 'Fest' });
	await fa.change((d) =>
		addResource(d, alice.identity.author, { name: 'Hall', kind: 'location', policy: 'manual' })
	);
	await fa.seal();
	await fa.change((d) => addEvent(d, alice.identity.author, talk('Opening')));
	await fa.seal();
	await fa.change((d) => addEvent(d, alice.identity.author, talk('Closing', 20)));
	await fa.close();
	return { alice, fa };
}

/** Links two festivals' syncs in memory (what one sends goes straight to the other's queue). */
function link(a: FestivalSync, an: string, b: FestivalSync, bn: string) {
	a.addPeer(bn, (m) => void b.receive(an, m));
	b.addPeer(an, (m) => void a.receive(bn, m));
}
/** Waits until the syncs have handled everything they sent each other. */
const settle = (...syncs: FestivalSync[]) => quiescent(syncs);

describe('payload stripping', () => {
	it('payload stripping: entries first seen without payloads are taken whole when the real ones come, even after a restart', async () => {
		const { fa } = await festival();
		const storage = new MemoryStorageAdapter();
		const bob = await person('Bob', storage);
		const fb = await Festival.join(bob, fa.id);
		const all = await fa.entries();
		const first = await fb.ingest(strip(all));
		expect(first.applied).toBe(0);
		// The hole is not claimed as held: HAVE lists every stripped entry as missing.
		const have = await fb.have();
		expect(have.length).toBeGreaterThan(0);
		for (const l of have) expect(l.missing).toEqual(Array.from({ length: l.seq }, (_, i) => i + 1));
		await fb.close();
		const again = await Festival.join(bob, fa.id);
		const second = await again.ingest(all);
		expect(second.applied).toBeGreaterThan(0);
		expect(titles(again.doc)).toEqual(['Closing', 'Opening']);
		for (const l of await again.have()) expect(l.missing).toEqual([]);
		// What it stores and passes on now carries the payloads.
		expect((await again.entries()).every((e) => e.payload)).toBe(true);
	});

	it('payload stripping over sync: a relay that strips payloads cannot hide an honest author from a peer who meets her', async () => {
		const { fa } = await festival();
		const fb = await Festival.join(await person('Bob'), fa.id);
		// Mallory relayed Alice's entries to Bob without their payloads.
		await fb.ingest(strip(await fa.entries()));
		expect(titles(fb.doc)).toEqual([]);
		const sa = new FestivalSync(fa, { digestMs: 0 });
		const sb = new FestivalSync(fb, { digestMs: 0 });
		link(sa, 'alice', sb, 'bob');
		await settle(sa, sb);
		expect(titles(fb.doc)).toEqual(['Closing', 'Opening']);
		sa.close();
		sb.close();
	});

	it('payload stripping of an orphan: a bare copy admitted first does not shadow the full copy waiting for its certificate', async () => {
		const { fa } = await festival();
		const fb = await Festival.join(await person('Bob'), fa.id);
		const all = await fa.entries();
		// Full copies arrive before their certificate (reversed), bare copies complete the chain.
		await fb.ingest([...all].reverse().filter((_, i) => i % 2 === 0));
		await fb.ingest(strip(all));
		await fb.ingest(all);
		expect(titles(fb.doc)).toEqual(['Closing', 'Opening']);
	});

	it('payload stripping of an orphan: a bare copy waiting for its certificate is replaced by the full copy', async () => {
		const { fa } = await festival();
		const fb = await Festival.join(await person('Bob'), fa.id);
		const all = await fa.entries();
		const last = all[all.length - 1]!;
		// The last entry arrives bare before its certificate, then whole, then the rest.
		await fb.ingest([{ bytes: last.bytes }]);
		await fb.ingest([last]);
		await fb.ingest(all.slice(0, -1));
		expect(titles(fb.doc)).toEqual(['Closing', 'Opening']);
	});
});

describe('waiting changes', () => {
	it('waiting changes survive a restart: a change whose dependency arrives after the restart still applies', async () => {
		const { alice, fa } = await festival();
		const carol = await person('Carol');
		const fc = await Festival.join(carol, fa.id, await fa.entries());
		await fc.change((d) => addEvent(d, carol.identity.author, talk('Carol’s workshop', 14)));
		await fc.close();
		const carols = await fc.entries();
		const storage = new MemoryStorageAdapter();
		const bob = await person('Bob', storage);
		const isAlices = (e: EntryItem) => {
			const hex = Array.from(e.bytes.subarray(1, 33), (b) => b.toString(16).padStart(2, '0')).join(
				''
			);
			return hex === alice.identity.author;
		};
		const fromAlice = (await fa.entries()).filter(isAlices);
		const fromCarol = carols.filter((e) => !isAlices(e));
		// Bob gets Alice's genesis and first entries, and Carol's entry; Alice's last entry later.
		const last = fromAlice[fromAlice.length - 1]!;
		const fb = await Festival.join(bob, fa.id, [...fromAlice.slice(0, -1), ...fromCarol]);
		expect(titles(fb.doc)).not.toContain('Carol’s workshop');
		await fb.close();
		const reopened = await Festival.join(bob, fa.id);
		await reopened.ingest([last]);
		expect(titles(reopened.doc)).toEqual(['Carol’s workshop', 'Closing', 'Opening']);
		// Settled: a later open has nothing left waiting and still shows it.
		await reopened.close();
		const third = await Festival.join(bob, fa.id);
		expect(titles(third.doc)).toEqual(['Carol’s workshop', 'Closing', 'Opening']);
		expect(third.engine.pendingCount).toBe(0);
	});
});

/** Mallory, who joined Alice's festival, signs entries of her own making into her log. */
async function mallory(fa: Festival) {
	const m = await person('Mallory');
	const fm = await Festival.join(m, fa.id, await fa.entries());
	const logId = logIdFor(m.device, fa.id);
	const actor = actorFor(m.identity.author, logId);
	const book = new LogBook();
	const writer = new LogWriter(m.identity, logId, book);
	/** A change by Mallory's actor on top of `doc` (made with `seq` given by Automerge). */
	const changeOn = (doc: A.Doc<FestivalDoc>, title: string, h: number) =>
		A.getLastLocalChange(
			A.change(
				A.clone(doc, actor),
				{ message: fa.id },
				(d) => void addEvent(d, m.identity.author, talk(title, h))
			)
		)!;
	const sign = async (...changes: Uint8Array[]) => {
		const payload = encodeChanges(changes);
		return { bytes: (await writer.append(payload)).bytes, payload };
	};
	return { m, fm, logId, actor, book, writer, changeOn, sign };
}

describe('changes Automerge cannot apply', () => {
	it('Automerge cannot apply a duplicate seq: refused without throwing, the log counts for nothing on every peer, honest entries apply, the document saves and loads', async () => {
		const { alice, fa } = await festival();
		const mal = await mallory(fa);
		const c1 = mal.changeOn(fa.doc, 'Mallory one', 12);
		const dup = mal.changeOn(fa.doc, 'Mallory dup', 13); // also seq 1 of Mallory's actor
		const e1 = await mal.sign(c1);
		const e2 = await mal.sign(dup);
		await fa.change((d) => addEvent(d, alice.identity.author, talk('Alice late', 16)));
		await fa.close();
		const shown = (f: Festival) =>
			readFestival(new Map([[fa.id, f.doc]]), fa.id)!
				.events.map((e) => e.title)
				.sort();
		// Two peers, each getting Mallory's entries in another order, in other batches.
		const bob = await person('Bob');
		const fb = await Festival.join(bob, fa.id);
		const report = await fb.ingest([...(await fa.entries()), e1, e2]);
		const carol = await person('Carol');
		const fc = await Festival.join(carol, fa.id, await fa.entries());
		await fc.ingest([e2]);
		await fc.ingest([e1]);
		expect(report.refused.map((r) => r.code)).toContain('seq');
		expect(fb.engine.misbehaving.has(mal.m.identity.author)).toBe(true);
		expect(shown(fb)).toEqual(['Alice late', 'Closing', 'Opening']);
		expect(shown(fc)).toEqual(shown(fb));
		expect(titles(A.load<FestivalDoc>(A.save(fb.doc)))).toEqual(titles(fb.doc));
		await fb.close();
		expect(shown((await Festival.open(bob, fa.id))!)).toEqual(['Alice late', 'Closing', 'Opening']);
	});

	it('Automerge cannot apply a skipped seq: it waits without throwing, later honest edits still apply', async () => {
		const { alice, fa } = await festival();
		const mal = await mallory(fa);
		const honest = A.decodeChange(mal.changeOn(fa.doc, 'Mallory skip', 12));
		const skipped = A.encodeChange({ ...honest, seq: 3 } as A.DecodedChange);
		const e1 = await mal.sign(skipped);
		const bob = await person('Bob');
		const fb = await Festival.join(bob, fa.id, await fa.entries());
		const report = await fb.ingest([e1]);
		expect(report.refused).toEqual([]);
		expect(report.waitingEntries).toHaveLength(1);
		expect(titles(fb.doc)).not.toContain('Mallory skip');
		await fa.change((d) => addEvent(d, alice.identity.author, talk('After', 18)));
		await fa.close();
		await fb.ingest(await fa.entries());
		expect(titles(fb.doc)).toContain('After');
		expect(titles(A.load<FestivalDoc>(A.save(fb.doc)))).toEqual(titles(fb.doc));
	});

	it('whatever else Automerge throws on never damages the document (apply.ts)', () => {
		const base = A.change(A.init<FestivalDoc>(), (d: RawDoc) => void (d.x = 1));
		const good = A.getLastLocalChange(
			A.change(A.init<FestivalDoc>(), (d: RawDoc) => void (d.y = 2))
		)!;
		const dec = A.decodeChange(
			A.getLastLocalChange(A.change(A.clone(base), (d: RawDoc) => void (d.z = 3)))!
		);
		const bad = A.encodeChange({ ...dec, seq: 7 } as A.DecodedChange);
		const out = applySafely(A.clone(base), [
			{ bytes: good, hash: A.decodeChange(good).hash },
			{ bytes: bad, hash: A.decodeChange(bad).hash }
		]);
		expect(out.refused).toHaveLength(1);
		expect(A.toJS(out.doc)).toEqual({ x: 1, y: 2 });
		expect(A.toJS(A.load(A.save(out.doc)))).toEqual({ x: 1, y: 2 });
	});

	it('a change depending on one Automerge refuses is held back, and the document stays whole (apply.ts)', () => {
		const base = A.change(
			A.init<FestivalDoc>({ actor: 'aa'.repeat(8) as A.ActorId }),
			(d: RawDoc) => void (d.x = 1)
		);
		const dec = A.decodeChange(
			A.getLastLocalChange(A.change(A.clone(base), (d: RawDoc) => void (d.z = 3)))!
		);
		const bad = A.encodeChange({ ...dec, seq: 7 } as A.DecodedChange);
		const badHash = A.decodeChange(bad).hash;
		// A change of another actor that depends on the refused one.
		const child = A.decodeChange(
			A.getLastLocalChange(A.change(A.clone(base, 'bb'.repeat(8)), (d: RawDoc) => void (d.w = 4)))!
		);
		const dependent = A.encodeChange({
			...child,
			deps: [...child.deps, badHash]
		} as A.DecodedChange);
		const out = applySafely(A.clone(base), [
			{ bytes: bad, hash: badHash },
			{ bytes: dependent, hash: A.decodeChange(dependent).hash }
		]);
		expect(out.refused.map((r) => r.item.hash)).toEqual([badHash]);
		expect(out.held).toHaveLength(1);
		expect(A.toJS(A.load(A.save(out.doc)))).toEqual({ x: 1 });
	});
});

describe('refused entries', () => {
	it('refused entries are neither stored nor relayed: garbage payloads and another festival’s entries leave the next bundle as it was', async () => {
		const { alice, fa } = await festival();
		const before = await fa.entries();
		const size = (items: readonly EntryItem[]) =>
			items.reduce((n, e) => n + e.bytes.length + (e.payload?.length ?? 0), 0);
		const mal = await mallory(fa);
		const garbage = new Uint8Array(200_000).fill(7);
		const g = await mal.sign(garbage);
		const writer = new LogWriter(mal.m.identity, 77n, new LogBook());
		const g2 = {
			bytes: (await writer.append(Uint8Array.of(1, 1, 3, 1, 2, 3))).bytes,
			payload: Uint8Array.of(1, 1, 3, 1, 2, 3)
		};
		const other = await Festival.create(mal.m, { name: 'Other' });
		for (let i = 0; i < 5; i++)
			await other.change((d) => addEvent(d, mal.m.identity.author, talk(`Elsewhere ${i}`)));
		await other.close();
		const pushed: EntryItem[] = [];
		fa.onEntries((items) => pushed.push(...items));
		const report = await fa.ingest([g, g2, ...(await other.entries())]);
		expect(report.refused.length).toBeGreaterThanOrEqual(3);
		const after = await fa.entries();
		// Bare entries of Mallory's own logs stay (their logs may go on); no payload, nothing of the other festival.
		expect(size(after) - size(before)).toBeLessThan(2_000);
		expect(pushed.every((e) => !e.payload)).toBe(true);
		// Refusals are listed among the festival's problems, here and after a restart.
		const problems = () =>
			readFestival(new Map([[fa.id, fa.doc]]), fa.id)!
				.problems.map((p) => p.reason)
				.join('\n');
		expect(problems()).toMatch(/refused/);
		await fa.close();
		const reopened = (await Festival.open(alice, fa.id))!;
		expect(
			readFestival(new Map([[fa.id, reopened.doc]]), fa.id)!
				.problems.map((p) => p.reason)
				.join('\n')
		).toMatch(/refused/);
		// Offered again, the refused payload is not wanted: nothing new is stored or passed on.
		const again = await reopened.ingest([g]);
		expect(again.newEntries).toEqual([]);
	});
});

describe('equivocation', () => {
	it('equivocation: peers shown different entries at one seq end in the same state once they meet, and stay so after a restart', async () => {
		const { alice, fa } = await festival();
		const mal = await mallory(fa);
		// Mallory signs entry 1 of her log twice: a booking for Bob's eyes, another for Carol's.
		const other = new LogWriter(mal.m.identity, mal.logId, new LogBook());
		const forBob = await mal.sign(mal.changeOn(fa.doc, 'Mallory for Bob', 12));
		const payload = encodeChanges([mal.changeOn(fa.doc, 'Mallory for Carol', 13)]);
		const forCarol = { bytes: (await other.append(payload)).bytes, payload };
		const storage = new MemoryStorageAdapter();
		const bob = await person('Bob', storage);
		const fb = await Festival.join(bob, fa.id, [...(await fa.entries()), forBob]);
		const fc = await Festival.join(await person('Carol'), fa.id, [
			...(await fa.entries()),
			forCarol
		]);
		const fd = await Festival.join(await person('Dave'), fa.id, await fa.entries());
		const shown = (f: Festival) =>
			readFestival(new Map([[fa.id, f.doc]]), fa.id)!
				.events.map((e) => e.title)
				.sort();
		expect(shown(fb)).toContain('Mallory for Bob');
		expect(shown(fc)).toContain('Mallory for Carol');
		// Bob meets Carol; Dave only ever meets Bob.
		const sb = new FestivalSync(fb, { digestMs: 0 });
		const sc = new FestivalSync(fc, { digestMs: 0 });
		const sd = new FestivalSync(fd, { digestMs: 0 });
		link(sb, 'bob', sc, 'carol');
		link(sb, 'bob', sd, 'dave');
		await settle(sb, sc, sd);
		await sd.digest();
		await settle(sb, sc, sd);
		const expected = ['Closing', 'Opening'];
		expect(shown(fb)).toEqual(expected);
		expect(shown(fc)).toEqual(expected);
		expect(shown(fd)).toEqual(expected);
		// People are told why.
		const why = readFestival(new Map([[fa.id, fb.doc]]), fa.id)!
			.problems.map((p) => p.reason)
			.join('\n');
		expect(why).toMatch(/signed|fork/);
		for (const s of [sb, sc, sd]) s.close();
		await fb.close();
		expect(shown(await Festival.join(bob, fa.id))).toEqual(expected);
		void alice;
	});
});

describe('orphan pool', () => {
	it('orphan pool: entries waiting for their certificate are bounded by bytes, and admitting one looks only at its own log', async () => {
		const { MAX_ORPHAN_BYTES } = await import('../../log/log.js');
		const id = await generateIdentity('Mallory');
		const book = new LogBook();
		// Entries 2 of many logs, each with a 4 MiB payload, their entries 1 never sent.
		const big = new Uint8Array(4 * 1024 * 1024);
		const firsts = [];
		for (let log = 0; log < 20; log++) {
			const w = new LogWriter(id, BigInt(log), new LogBook());
			firsts.push(await w.append(Uint8Array.of(log)));
			const second = await w.append(big);
			await book.add(second.bytes, big);
		}
		expect(book.orphanBytes).toBeLessThanOrEqual(MAX_ORPHAN_BYTES);
		expect(book.orphanCount).toBeLessThan(20);
		// The newest are kept: the last log's entry 1 brings its entry 2 in.
		const last = firsts[firsts.length - 1]!;
		expect((await book.add(last.bytes, Uint8Array.of(19))).ok).toBe(true);
		expect(book.takeReleased().map((a) => a.held.entry.seqNum)).toEqual([2]);
	});
});
