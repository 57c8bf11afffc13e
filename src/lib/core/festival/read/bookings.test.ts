import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { decide, decisionKey, rawItem, withdrawRequest } from '../document/doc.js';
import { shardOf, LARGE_SHARDS, type ResourceId } from '../document/ids.js';
import { nextFreeSlots } from './free-slots.js';
import { OWN_REQUEST, runPolicies } from './policy.js';
import { freeAt, inbox, readFestival } from './views.js';
import { ALICE, BOB, Fest, MALLORY, hours, tree, type RawDoc } from './tree.fixture.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const S = (s: string) => new A.ImmutableString(s);

/** A festival with Alice's manual room and Bob's talk requesting it at 10–11. */
function setup() {
	const f = new Fest(ALICE, 'Fest');
	const room = f.resource(ALICE, { name: 'Big Tent' });
	const ev = f.event(BOB, hours(10, 11), [{ resource: room }], 'Opening');
	const request = () => readFestival(tree(f), f.id)!.events[0]!.requests[0]!;
	const decideAt = (verdict: 'accept' | 'deny' | 'withdraw', at: string, reason?: string) =>
		f.edit(ALICE, (d) =>
			decide(d, {
				resource: room,
				event: ev,
				festival: f.id,
				verdict,
				frame: hours(10, 11),
				at,
				...(reason ? { reason } : {})
			})
		);
	return { f, room, ev, request, decideAt };
}

/** The decision map Alice's writer keeps for the request. */
function decisionMap(d: RawDoc, room: ResourceId, ev: string): RawDoc {
	const key = decisionKey(room, ev as never);
	return d.decisions[shardOf(key, LARGE_SHARDS)][key];
}

describe('decision history', () => {
	it('keeps every decision an owner made, oldest first, and the latest counts', () => {
		const { f, room, ev, request, decideAt } = setup();
		decideAt('deny', '2026-06-01T09:00:00Z', 'the tent is booked');
		expect(request()).toMatchObject({ status: 'denied', reason: 'the tent is booked' });
		decideAt('accept', '2026-06-02T09:00:00Z', 'the other booking fell through');
		expect(request().status).toBe('accepted');
		expect(request().history).toEqual([
			{ by: ALICE, at: '2026-06-01T09:00:00Z', verdict: 'deny', reason: 'the tent is booked' },
			{
				by: ALICE,
				at: '2026-06-02T09:00:00Z',
				verdict: 'accept',
				reason: 'the other booking fell through'
			}
		]);
		// One map under Alice's key, changed in place; the earlier decision in its history.
		const raw = rawItem(f.doc, 'decisions', decisionKey(room, ev)) as RawDoc;
		expect(String(raw.verdict)).toBe('accept');
		expect(raw.history).toHaveLength(1);
	});

	it('reads a decision written before histories as a history of one', () => {
		const { f, room, ev, request } = setup();
		f.edit(ALICE, (d) => {
			const key = decisionKey(room, ev);
			d.decisions[shardOf(key, LARGE_SHARDS)][key] = {
				resource: S(room),
				event: S(ev),
				festival: S(f.id),
				verdict: S('accept'),
				at: S('2026-05-01T00:00:00Z'),
				...hours(10, 11)
			};
		});
		expect(request()).toMatchObject({
			status: 'accepted',
			history: [{ by: ALICE, at: '2026-05-01T00:00:00Z', verdict: 'accept' }]
		});
	});

	it('an owner withdrawing an acceptance frees the resource; the event is not denied', () => {
		const { f, room, request, decideAt } = setup();
		decideAt('accept', '2026-06-01T09:00:00Z');
		decideAt('withdraw', '2026-06-03T09:00:00Z', 'storm warning');
		expect(request()).toMatchObject({ status: 'withdrawn', reason: 'storm warning' });
		expect(request().history.map((h) => h.verdict)).toEqual(['accept', 'withdraw']);
		expect(readFestival(tree(f), f.id)!.events[0]!.status.state).toBe('none');
		expect(freeAt(tree(f), room, hours(10, 11)).free).toBe(true);
		// Decided ones are the owner's to change; they no longer wait in the inbox.
		expect(inbox(tree(f), ALICE)).toEqual([]);
		expect(inbox(tree(f), ALICE, { decided: true }).map((i) => i.request.status)).toEqual([
			'withdrawn'
		]);
	});

	it('attack: Mallory slips a forged "accept" into the history of Alice’s decision; it is ignored', () => {
		const { f, room, ev, request, decideAt } = setup();
		decideAt('deny', '2026-06-01T09:00:00Z');
		decideAt('deny', '2026-06-02T09:00:00Z', 'still no');
		// Written around the write rules, straight into Alice's list.
		f.edit(MALLORY, (d) => {
			decisionMap(d, room, ev).history.push({
				verdict: S('accept'),
				at: S('2026-06-01T10:00:00Z'),
				...hours(10, 11)
			});
		});
		expect(request().status).toBe('denied');
		expect(request().history.map((h) => [h.by, h.verdict])).toEqual([
			[ALICE, 'deny'],
			[ALICE, 'deny']
		]);
		const problems = readFestival(tree(f), f.id)!.problems.map((p) => p.reason);
		expect(problems).toContain("history entry 1 by ffffffff ignored: not the resource's owner");
	});

	it('attack: Mallory replaces Alice’s history list with one of her own; it is ignored', () => {
		const { f, room, ev, request, decideAt } = setup();
		decideAt('accept', '2026-06-01T09:00:00Z');
		f.edit(MALLORY, (d) => {
			decisionMap(d, room, ev).history = [
				{ verdict: S('deny'), at: S('2026-05-01T10:00:00Z'), ...hours(10, 11) }
			];
		});
		expect(request().history.map((h) => h.verdict)).toEqual(['accept']);
		expect(readFestival(tree(f), f.id)!.problems.map((p) => p.reason)).toContain(
			"history not made by the resource's owner: ignored"
		);
	});
});

describe('withdrawing a request', () => {
	it('the requester withdraws: it holds nothing, counts for nothing, and no policy decides it', () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE, { policy: 'first-come' });
		const mic = f.resource(ALICE, { name: 'Mic', policy: 'manual' });
		const ev = f.event(BOB, hours(10, 11), [{ resource: room }, { resource: mic }], 'Opening');
		f.edit(ALICE, (d) => {
			for (const x of runPolicies(tree(f), ALICE, NOW)) decide(d, x.decision);
		});
		f.edit(BOB, (d) => withdrawRequest(d, ev, room, '2026-06-05T00:00:00Z', 'moved indoors'));
		const e = readFestival(tree(f), f.id)!.events[0]!;
		const q = e.requests.find((r) => r.resource === room)!;
		expect(q).toMatchObject({ status: 'withdrawn', reason: 'moved indoors' });
		expect(q.history.map((h) => [h.by, h.verdict])).toEqual([
			[ALICE, 'accept'],
			[BOB, 'withdraw']
		]);
		// The mic still waits: the event waits, it is not confirmed by the withdrawn room.
		expect(e.status).toMatchObject({ state: 'waiting', total: 1 });
		expect(freeAt(tree(f), room, hours(10, 11)).free).toBe(true);
		expect(runPolicies(tree(f), ALICE, NOW)).toEqual([]);
	});

	it('attack: Mallory marks Bob’s request withdrawn, writing inside his map; it is ignored', () => {
		const { f, room, ev, request, decideAt } = setup();
		decideAt('accept', '2026-06-01T09:00:00Z');
		// Written around the write rules, inside Bob's request.
		f.edit(MALLORY, (d) => withdrawRequest(d, ev, room, '2026-06-05T00:00:00Z', 'gone'));
		expect(request().status).toBe('accepted');
		expect(request().history.map((h) => h.by)).toEqual([ALICE]);
		expect(readFestival(tree(f), f.id)!.problems.map((p) => p.reason)).toContain(
			"withdrawal not made by the event's owner: ignored"
		);
		// Bob's own withdrawal counts.
		f.edit(BOB, (d) => withdrawRequest(d, ev, room, '2026-06-06T00:00:00Z'));
		expect(request().status).toBe('withdrawn');
	});
});

describe('owners need not approve their own requests', () => {
	it('a manual resource: the owner’s request for a free slot is accepted in the policy run', () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE, { policy: 'manual' });
		const own = f.event(ALICE, hours(10, 11), [{ resource: room }], 'Mine');
		const theirs = f.event(BOB, hours(12, 13), [{ resource: room }], 'Theirs');
		const ds = runPolicies(tree(f), ALICE, NOW);
		expect(ds.map((d) => [d.decision.event, d.decision.verdict, d.policy])).toEqual([
			[own, 'accept', OWN_REQUEST]
		]);
		expect(theirs).toBeDefined();
	});

	it('the owner’s request for a taken slot is not accepted at once', () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE, { policy: 'manual' });
		const bob = f.event(BOB, hours(10, 12), [{ resource: room }], 'Theirs');
		f.decide(ALICE, { resource: room, event: bob, verdict: 'accept', frame: hours(10, 12) });
		f.event(ALICE, hours(11, 12), [{ resource: room }], 'Mine');
		expect(runPolicies(tree(f), ALICE, NOW)).toEqual([]);
		// With first-come, the owner's request is denied like anyone's.
		const g = new Fest(ALICE, 'Fest');
		const tent = g.resource(ALICE, { policy: 'first-come' });
		const b = g.event(BOB, hours(10, 12), [{ resource: tent }], 'Theirs');
		g.decide(ALICE, { resource: tent, event: b, verdict: 'accept', frame: hours(10, 12) });
		g.event(ALICE, hours(11, 12), [{ resource: tent }], 'Mine');
		expect(runPolicies(tree(g), ALICE, NOW).map((d) => d.decision.verdict)).toEqual(['deny']);
	});

	it('only the resource’s owner: another person’s request on a manual resource waits', () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(BOB, { policy: 'manual' });
		f.event(ALICE, hours(10, 11), [{ resource: room }], 'Mine');
		expect(runPolicies(tree(f), ALICE, NOW)).toEqual([]);
		expect(runPolicies(tree(f), BOB, NOW)).toEqual([]);
	});
});

describe('nextFreeSlots', () => {
	it('finds the next frames of the same length where every chosen resource is free', () => {
		const f = new Fest(ALICE, 'Fest');
		const tent = f.resource(ALICE, { name: 'Big Tent' });
		const proj = f.resource(ALICE, { name: 'Projector' });
		const a = f.event(BOB, hours(10, 12), [{ resource: tent }]);
		const b = f.event(BOB, hours(12, 13), [{ resource: proj }]);
		f.decide(ALICE, { resource: tent, event: a, verdict: 'accept', frame: hours(10, 12) });
		f.decide(ALICE, { resource: proj, event: b, verdict: 'accept', frame: hours(12, 13) });
		// One hour wanted at 10:00: the tent is free from 12, the projector from 13.
		expect(nextFreeSlots(tree(f), [tent], hours(10, 11))).toEqual([
			{ start: '2026-07-01T12:00:00.000Z', end: '2026-07-01T13:00:00.000Z' },
			{ start: '2026-07-01T13:00:00.000Z', end: '2026-07-01T14:00:00.000Z' },
			{ start: '2026-07-01T14:00:00.000Z', end: '2026-07-01T15:00:00.000Z' }
		]);
		expect(nextFreeSlots(tree(f), [tent, proj], hours(10, 11), { count: 2 })).toEqual([
			{ start: '2026-07-01T13:00:00.000Z', end: '2026-07-01T14:00:00.000Z' },
			{ start: '2026-07-01T14:00:00.000Z', end: '2026-07-01T15:00:00.000Z' }
		]);
		// The event being edited does not stand in its own way.
		expect(
			nextFreeSlots(tree(f), [tent], hours(9, 11), {
				count: 1,
				ignore: { festival: f.id, event: a }
			})
		).toEqual([{ start: '2026-07-01T11:00:00.000Z', end: '2026-07-01T13:00:00.000Z' }]);
		expect(nextFreeSlots(tree(f), [], hours(10, 11))).toEqual([]);
	});

	it('keeps to availability windows and capacity, and stops at the horizon', () => {
		const f = new Fest(ALICE, 'Fest');
		const hall = f.resource(ALICE, {
			name: 'Hall',
			availability: [hours(9, 12), hours(9, 12, '2026-07-02')]
		});
		const ev = f.event(BOB, hours(9, 11), [{ resource: hall }]);
		f.decide(ALICE, { resource: hall, event: ev, verdict: 'accept', frame: hours(9, 11) });
		expect(nextFreeSlots(tree(f), [hall], hours(9, 11))).toEqual([
			{ start: '2026-07-02T09:00:00.000Z', end: '2026-07-02T11:00:00.000Z' }
		]);
		expect(nextFreeSlots(tree(f), [hall], hours(9, 11), { days: 0.5 })).toEqual([]);
		const wide = f.resource(ALICE, { name: 'Field', capacity: 2 });
		const x = f.event(BOB, hours(10, 11), [{ resource: wide }]);
		f.decide(ALICE, { resource: wide, event: x, verdict: 'accept', frame: hours(10, 11) });
		// Capacity 2: one booking leaves room at once, so the next hour is offered.
		expect(nextFreeSlots(tree(f), [wide], hours(10, 11), { count: 1 })).toEqual([
			{ start: '2026-07-01T11:00:00.000Z', end: '2026-07-01T12:00:00.000Z' }
		]);
	});
});
