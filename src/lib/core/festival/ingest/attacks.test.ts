/**
 * Hostile and broken input against the festival engine. Each test is named for what it tries;
 * each checks the attempt is refused or ignored with a reason and that nothing honest is lost.
 */
import type { RawDoc } from '../read/tree.fixture.js';
import * as A from '@automerge/automerge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIdFor } from '../../identity/identity.js';
import { LogBook } from '../../log/log.js';
import {
	addEvent,
	addResource,
	decide,
	decisionKey,
	rawItem,
	rawItems,
	type FestivalDoc
} from '../document/doc.js';
import type { EntryItem } from './engine.js';
import { Festival } from '../festival.js';
import { actorFor, newEventId, shardOf, type EventId, type ResourceId } from '../document/ids.js';
import { encodeChanges } from './payload.js';
import { LogWriter } from '../document/writer.js';
import { People } from '../people.fixture.js';
import { talk } from '../talk.fixture.js';

// Every attack runs twice: verified in this thread, and verified on the other side of a
// message port (as the app does in a Web Worker), where every result is structured-cloned.
const people = new People();
afterAll(() => people.close());
const person = (name: string) => people.person(name);
const room = { name: 'Main hall', kind: 'location', policy: 'manual' } as const;
const S = (s: string) => new A.ImmutableString(s);

/** Alice's festival with one resource and one event; Mallory has joined it. */
async function setup() {
	const alice = await person('Alice');
	const mallory = await person('Mallory');
	const fa = await Festival.create(alice, { name: 'Fest' });
	const r = await fa.change((d) => addResource(d, alice.identity.author, room));
	const e = await fa.change((d) => addEvent(d, alice.identity.author, talk('Opening')));
	await fa.close();
	const fm = await Festival.join(mallory, fa.id, await fa.entries());
	return { alice, mallory, fa, fm, r, e };
}

/** Mallory edits his own copy (his client lets him) and sends his entries to Alice. */
async function mallorySends(s: Awaited<ReturnType<typeof setup>>, edit: (d: RawDoc) => void) {
	await s.fm.change(edit);
	await s.fm.close();
	return s.fa.ingest(await s.fm.entries());
}

function expectIntact(s: Awaited<ReturnType<typeof setup>>) {
	const res = rawItem(s.fa.doc, 'resources', s.r) as { name: unknown };
	expect(String(res.name)).toBe('Main hall');
	expect(rawItem(s.fa.doc, 'events', s.e)).toBeDefined();
}

describe.each([false, true])(
	'attacks on a festival (verified over a message port: %s)',
	(viaPort) => {
		beforeAll(() => {
			people.viaPort = viaPort;
		});
		it('a non-owner renames another author’s resource: refused, author flagged', async () => {
			const s = await setup();
			const report = await mallorySends(s, (d) => {
				d.resources[shardOf(s.r, 16)][s.r].name = S('Mallory’s hall');
			});
			expect(report.refused.map((x) => x.reason).join()).toMatch(/inside an object of/);
			expect(s.fa.engine.misbehaving.has(s.mallory.identity.author)).toBe(true);
			expectIntact(s);
		});

		it('a non-owner deletes another author’s resource from the resources map: refused', async () => {
			const s = await setup();
			const report = await mallorySends(s, (d) => {
				delete d.resources[shardOf(s.r, 16)][s.r];
			});
			expect(report.refused.map((x) => x.reason).join()).toMatch(/overwrites or deletes/);
			expectIntact(s);
		});

		it('a non-owner adds a key inside another author’s event: refused', async () => {
			const s = await setup();
			const report = await mallorySends(s, (d) => {
				d.events[shardOf(s.e, 64)][s.e].requests['ff'.repeat(16)] = { festival: S(s.fa.id) };
			});
			expect(report.refused.length).toBeGreaterThan(0);
			expectIntact(s);
		});

		it('a non-owner accepts someone else’s resource: refused', async () => {
			const s = await setup();
			const report = await mallorySends(s, (d) =>
				decide(d, {
					resource: s.r as ResourceId,
					event: s.e as EventId,
					festival: s.fa.id,
					verdict: 'accept',
					frame: { start: '2026-07-01T10:00:00Z', end: '2026-07-01T11:00:00Z' },
					at: '2026-06-01T00:00:00Z'
				})
			);
			expect(report.refused.map((x) => x.reason).join()).toMatch(/without the author's prefix/);
			expect(
				rawItem(s.fa.doc, 'decisions', decisionKey(s.r as ResourceId, s.e as EventId))
			).toBeUndefined();
		});

		it('a non-owner shadows an event id with a new key of its own: refused', async () => {
			const s = await setup();
			// A fresh key equal to a victim-style id not starting with Mallory's prefix.
			const victimStyle = newEventId(s.alice.identity.author);
			const report = await mallorySends(s, (d) => {
				d.events[shardOf(victimStyle, 64)][victimStyle] = { title: S('fake') };
			});
			expect(report.refused.length).toBe(1);
			expect(rawItem(s.fa.doc, 'events', victimStyle)).toBeUndefined();
		});

		it('a non-owner writes the festival root: refused', async () => {
			const s = await setup();
			const report = await mallorySends(s, (d) => {
				d.meta = { name: S('Taken over') };
			});
			expect(report.refused.map((x) => x.reason).join()).toMatch(/root/);
			expect(String(s.fa.doc.meta.name)).toBe('Fest');
		});

		it('honest changes after a refused one still arrive (nothing else is lost)', async () => {
			const s = await setup();
			const bob = await person('Bob');
			const fb = await Festival.join(bob, s.fa.id, await s.fa.entries());
			await fb.change((d) => addEvent(d, bob.identity.author, talk('Bob’s talk')));
			await fb.close();
			await mallorySends(s, (d) => {
				delete d.resources[shardOf(s.r, 16)][s.r];
			});
			const report = await s.fa.ingest(await fb.entries());
			expect(report.refused).toEqual([]);
			expect(rawItems(s.fa.doc, 'events')).toHaveLength(2);
			expectIntact(s);
		});

		it('a change with a spoofed actor (Alice’s) in Mallory’s log: the entry is refused', async () => {
			const s = await setup();
			// Mallory builds a change under Alice's actor and signs it into his own log.
			const aliceActor = actorFor(s.alice.identity.author, logIdFor(s.alice.device, s.fa.id));
			const forged = A.change(A.clone(s.fa.doc, aliceActor), { message: s.fa.id }, (d) => {
				addEvent(d, s.alice.identity.author, talk('Forged in Alice’s name'));
			});
			const change = A.getLastLocalChange(forged)!;
			const book = new LogBook();
			const writer = new LogWriter(s.mallory.identity, 99n, book);
			const entry = await writer.append(encodeChanges([change]));
			const report = await s.fa.ingest([{ bytes: entry.bytes, payload: encodeChanges([change]) }]);
			expect(report.refused.map((x) => x.reason).join()).toMatch(/spoofed actor/);
			expect(rawItems(s.fa.doc, 'events')).toHaveLength(1);
		});

		it('an entry from another festival replayed into this one: ignored with a reason', async () => {
			const s = await setup();
			const other = await Festival.create(s.mallory, { name: 'Other' });
			await other.change((d) => addEvent(d, s.mallory.identity.author, talk('Elsewhere')));
			await other.close();
			const held = (await s.fa.entries()).length;
			const report = await s.fa.ingest(await other.entries());
			expect(report.applied).toBe(0);
			expect(rawItems(s.fa.doc, 'events')).toHaveLength(1);
			expect(
				report.refused
					.filter((x) => x.code === 'stray')
					.map((x) => x.reason)
					.join()
			).toMatch(/not this one/);
			// Nothing of the other festival is kept or passed on.
			expect(report.newEntries).toEqual([]);
			expect(await s.fa.entries()).toHaveLength(held);
		});

		it('entries out of order, duplicated, or with a gap converge once complete', async () => {
			const alice = await person('Alice');
			const fa = await Festival.create({ ...alice, sealDelayMs: 60_000 }, { name: 'Fest' });
			for (let i = 0; i < 6; i++) {
				await fa.change((d) => addEvent(d, alice.identity.author, talk(`Talk ${i}`)));
				await fa.seal();
			}
			const all = await fa.entries();
			expect(all.length).toBe(7);
			const bob = await person('Bob');
			const fb = await Festival.join(bob, fa.id);
			// A gap: entry 3 of Alice's log missing; reversed order; duplicates.
			const log = all.slice(1); // Alice's festival log (the genesis is in its own log)
			const withGap = [...log.filter((_, i) => i !== 2)].reverse();
			await fb.ingest([...withGap, ...withGap]);
			expect(rawItems(fb.doc, 'events').length).toBeLessThan(6);
			await fb.ingest([all[0]!]);
			await fb.ingest([log[2]!, ...log]);
			expect(rawItems(fb.doc, 'events')).toHaveLength(6);
			expect(A.getHeads(fb.doc)).toEqual(A.getHeads(fa.doc));
		});

		it('a forked log: flagged, both entries kept as proof, the earlier entries stay', async () => {
			const s = await setup();
			const logId = logIdFor(s.mallory.device, s.fa.id);
			await s.fm.change((d) => addEvent(d, s.mallory.identity.author, talk('One')));
			await s.fm.close();
			await s.fa.ingest(await s.fm.entries());
			// Mallory signs a different entry 1 of the same log.
			const book = new LogBook();
			const w = new LogWriter(s.mallory.identity, logId, book);
			const payload = encodeChanges([
				A.getLastLocalChange(
					A.change(
						A.init<FestivalDoc>({ actor: actorFor(s.mallory.identity.author, logId) }),
						(d: RawDoc) => {
							d.x = 1;
						}
					)
				)!
			]);
			const forked = await w.append(payload);
			const report = await s.fa.ingest([{ bytes: forked.bytes, payload }]);
			expect(report.refused.map((x) => x.reason).join()).toMatch(/fork/);
			expect(s.fa.engine.book.forks).toHaveLength(1);
			expect(s.fa.engine.misbehaving.has(s.mallory.identity.author)).toBe(true);
			expect(rawItems(s.fa.doc, 'events')).toHaveLength(2);
		});

		it('tampered entries and payloads are refused with reasons, never thrown', async () => {
			const s = await setup();
			const entries: EntryItem[] = await s.fa.entries();
			const carol = await person('Carol');
			const fc = await Festival.join(carol, s.fa.id);
			const flippedSig = entries.map((e) => {
				const b = e.bytes.slice();
				b[b.length - 5]! ^= 1;
				return { bytes: b, ...(e.payload ? { payload: e.payload } : {}) };
			});
			const flippedPayload = entries.map((e) => {
				const p = e.payload!.slice();
				p[p.length - 1]! ^= 1;
				return { bytes: e.bytes, payload: p };
			});
			const truncated = entries.map((e) => ({
				bytes: e.bytes.subarray(0, e.bytes.length - 10),
				payload: e.payload!
			}));
			for (const bad of [flippedSig, flippedPayload, truncated]) {
				const r = await fc.ingest(bad);
				expect(r.admitted).toBe(0);
				expect(r.refused).toHaveLength(entries.length);
				for (const x of r.refused) expect(x.reason.length).toBeGreaterThan(10);
			}
			// The honest entries still go in afterwards.
			const ok = await fc.ingest(entries);
			expect(ok.refused).toEqual([]);
			expectIntact({ ...s, fa: fc });
		});

		it('a validly signed entry whose payload is garbage: refused, author flagged', async () => {
			const s = await setup();
			const w = new LogWriter(s.mallory.identity, 5n, new LogBook());
			const payloads = [
				Uint8Array.of(1, 1, 3, 1, 2, 3),
				Uint8Array.of(7),
				Uint8Array.of(1, 1, 4, 0x85, 0x6f, 0x4a, 0x83)
			];
			for (const payload of payloads) {
				const entry = await w.append(payload);
				const r = await s.fa.ingest([{ bytes: entry.bytes, payload }]);
				expect(r.applied).toBe(0);
				expect(r.refused.length).toBe(1);
			}
			expect(s.fa.engine.misbehaving.get(s.mallory.identity.author)?.length).toBe(3);
			expectIntact(s);
		});
	}
);
