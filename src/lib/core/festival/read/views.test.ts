import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { decide } from '../document/doc.js';
import {
	LARGE_SHARDS,
	SMALL_SHARDS,
	shardOf,
	type EventId,
	type ResourceId
} from '../document/ids.js';
import { eventStatus, freeAt, inbox, readFestival } from './views.js';
import { ALICE, BOB, CAROL, Fest, hours, MALLORY, tree } from './tree.fixture.js';

const S = (s: string) => new A.ImmutableString(s);

describe('read model', () => {
	it('shows a festival: owners are the objects creators, a request waits, then the owner accepts', () => {
		const f = new Fest(ALICE, 'Summer camp');
		const room = f.resource(ALICE, {
			capacity: 1,
			description: 'Big',
			place: { address: 'Main St 1' }
		});
		const ev = f.event(BOB, hours(10, 11), [{ resource: room }]);
		const bare = f.event(CAROL, hours(12, 13), [], 'Walk');

		let v = readFestival(tree(f), f.id)!;
		expect(v).toMatchObject({
			id: f.id,
			name: 'Summer camp',
			tz: 'Europe/Berlin',
			children: [],
			problems: []
		});
		expect(v.resources).toEqual([
			{
				id: room,
				name: 'Main hall',
				kind: 'location',
				owner: ALICE,
				ownerName: null,
				policy: 'manual',
				description: 'Big',
				capacity: 1,
				place: { address: 'Main St 1' }
			}
		]);
		expect(v.events.map((e) => [e.id, e.owner, e.status.state, e.status.label])).toEqual([
			[ev, BOB, 'waiting', 'waiting for owner'],
			[bare, CAROL, 'none', 'no resources requested']
		]);
		expect(v.events[0]!.requests).toEqual([
			{ resource: room, festival: f.id, ...hours(10, 11), status: 'pending', history: [] }
		]);
		expect(inbox(tree(f), ALICE).map((i) => [i.event.id, i.resource.id, i.request.status])).toEqual(
			[[ev, room, 'pending']]
		);
		expect(inbox(tree(f), BOB)).toEqual([]);

		f.decide(ALICE, { resource: room, event: ev, verdict: 'accept', frame: hours(10, 11) });
		v = readFestival(tree(f), f.id)!;
		expect(v.events[0]!.requests[0]!.status).toBe('accepted');
		expect(v.events[0]!.status).toEqual({
			label: '1 of 1 resource confirmed',
			confirmed: 1,
			total: 1,
			state: 'confirmed'
		});
		expect(inbox(tree(f), ALICE)).toEqual([]);
	});

	it("ignores Mallory's decision on Alice's resource, even written around the write rules", () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE);
		const ev = f.event(BOB, hours(10, 11), [{ resource: room }]);
		// Straight into the document: the key is Alice's, which ingest would refuse.
		f.decide(MALLORY, { resource: room, event: ev, verdict: 'accept', frame: hours(10, 11) });
		let v = readFestival(tree(f), f.id)!;
		expect(v.events[0]!.requests[0]!.status).toBe('pending');
		expect(v.problems.map((p) => p.reason)).toEqual([
			expect.stringContaining("not the resource's owner")
		]);

		// Alice's deny made concurrently with Mallory's accept counts, whichever value Automerge shows.
		const g = new Fest(ALICE, 'Fest 2');
		const r2 = g.resource(ALICE);
		const e2 = g.event(BOB, hours(10, 11), [{ resource: r2 }]);
		const dec = {
			resource: r2,
			event: e2,
			frame: hours(10, 11),
			at: '2026-01-02T00:00:00Z',
			festival: g.id
		} as const;
		const byAlice = g.fork(ALICE, 1, (d) =>
			decide(d, { ...dec, verdict: 'deny', reason: 'closed' })
		);
		const byMallory = g.fork(MALLORY, 1, (d) => decide(d, { ...dec, verdict: 'accept' }));
		g.merge(byAlice);
		g.merge(byMallory);
		v = readFestival(tree(g), g.id)!;
		expect(v.events[0]!.requests[0]).toMatchObject({ status: 'denied', reason: 'closed' });
		expect(v.events[0]!.status.state).toBe('denied');
		expect(v.problems.map((p) => p.reason)).toEqual([
			"decision by ffffffff ignored: not the resource's owner"
		]);
	});

	it("never shows Mallory's object at Alice's resource key as a resource", () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE, { name: 'Real' });
		const other = f.resource(ALICE, { name: 'Other' });
		const ev = f.event(BOB, hours(10, 11), [{ resource: other }]);
		// An overwrite (ingest refuses it) hides Alice's value; the read shows no fake in its place.
		f.edit(MALLORY, (d) => {
			d.resources[shardOf(room, SMALL_SHARDS)][room] = {
				name: S('Fake'),
				kind: S('thing'),
				policy: S('first-come')
			};
		});
		// A write concurrent with Alice's own (a real conflict) does not hide hers.
		const byAlice = f.fork(ALICE, 1, (d) =>
			decide(d, {
				resource: other,
				event: ev,
				festival: f.id,
				verdict: 'accept',
				frame: hours(10, 11),
				at: '2026-01-02T00:00:00Z'
			})
		);
		const byMallory = f.fork(MALLORY, 1, (d) => {
			const key = other + ev;
			d.decisions[shardOf(key, LARGE_SHARDS)][key] = { verdict: S('deny') };
		});
		f.merge(byMallory);
		f.merge(byAlice);
		const v = readFestival(tree(f), f.id)!;
		expect(v.resources.map((r) => [r.name, r.owner])).toEqual([['Other', ALICE]]);
		expect(v.events[0]!.requests[0]!.status).toBe('accepted');
		expect(v.problems.map((p) => p.where)).toContain(`resources/${room}`);
		// Mallory's value is the one Automerge shows; Alice's was found among the conflicts.
		expect(v.problems.map((p) => p.reason)).toContain(
			"decision by ffffffff ignored: not the resource's owner"
		);
	});

	it('derives event statuses from the requests', () => {
		expect(eventStatus([])).toMatchObject({ state: 'none', label: 'no resources requested' });
		expect(eventStatus(['accepted', 'accepted', 'accepted', 'pending'])).toEqual({
			label: '3 of 4 resources confirmed',
			confirmed: 3,
			total: 4,
			state: 'partly'
		});
		expect(eventStatus(['accepted', 'accepted'])).toMatchObject({
			label: '2 of 2 resources confirmed',
			state: 'confirmed'
		});
		expect(eventStatus(['pending', 'pending'])).toMatchObject({
			label: 'waiting for owner',
			state: 'waiting'
		});
		// One refusal does not deny the whole event: each request counts for itself.
		expect(eventStatus(['accepted', 'denied', 'pending'])).toMatchObject({
			label: '1 of 3 resources confirmed, 1 denied',
			state: 'partly'
		});
		expect(eventStatus(['accepted', 'denied'])).toMatchObject({ state: 'partly' });
		expect(eventStatus(['pending', 'denied'])).toMatchObject({
			label: 'waiting for owner, 1 denied',
			state: 'waiting'
		});
		expect(eventStatus(['denied', 'denied'])).toMatchObject({
			label: 'all 2 denied',
			state: 'denied'
		});
		// Withdrawn requests count for nothing.
		expect(eventStatus(['accepted', 'withdrawn'])).toMatchObject({
			label: '1 of 1 resource confirmed',
			state: 'confirmed',
			total: 1
		});
		expect(eventStatus(['withdrawn'])).toMatchObject({ state: 'none' });
		expect(eventStatus(['denied', 'conflict'])).toMatchObject({
			label: 'conflict',
			state: 'conflict'
		});

		const f = new Fest(ALICE, 'Fest');
		const a = f.resource(ALICE, { name: 'A' });
		const b = f.resource(ALICE, { name: 'B' });
		const c = f.resource(CAROL, { name: 'C', kind: 'skill' });
		const ev = f.event(BOB, hours(10, 11), [{ resource: a }, { resource: b }, { resource: c }]);
		f.decide(ALICE, { resource: a, event: ev, verdict: 'accept', frame: hours(10, 11) });
		f.decide(ALICE, { resource: b, event: ev, verdict: 'accept', frame: hours(10, 11) });
		expect(readFestival(tree(f), f.id)!.events[0]!.status).toMatchObject({
			label: '2 of 3 resources confirmed',
			state: 'partly'
		});
		f.decide(CAROL, {
			resource: c,
			event: ev,
			verdict: 'deny',
			reason: 'busy',
			frame: hours(10, 11)
		});
		const v = readFestival(tree(f), f.id)!;
		expect(v.events[0]!.status).toMatchObject({ state: 'partly', confirmed: 2, total: 3 });
		expect(v.events[0]!.requests.find((r) => r.resource === c)).toMatchObject({
			status: 'denied',
			reason: 'busy'
		});
	});

	it("shows two overlapping accepts from the owner's two offline devices as a conflict, never both accepted", () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE);
		const e1 = f.event(BOB, hours(10, 12), [{ resource: room }]);
		const e2 = f.event(CAROL, hours(11, 13), [{ resource: room }]);
		const e3 = f.event(CAROL, hours(13, 14), [{ resource: room }]);
		const phone = f.fork(ALICE, 1, (d) =>
			decide(d, {
				resource: room,
				event: e1,
				festival: f.id,
				verdict: 'accept',
				frame: hours(10, 12),
				at: '2026-01-02T00:00:00Z'
			})
		);
		const laptop = f.fork(ALICE, 2, (d) => {
			decide(d, {
				resource: room,
				event: e2,
				festival: f.id,
				verdict: 'accept',
				frame: hours(11, 13),
				at: '2026-01-02T00:00:00Z'
			});
			decide(d, {
				resource: room,
				event: e3,
				festival: f.id,
				verdict: 'accept',
				frame: hours(13, 14),
				at: '2026-01-02T00:00:00Z'
			});
		});
		// Either merge order gives the same view.
		const one = new Map([[f.id, A.merge(A.clone(phone.doc), laptop.doc)]]);
		const two = new Map([[f.id, A.merge(A.clone(laptop.doc), phone.doc)]]);
		const v = readFestival(one, f.id)!;
		expect(readFestival(two, f.id)).toEqual(v);
		const status = (e: EventId) => v.events.find((x) => x.id === e)!.requests[0]!.status;
		expect([status(e1), status(e2), status(e3)]).toEqual(['conflict', 'conflict', 'accepted']);
		expect(v.events.find((x) => x.id === e1)!.status).toMatchObject({
			state: 'conflict',
			label: 'conflict'
		});
		expect(inbox(one, ALICE).map((i) => [i.event.id, i.request.status])).toEqual([
			[e1, 'conflict'],
			[e2, 'conflict']
		]);
	});

	it('respects capacity: two at once are fine for capacity 2, three are all in conflict', () => {
		const f = new Fest(ALICE, 'Fest');
		const hall = f.resource(ALICE, { capacity: 2 });
		const acc = (e: EventId, fr: ReturnType<typeof hours>) =>
			f.decide(ALICE, { resource: hall, event: e, verdict: 'accept', frame: fr });
		const a = f.event(BOB, hours(10, 12), [{ resource: hall }]);
		const b = f.event(BOB, hours(10, 11), [{ resource: hall }]);
		const c = f.event(BOB, hours(11, 12), [{ resource: hall }]);
		[a, b, c].forEach((e, i) => acc(e, [hours(10, 12), hours(10, 11), hours(11, 12)][i]!));
		const statuses = () => readFestival(tree(f), f.id)!.events.map((e) => e.requests[0]!.status);
		expect(statuses()).toEqual(['accepted', 'accepted', 'accepted']);
		expect(freeAt(tree(f), hall, hours(10, 11))).toMatchObject({ free: false, reason: 'taken' });
		expect(freeAt(tree(f), hall, hours(12, 13))).toEqual({ free: true });
		const d = f.event(BOB, hours(10, 11), [{ resource: hall }]);
		acc(d, hours(10, 11));
		const v = readFestival(tree(f), f.id)!;
		const st = (e: EventId) => v.events.find((x) => x.id === e)!.requests[0]!.status;
		expect([st(a), st(b), st(d), st(c)]).toEqual(['conflict', 'conflict', 'conflict', 'accepted']);
	});

	it('tells whether a resource is free and available for a frame', () => {
		const f = new Fest(ALICE, 'Fest');
		const van = f.resource(ALICE, {
			name: 'Van',
			kind: 'thing',
			availability: [hours(8, 18), hours(8, 18, '2026-07-02')]
		});
		const ev = f.event(BOB, hours(9, 10), [{ resource: van }]);
		f.decide(ALICE, { resource: van, event: ev, verdict: 'accept', frame: hours(9, 10) });
		const t = tree(f);
		expect(freeAt(t, van, hours(10, 12))).toEqual({ free: true });
		expect(freeAt(t, van, hours(9, 11))).toEqual({
			free: false,
			reason: 'taken',
			holders: [{ festival: f.id, event: ev }]
		});
		expect(freeAt(t, van, hours(9, 11), { ignore: { festival: f.id, event: ev } })).toEqual({
			free: true
		});
		expect(freeAt(t, van, hours(17, 19))).toEqual({ free: false, reason: 'outside availability' });
		expect(freeAt(t, van, hours(6, 7, '2026-07-02'))).toEqual({
			free: false,
			reason: 'outside availability'
		});
		expect(freeAt(t, 'ab'.repeat(16) as ResourceId, hours(9, 10))).toEqual({
			free: false,
			reason: 'unknown resource'
		});
	});

	it('puts a request back to pending when the event moves, but not one with its own frame', () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE, { name: 'Room' });
		const mic = f.resource(ALICE, { name: 'Mic', kind: 'thing' });
		const ev = f.event(BOB, hours(10, 12), [
			{ resource: room },
			{ resource: mic, frame: hours(10, 11) }
		]);
		f.decide(ALICE, { resource: room, event: ev, verdict: 'accept', frame: hours(10, 12) });
		f.decide(ALICE, { resource: mic, event: ev, verdict: 'accept', frame: hours(10, 11) });
		expect(readFestival(tree(f), f.id)!.events[0]!.status.state).toBe('confirmed');
		f.move(BOB, ev, hours(9, 12));
		let v = readFestival(tree(f), f.id)!;
		const byRes = (r: ResourceId) => v.events[0]!.requests.find((q) => q.resource === r)!;
		expect(byRes(room)).toMatchObject({
			status: 'pending',
			...hours(9, 12),
			reason: expect.stringContaining('changed')
		});
		expect(byRes(mic)).toMatchObject({ status: 'accepted', ...hours(10, 11) });
		expect(v.events[0]!.status).toMatchObject({
			label: '1 of 2 resources confirmed',
			state: 'partly'
		});
		expect(inbox(tree(f), ALICE).map((i) => i.resource.id)).toEqual([room]);
		// Moved away from its own frame, the request holds nothing any more.
		f.move(BOB, ev, hours(14, 15));
		v = readFestival(tree(f), f.id)!;
		expect(byRes(mic)).toMatchObject({
			status: 'denied',
			...hours(10, 11),
			reason: "its time frame is not within the event's"
		});
	});
});
