/**
 * The read model over festivals that hold copies of each other's history (forks, and a
 * sub-festival forked from its own parent), and requests whose frame leaves their event's.
 */
import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { addChild, addEvent, decide, requestResource } from '../document/doc.js';
import { LARGE_SHARDS, shardOf, type EventId, type ResourceId } from '../document/ids.js';
import { runPolicies, type PolicyDecision } from './policy.js';
import { inbox, readFestival, type FestivalTree } from './views.js';
import { ALICE, BOB, CAROL, Fest, hours, MALLORY, tree } from './tree.fixture.js';
import type { TimeFrame } from '../document/schema.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const S = (s: string) => new A.ImmutableString(s);

/** Alice's client writes what her policies decide, each decision in its resource's festival. */
function runAlice(fests: Fest[]): PolicyDecision[] {
	const ds = runPolicies(tree(...fests), ALICE, NOW);
	for (const d of ds)
		fests.find((f) => f.id === d.resourceFestival)!.edit(ALICE, (doc) => decide(doc, d.decision));
	return ds;
}

/** Titles of the confirmed events, over every festival of the tree, holding `resource` during `frame`. */
function confirmedAt(t: FestivalTree, resource: ResourceId, frame: TimeFrame): string[] {
	const out: string[] = [];
	for (const id of t.keys()) {
		for (const e of readFestival(t, id)!.events) {
			const q = e.requests.find((x) => x.resource === resource);
			if (
				q?.status === 'accepted' &&
				e.status.state === 'confirmed' &&
				q.start < frame.end &&
				frame.start < q.end
			)
				out.push(e.title);
		}
	}
	return out.sort();
}

describe('one resource across a tree', () => {
	it("a sub-festival forked from its own parent's old heads: one resource, no double booking in the parent's schedule", () => {
		const parent = new Fest(ALICE, 'Village');
		const room = parent.resource(ALICE, { policy: 'first-come' });
		// Mallory forks the parent while the room is free at ten and hangs the fork under it.
		const sub = parent.forkFestival(MALLORY, 'Side stage', parent.id);
		parent.event(CAROL, hours(10, 11), [{ resource: room }], 'Carol’s talk');
		runAlice([parent, sub]);
		const gig = sub.event(
			MALLORY,
			hours(10, 11),
			[{ resource: room, festival: sub.id }],
			'Mallory’s gig'
		);
		const ds = runAlice([parent, sub]);
		// The request is decided where the room is the owner's: in the parent, and it is taken.
		expect(
			ds.map((d) => [d.resourceFestival, d.decision.event, d.decision.verdict, d.decision.reason])
		).toEqual([[parent.id, gig, 'deny', 'taken']]);
		expect(confirmedAt(tree(parent, sub), room, hours(10, 11))).toEqual(['Carol’s talk']);
		// The copies in the sub-festival are not a second room or a second talk.
		const v = readFestival(tree(parent, sub), sub.id)!;
		expect(v.resources).toEqual([]);
		expect(v.events.map((e) => e.title)).toEqual(['Mallory’s gig']);
		// Even accepted by hand, two overlapping bookings are a conflict, never both confirmed.
		parent.decide(ALICE, {
			resource: room,
			event: gig,
			festival: sub.id,
			verdict: 'accept',
			frame: hours(10, 11)
		});
		expect(confirmedAt(tree(parent, sub), room, hours(10, 11))).toEqual([]);
		expect(readFestival(tree(parent, sub), sub.id)!.events[0]!.requests[0]!.status).toBe(
			'conflict'
		);
	});

	it('a fork beside its original in one tree: owners kept, copied bookings confirmed without false conflicts, a new overlapping booking denied', () => {
		const f = new Fest(ALICE, 'Original');
		const room = f.resource(ALICE, { policy: 'first-come' });
		const talk = f.event(BOB, hours(10, 11), [{ resource: room }], 'Bob’s talk');
		runAlice([f]);
		const fork = f.forkFestival(CAROL, 'The fork');
		const both = () => tree(f, fork);
		for (const id of [f.id, fork.id]) {
			const v = readFestival(both(), id)!;
			expect(v.resources.map((r) => [r.id, r.owner])).toEqual([[room, ALICE]]);
			expect(v.events.map((e) => [e.id, e.owner, e.status.state])).toEqual([
				[talk, BOB, 'confirmed']
			]);
		}
		expect(readFestival(tree(fork), fork.id)!.events[0]!.status.state).toBe('confirmed');
		// After the fork the original books the room at two; in the fork Carol books it at two
		// and at noon: two is taken (one room, wherever it is booked), noon is free.
		f.event(BOB, hours(14, 15), [{ resource: room }], 'Late talk');
		runAlice([f]);
		const clash = fork.event(CAROL, hours(14, 15), [{ resource: room }], 'Clash');
		const noon = fork.event(CAROL, hours(12, 13), [{ resource: room }], 'Noon');
		const ds = runAlice([f, fork]);
		expect(ds.map((d) => [d.resourceFestival, d.decision.event, d.decision.verdict])).toEqual([
			[fork.id, noon, 'accept'],
			[fork.id, clash, 'deny']
		]);
		expect(confirmedAt(both(), room, hours(9, 16))).toEqual([
			'Bob’s talk',
			'Bob’s talk',
			'Late talk',
			'Noon'
		]);
	});

	it('request frame outside its event: never confirmed', () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE, { policy: 'first-come' });
		const allDay = { start: '2026-07-01T00:00:00Z', end: '2026-07-02T00:00:00Z' };
		const minute = { start: '2026-07-02T03:00:00Z', end: '2026-07-02T03:01:00Z' };
		// Written around doc.ts, which refuses it.
		const ev = f.edit(BOB, (d) => {
			const id = (BOB.slice(0, 16) + '00000000000000e1') as EventId;
			d.events[shardOf(id, LARGE_SHARDS)][id] = {
				title: S('All day'),
				...allDay,
				tags: [],
				requests: { [room]: { festival: S(f.id), ...minute } }
			};
			return id;
		});
		expect(runPolicies(tree(f), ALICE, NOW)).toEqual([]);
		expect(inbox(tree(f), ALICE)).toEqual([]);
		f.decide(ALICE, { resource: room, event: ev, verdict: 'accept', frame: minute });
		const v = readFestival(tree(f), f.id)!;
		expect(v.events[0]!.status.state).not.toBe('confirmed');
		expect(v.events[0]!.requests[0]).toMatchObject({
			status: 'denied',
			reason: expect.stringMatching(/not within the event/)
		});
		// It holds nothing: the room is free then.
		const other = f.event(CAROL, { start: '2026-07-02T03:00:00Z', end: '2026-07-02T04:00:00Z' }, [
			{ resource: room }
		]);
		expect(
			runPolicies(tree(f), ALICE, NOW).map((d) => [d.decision.event, d.decision.verdict])
		).toEqual([[other, 'accept']]);
	});

	it('a request frame outside its event is refused at write', () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE);
		const base = { title: 'Talk', ...hours(10, 11), tags: [] };
		expect(() =>
			f.edit(BOB, (d) =>
				addEvent(d, BOB, {
					...base,
					requests: [{ resource: room, festival: f.id, frame: hours(10, 12) }]
				})
			)
		).toThrow(/within/);
		const ev = f.event(BOB, hours(10, 11), [{ resource: room, frame: hours(10, 11) }]);
		expect(() =>
			f.edit(BOB, (d) =>
				requestResource(d, ev, { resource: room, festival: f.id, frame: hours(9, 10) })
			)
		).toThrow(/within/);
		f.edit(BOB, (d) =>
			requestResource(d, ev, {
				resource: room,
				festival: f.id,
				frame: { start: '2026-07-01T10:15:00Z', end: '2026-07-01T10:45:00Z' }
			})
		);
		expect(readFestival(tree(f), f.id)!.events[0]!.requests[0]).toMatchObject({
			start: '2026-07-01T10:15:00Z',
			status: 'pending'
		});
	});
});

describe("a fork and its original's sub-festivals", () => {
	it("a fork does not list the original's sub-festivals as its own; its own new ones it does", () => {
		const f = new Fest(ALICE, 'Original');
		const sub = new Fest(ALICE, 'Kids area', f.id);
		const old = new Fest(ALICE, 'Old listing', f.id);
		// One listing as written now (naming its parent), one as older versions wrote it.
		f.edit(ALICE, (d) => addChild(d, ALICE, sub.id, 'Kids area', f.id));
		f.edit(ALICE, (d) => addChild(d, ALICE, old.id, 'Old listing'));
		const fork = f.forkFestival(BOB, 'The fork');
		const own = new Fest(BOB, 'Fork stage', fork.id);
		fork.edit(BOB, (d) => addChild(d, BOB, own.id, 'Fork stage', fork.id));
		const names = (t: ReturnType<typeof tree>, id: typeof f.id) =>
			readFestival(t, id)!.children.map((c) => c.name);
		// Only the fork's document held: the listings say whose they are (or are older than forks).
		expect(names(tree(fork), fork.id)).toEqual(['Fork stage']);
		expect(names(tree(f), f.id)).toEqual(['Kids area', 'Old listing']);
		// With the sub-festivals held, their own parent decides.
		const all = tree(f, fork, sub, old, own);
		expect(names(all, fork.id)).toEqual(['Fork stage']);
		expect(names(all, f.id)).toEqual(['Kids area', 'Old listing']);
	});
});
