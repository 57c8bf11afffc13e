import * as A from '@automerge/automerge';
import { afterAll, describe, expect, it } from 'vitest';
import { addEvent, decide } from '../document/doc.js';
import {
	getPolicy,
	listPolicies,
	registerPolicy,
	runPolicies,
	type Policy,
	type PolicyDecision
} from './policy.js';
import { inbox, readFestival } from './views.js';
import { ALICE, BOB, CAROL, Fest, hours, tree } from './tree.fixture.js';

const NOW = new Date('2026-06-01T12:00:00Z');

/** Writes the decisions a run returns, as the owner's client would, each in its resource's festival. */
function write(fests: Fest[], decisions: PolicyDecision[]): void {
	for (const d of decisions)
		fests.find((f) => f.id === d.resourceFestival)!.edit(ALICE, (doc) => decide(doc, d.decision));
}

const verdicts = (ds: PolicyDecision[]) =>
	ds.map((d) => [d.decision.event, d.decision.verdict, d.decision.reason]);

// A toy policy that lives only in this file: it plugs in through the registry alone.
const weekdaysOnly: Policy = {
	id: 'weekdays-only',
	label: 'Weekdays only',
	decide(req, ctx) {
		const day = new Date(req.frame.start).getUTCDay();
		if (day === 0 || day === 6) return { verdict: 'deny', reason: 'closed on weekends' };
		const free = ctx.free();
		return free.free ? { verdict: 'accept', reason: 'a weekday' } : undefined;
	}
};
const unregister = registerPolicy(weekdaysOnly);
afterAll(unregister);

describe('policy registry', () => {
	it('ships first-come and manual, and takes new policies by id', () => {
		expect(listPolicies().map((p) => p.id)).toEqual(
			expect.arrayContaining(['first-come', 'manual', 'weekdays-only'])
		);
		expect(getPolicy('weekdays-only')).toBe(weekdaysOnly);
		expect(getPolicy('nope')).toBeUndefined();
		expect(() => registerPolicy({ ...weekdaysOnly })).toThrow(/already registered/);
		expect(() => registerPolicy(weekdaysOnly)).not.toThrow();
	});
});

describe('runPolicies', () => {
	it('first-come accepts the first request and denies the overlapping second as "taken"', () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE, { policy: 'first-come' });
		const late = f.event(CAROL, hours(10, 12), [{ resource: room }], 'Second');
		const early = f.event(BOB, hours(9, 11), [{ resource: room }], 'First');
		const free = f.event(BOB, hours(12, 13), [{ resource: room }], 'After');
		const ds = runPolicies(tree(f), ALICE, NOW);
		expect(verdicts(ds)).toEqual([
			[early, 'accept', undefined],
			[late, 'deny', 'taken'],
			[free, 'accept', undefined]
		]);
		expect(ds[0]).toEqual({
			resourceFestival: f.id,
			policy: 'first-come',
			decision: {
				resource: room,
				event: early,
				festival: f.id,
				verdict: 'accept',
				frame: hours(9, 11),
				at: '2026-06-01T12:00:00Z'
			}
		});
		write([f], ds);
		const v = readFestival(tree(f), f.id)!;
		expect(v.events.map((e) => [e.title, e.requests[0]!.status, e.requests[0]!.reason])).toEqual([
			['First', 'accepted', undefined],
			['Second', 'denied', 'taken'],
			['After', 'accepted', undefined]
		]);
		// Nothing is left pending, so a second run decides nothing.
		expect(runPolicies(tree(f), ALICE, NOW)).toEqual([]);
	});

	it('counts decisions already written, capacity and availability', () => {
		const f = new Fest(ALICE, 'Fest');
		const hall = f.resource(ALICE, {
			policy: 'first-come',
			capacity: 2,
			availability: [hours(8, 20)]
		});
		const held = f.event(BOB, hours(10, 12), [{ resource: hall }]);
		f.decide(ALICE, { resource: hall, event: held, verdict: 'accept', frame: hours(10, 12) });
		const a = f.event(BOB, hours(9, 11), [{ resource: hall }]);
		const c = f.event(CAROL, hours(10, 12), [{ resource: hall }]);
		const b = f.event(CAROL, hours(11, 12), [{ resource: hall }]);
		const night = f.event(CAROL, hours(19, 21), [{ resource: hall }]);
		const ds = runPolicies(tree(f), ALICE, NOW);
		expect(verdicts(ds)).toEqual([
			[a, 'accept', undefined], // with the held one: two at once, the capacity
			[c, 'deny', 'taken'], // would make three from 10 to 11
			[b, 'accept', undefined], // c was denied earlier in this run: two again
			[night, 'deny', 'outside availability']
		]);
		write([f], ds);
		const statuses = readFestival(tree(f), f.id)!.events.flatMap((e) =>
			e.requests.map((r) => r.status)
		);
		expect(statuses).not.toContain('conflict');
	});

	it('leaves manual resources and conflicts to the owner, and runs only on my resources', () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE, { policy: 'manual' });
		const bobs = f.resource(BOB, { name: "Bob's van", kind: 'thing', policy: 'first-come' });
		const ev = f.event(CAROL, hours(10, 11), [{ resource: room }, { resource: bobs }]);
		expect(runPolicies(tree(f), ALICE, NOW)).toEqual([]);
		expect(inbox(tree(f), ALICE).map((i) => [i.event.id, i.resource.id])).toEqual([[ev, room]]);
		expect(verdicts(runPolicies(tree(f), BOB, NOW))).toEqual([[ev, 'accept', undefined]]);

		// Two accepts from two offline devices conflict; the policy does not touch them.
		const g = new Fest(ALICE, 'Fest 2');
		const r = g.resource(ALICE, { policy: 'first-come' });
		const e1 = g.event(BOB, hours(10, 12), [{ resource: r }]);
		const e2 = g.event(CAROL, hours(11, 13), [{ resource: r }]);
		g.merge(
			g.fork(ALICE, 1, (d) =>
				decide(d, {
					resource: r,
					event: e1,
					festival: g.id,
					verdict: 'accept',
					frame: hours(10, 12),
					at: '2026-01-02T00:00:00Z'
				})
			)
		);
		g.merge(
			g.fork(ALICE, 2, (d) =>
				decide(d, {
					resource: r,
					event: e2,
					festival: g.id,
					verdict: 'accept',
					frame: hours(11, 13),
					at: '2026-01-02T00:00:00Z'
				})
			)
		);
		expect(inbox(tree(g), ALICE).map((i) => i.request.status)).toEqual(['conflict', 'conflict']);
		expect(runPolicies(tree(g), ALICE, NOW)).toEqual([]);
	});

	it("decides a child festival's request in the parent, where the resource lives", () => {
		const parent = new Fest(ALICE, 'Village');
		const stage = parent.resource(ALICE, { name: 'Stage', policy: 'first-come' });
		const child = new Fest(BOB, 'Workshops', parent.id);
		const inChild = child.event(BOB, hours(10, 12), [{ resource: stage, festival: parent.id }]);
		const inParent = parent.event(CAROL, hours(11, 12), [{ resource: stage }]);
		const ds = runPolicies(tree(parent, child), ALICE, NOW);
		expect(
			ds.map((d) => [d.resourceFestival, d.decision.festival, d.decision.event, d.decision.verdict])
		).toEqual([
			[parent.id, child.id, inChild, 'accept'],
			[parent.id, parent.id, inParent, 'deny']
		]);
		write([parent, child], ds);
		expect(readFestival(tree(parent, child), child.id)!.events[0]!.status.state).toBe('confirmed');
		expect(readFestival(tree(parent, child), parent.id)!.events[0]!.requests[0]).toMatchObject({
			status: 'denied',
			reason: 'taken'
		});
	});

	it('re-decides a moved event for its new frame', () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE, { policy: 'first-come' });
		const ev = f.event(BOB, hours(10, 11), [{ resource: room }]);
		write([f], runPolicies(tree(f), ALICE, NOW));
		f.move(BOB, ev, hours(15, 16));
		const ds = runPolicies(tree(f), ALICE, NOW);
		expect(ds.map((d) => [d.decision.verdict, d.decision.frame])).toEqual([
			['accept', hours(15, 16)]
		]);
		write([f], ds);
		expect(readFestival(tree(f), f.id)!.events[0]!.requests[0]!.status).toBe('accepted');
	});

	it('is deterministic whatever order the peers merged in', () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE, { policy: 'first-come' });
		const talk = (title: string) => ({
			title,
			...hours(10, 12),
			tags: [],
			requests: [{ resource: room, festival: f.id }]
		});
		// Bob and Carol each add an overlapping event offline; the owner merges in either order.
		const bob = f.fork(BOB, 1, (d) => addEvent(d, BOB, talk('Bob')));
		const carol = f.fork(CAROL, 1, (d) => addEvent(d, CAROL, talk('Carol')));
		const one = runPolicies(new Map([[f.id, A.merge(A.clone(bob.doc), carol.doc)]]), ALICE, NOW);
		const two = runPolicies(new Map([[f.id, A.merge(A.clone(carol.doc), bob.doc)]]), ALICE, NOW);
		expect(one).toEqual(two);
		const [first, second] = [bob.out, carol.out].sort();
		expect(verdicts(one)).toEqual([
			[first, 'accept', undefined],
			[second, 'deny', 'taken']
		]);
	});

	it('runs a policy registered only here, through the same runner', () => {
		const f = new Fest(ALICE, 'Fest');
		const studio = f.resource(ALICE, { name: 'Studio', policy: 'weekdays-only' });
		const wednesday = f.event(BOB, hours(10, 11), [{ resource: studio }]);
		const saturday = f.event(BOB, hours(10, 11, '2026-07-04'), [{ resource: studio }]);
		const clash = f.event(CAROL, hours(10, 11), [{ resource: studio }]);
		const ds = runPolicies(tree(f), ALICE, NOW);
		const [first, second] = [wednesday, clash].sort();
		expect(verdicts(ds)).toEqual([
			[first, 'accept', 'a weekday'],
			[saturday, 'deny', 'closed on weekends']
		]);
		expect(ds.every((d) => d.policy === 'weekdays-only')).toBe(true);
		write([f], ds);
		// The clashing weekday request stays with the owner.
		expect(inbox(tree(f), ALICE).map((i) => i.event.id)).toEqual([second]);
	});
});
