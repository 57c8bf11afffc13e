import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { addEvent, rawItem, updateResource } from '../document/doc.js';
import { setEventsNeed } from '../document/settings.js';
import {
	LARGE_SHARDS,
	newEventId,
	shardOf,
	type EventId,
	type ResourceId
} from '../document/ids.js';
import { ALWAYS } from '../../model/event.js';
import { runPolicies } from './policy.js';
import { inbox, readFestival } from './views.js';
import { ALICE, BOB, CAROL, Fest, MALLORY, hours, tree, type RawDoc } from './tree.fixture.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const S = (s: string) => new A.ImmutableString(s);

/** A personal request by `who` for `resource` (for always unless a frame is given). */
function ask(f: Fest, who: typeof BOB, resource: ResourceId, frame = ALWAYS): EventId {
	return f.edit(who, (d) =>
		addEvent(d, who, {
			title: 'Ticket',
			...frame,
			tags: [],
			requests: [{ resource, festival: f.id }],
			personal: true
		})
	);
}

const accept = (f: Fest, who: typeof ALICE, resource: ResourceId, event: EventId, frame = ALWAYS) =>
	f.decide(who, { resource, event, verdict: 'accept', frame });

describe('unlimited capacity', () => {
	it('never conflicts, whatever overlaps', () => {
		const f = new Fest(ALICE, 'Fest');
		const field = f.resource(ALICE, { name: 'Field', capacity: 'unlimited' });
		const evs = [1, 2, 3].map(() => f.event(BOB, hours(10, 12), [{ resource: field }]));
		for (const e of evs)
			f.decide(ALICE, { resource: field, event: e, verdict: 'accept', frame: hours(10, 12) });
		const v = readFestival(tree(f), f.id)!;
		expect(v.events.map((e) => e.requests[0]!.status)).toEqual([
			'accepted',
			'accepted',
			'accepted'
		]);
		expect(v.resources[0]!.capacity).toBe('unlimited');
	});

	it('is stored as a flag an older reader takes for capacity 1, and numbers stay numbers', () => {
		const f = new Fest(ALICE, 'Fest');
		const a = f.resource(ALICE, { capacity: 'unlimited' });
		const b = f.resource(ALICE, { capacity: 3 });
		const raw = (id: ResourceId) => rawItem(f.doc, 'resources', id) as RawDoc;
		expect(raw(a).unlimited).toBe(true);
		expect(raw(a).capacity).toBeUndefined();
		expect(raw(b).capacity).toBe(3);
		f.edit(ALICE, (d) => updateResource(d, a, { capacity: 2 }));
		expect(raw(a).unlimited).toBeUndefined();
		expect(
			readFestival(tree(f), f.id)!
				.resources.map((r) => r.capacity)
				.sort()
		).toEqual([2, 3]);
	});
});

describe('personal requests', () => {
	it('are listed under personal, not as events, and decided by the owner like any request', () => {
		const f = new Fest(ALICE, 'Fest');
		const ticket = f.resource(ALICE, { name: 'Ticket', capacity: 'unlimited' });
		const q = ask(f, BOB, ticket);
		let v = readFestival(tree(f), f.id)!;
		expect(v.events).toEqual([]);
		expect(v.personal).toEqual([
			expect.objectContaining({ id: q, person: BOB, resource: ticket, status: 'pending' })
		]);
		expect(inbox(tree(f), ALICE).map((i) => i.event.id)).toEqual([q]);
		accept(f, ALICE, ticket, q);
		v = readFestival(tree(f), f.id)!;
		expect(v.personal?.[0]?.status).toBe('accepted');
	});

	it('a decision by someone not the ticket owner counts for nothing', () => {
		const f = new Fest(ALICE, 'Fest');
		const ticket = f.resource(ALICE, { name: 'Ticket', capacity: 'unlimited' });
		const q = ask(f, BOB, ticket);
		accept(f, MALLORY, ticket, q);
		expect(readFestival(tree(f), f.id)!.personal?.[0]?.status).toBe('pending');
	});

	it("a personal request written under someone else's key is not theirs", () => {
		const f = new Fest(ALICE, 'Fest');
		const ticket = f.resource(ALICE, { name: 'Ticket', capacity: 'unlimited' });
		// Mallory writes a record keyed under Bob's prefix (the write rules refuse it on ingest).
		const id = newEventId(BOB);
		f.edit(MALLORY, (d) => {
			d.events[shardOf(id, LARGE_SHARDS)][id] = {
				title: S('Ticket'),
				start: S(ALWAYS.start),
				end: S(ALWAYS.end),
				tags: [],
				requests: { [ticket]: { festival: S(f.id) } },
				personal: true
			};
		});
		expect(readFestival(tree(f), f.id)!.personal).toEqual([]);
	});

	it('policies decide them: first-come gives tickets until the capacity is reached', () => {
		const f = new Fest(ALICE, 'Fest');
		const ticket = f.resource(ALICE, { name: 'Ticket', capacity: 2, policy: 'first-come' });
		const qs = [BOB, CAROL, MALLORY].map((p) => ask(f, p, ticket));
		const out = runPolicies(tree(f), ALICE, NOW);
		expect(out.map((d) => d.decision.verdict).sort()).toEqual(['accept', 'accept', 'deny']);
		expect(new Set(out.map((d) => d.decision.event))).toEqual(new Set(qs));
	});
});

describe('events need a ticket', () => {
	function setup() {
		const f = new Fest(ALICE, 'Fest');
		const ticket = f.resource(ALICE, { name: 'Creator ticket', capacity: 'unlimited' });
		const room = f.resource(CAROL, { name: 'Big Tent', policy: 'first-come' });
		f.edit(ALICE, (d) => setEventsNeed(d, ALICE, ticket));
		const ev = f.event(BOB, hours(10, 11), [{ resource: room }], 'Spam?');
		const view = () => readFestival(tree(f), f.id)!;
		return { f, ticket, room, ev, view };
	}

	it('an event made without a ticket does not count, holds nothing and reaches no policy', () => {
		const { f, room, ev, view } = setup();
		expect(view().events).toEqual([]);
		expect(view().unadmitted).toEqual([expect.objectContaining({ id: ev, owner: BOB })]);
		expect(view().unadmitted?.[0]?.status.label).toBe('needs “Creator ticket”');
		expect(view().eventsNeed).toBeDefined();
		expect(inbox(tree(f), CAROL)).toEqual([]);
		expect(runPolicies(tree(f), CAROL, NOW)).toEqual([]);
		// Even an accept Carol wrote holds nothing while the event does not count.
		f.decide(CAROL, { resource: room, event: ev, verdict: 'accept', frame: hours(10, 11) });
		const other = f.event(ALICE, hours(10, 11), [{ resource: room }]);
		f.decide(CAROL, { resource: room, event: other, verdict: 'accept', frame: hours(10, 11) });
		expect(view().events.find((e) => e.id === other)?.requests[0]?.status).toBe('accepted');
	});

	it('counts once its owner gets the ticket (made before it), and stops when it is withdrawn', () => {
		const { f, ticket, ev, view } = setup();
		const q = ask(f, BOB, ticket);
		expect(view().events).toEqual([]);
		accept(f, ALICE, ticket, q);
		expect(view().events.map((e) => e.id)).toEqual([ev]);
		expect(view().unadmitted).toEqual([]);
		f.decide(ALICE, { resource: ticket, event: q, verdict: 'withdraw', frame: ALWAYS });
		expect(view().events).toEqual([]);
		expect(view().unadmitted?.map((e) => e.id)).toEqual([ev]);
	});

	it('a ticket accepted by someone not its owner admits nothing', () => {
		const { f, ticket, view } = setup();
		const q = ask(f, BOB, ticket);
		accept(f, MALLORY, ticket, q);
		expect(view().events).toEqual([]);
	});

	it("an event outside the ticket's frame does not count", () => {
		const { f, ticket, view } = setup();
		const frame = hours(12, 18);
		const q = ask(f, BOB, ticket, frame);
		accept(f, ALICE, ticket, q, frame);
		expect(view().events).toEqual([]);
		const inside = f.event(BOB, hours(13, 14));
		expect(view().events.map((e) => e.id)).toEqual([inside]);
	});

	it("the festival's creator and the ticket's owner need none", () => {
		const { f, view } = setup();
		const a = f.event(ALICE, hours(9, 10));
		expect(view().events.map((e) => e.id)).toEqual([a]);
	});

	it("a setting not written by the festival's creator is ignored", () => {
		const f = new Fest(ALICE, 'Fest');
		const ticket = f.resource(MALLORY, { name: 'Mallory pass' });
		// Mallory writes inside Alice's meta map (the write rules refuse this on ingest).
		f.edit(MALLORY, (d) => {
			d.meta.eventsNeed = new A.ImmutableString(ticket);
		});
		f.event(BOB, hours(10, 11));
		const v = readFestival(tree(f), f.id)!;
		expect(v.eventsNeed).toBeUndefined();
		expect(v.events).toHaveLength(1);
		expect(v.problems.map((p) => p.where)).toContain('meta/eventsNeed');
		expect(() => f.edit(MALLORY, (d) => setEventsNeed(d, MALLORY, ticket))).toThrow(/creator/);
	});

	it('lifting the rule lets every event count again', () => {
		const { f, view } = setup();
		f.edit(ALICE, (d) => setEventsNeed(d, ALICE, undefined));
		expect(view().events).toHaveLength(1);
		expect(view().eventsNeed).toBeUndefined();
	});
});

describe('dependent resources', () => {
	function setup() {
		const f = new Fest(ALICE, 'Fest');
		const tent = f.resource(ALICE, { name: 'Big Tent' });
		const projector = f.resource(CAROL, { name: 'Projector', requires: [tent] });
		const ev = f.event(BOB, hours(10, 11), [{ resource: tent }, { resource: projector }]);
		const status = (r: ResourceId) =>
			readFestival(tree(f), f.id)!.events[0]!.requests.find((q) => q.resource === r)!;
		const dec = (who: typeof ALICE, r: ResourceId, verdict: 'accept' | 'deny') =>
			f.decide(who, { resource: r, event: ev, verdict, frame: hours(10, 11) });
		return { f, tent, projector, ev, status, dec };
	}

	it('waits for what it requires, and says so', () => {
		const { f, tent, projector, status, dec } = setup();
		dec(CAROL, projector, 'accept');
		expect(status(projector)).toMatchObject({
			status: 'pending',
			reason: 'waiting for “Big Tent”',
			waitingFor: [tent]
		});
		// Decided already: not in Carol's open inbox, and no policy decides it again.
		expect(inbox(tree(f), CAROL)).toEqual([]);
		expect(inbox(tree(f), CAROL, { decided: true })).toHaveLength(1);
		dec(ALICE, tent, 'accept');
		expect(status(projector).status).toBe('accepted');
	});

	it('an event holding a dependent resource whose requirement was denied holds nothing', () => {
		const { f, tent, projector, status, dec } = setup();
		dec(CAROL, projector, 'accept');
		dec(ALICE, tent, 'deny');
		expect(status(projector).status).toBe('pending');
		// The projector is free for another event.
		const other = f.event(ALICE, hours(10, 11), [{ resource: tent }, { resource: projector }]);
		f.decide(ALICE, { resource: tent, event: other, verdict: 'accept', frame: hours(10, 11) });
		f.decide(CAROL, { resource: projector, event: other, verdict: 'accept', frame: hours(10, 11) });
		const v = readFestival(tree(f), f.id)!;
		expect(v.events.find((e) => e.id === other)!.requests.map((q) => q.status)).toEqual([
			'accepted',
			'accepted'
		]);
	});

	it('a requirement for another time does not count', () => {
		const f = new Fest(ALICE, 'Fest');
		const tent = f.resource(ALICE, { name: 'Big Tent' });
		const projector = f.resource(CAROL, { name: 'Projector', requires: [tent] });
		const ev = f.event(BOB, hours(10, 12), [
			{ resource: tent, frame: hours(10, 11) },
			{ resource: projector }
		]);
		f.decide(ALICE, { resource: tent, event: ev, verdict: 'accept', frame: hours(10, 11) });
		f.decide(CAROL, { resource: projector, event: ev, verdict: 'accept', frame: hours(10, 12) });
		const q = readFestival(tree(f), f.id)!.events[0]!.requests.find(
			(r) => r.resource === projector
		);
		expect(q?.status).toBe('pending');
	});

	it('a cycle A→B→A ends, and is met when both are accepted', () => {
		const f = new Fest(ALICE, 'Fest');
		const a = f.resource(ALICE, { name: 'A' });
		const b = f.resource(ALICE, { name: 'B', requires: [a] });
		f.edit(ALICE, (d) => updateResource(d, a, { requires: [b] }));
		const ev = f.event(BOB, hours(10, 11), [{ resource: a }, { resource: b }]);
		f.decide(ALICE, { resource: a, event: ev, verdict: 'accept', frame: hours(10, 11) });
		let v = readFestival(tree(f), f.id)!;
		expect(v.events[0]!.requests.map((q) => q.status)).toEqual(['pending', 'pending']);
		f.decide(ALICE, { resource: b, event: ev, verdict: 'accept', frame: hours(10, 11) });
		v = readFestival(tree(f), f.id)!;
		expect(v.events[0]!.requests.map((q) => q.status)).toEqual(['accepted', 'accepted']);
	});

	it('requiring a missing or removed resource waits for ever, and says why', () => {
		const f = new Fest(ALICE, 'Fest');
		const gone = f.resource(ALICE, { name: 'Old stage' });
		const missing = 'ab'.repeat(16) as ResourceId;
		const p = f.resource(CAROL, { name: 'Projector', requires: [gone, missing] });
		f.edit(ALICE, (d) => updateResource(d, gone, { removed: true }));
		const ev = f.event(BOB, hours(10, 11), [{ resource: p }]);
		f.decide(CAROL, { resource: p, event: ev, verdict: 'accept', frame: hours(10, 11) });
		const q = readFestival(tree(f), f.id)!.events[0]!.requests[0]!;
		expect(q.status).toBe('pending');
		expect(q.reason).toBe(`waiting for “Old stage” (removed), ${missing.slice(0, 8)} (not found)`);
	});
});
