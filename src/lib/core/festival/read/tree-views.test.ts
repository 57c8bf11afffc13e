import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { forkFestivalDoc } from '../document/doc.js';
import {
	LARGE_SHARDS,
	SMALL_SHARDS,
	shardOf,
	type EventId,
	type ResourceId
} from '../document/ids.js';
import { freeAt, inbox, readFestival, readTree } from './views.js';
import { actor, ALICE, BOB, CAROL, Fest, hours, tree } from './tree.fixture.js';

const S = (s: string) => new A.ImmutableString(s);

describe('read model across a tree', () => {
	it("nests: a child's event requests a parent's resource, the owner sees it, conflicts span the tree", () => {
		const parent = new Fest(ALICE, 'Village');
		const stage = parent.resource(ALICE, { name: 'Stage' });
		const child = new Fest(BOB, 'Workshop week', parent.id);
		const grandchild = new Fest(CAROL, 'Kids corner', child.id);
		parent.edit(BOB, (d) => {
			const key = BOB.slice(0, 16) + child.id;
			d.children[shardOf(key, SMALL_SHARDS)][key] = {
				festival: S(child.id),
				name: S('Workshop week')
			};
		});
		const inChild = child.event(
			BOB,
			hours(10, 12),
			[{ resource: stage, festival: parent.id }],
			'Juggling'
		);
		const inGrand = grandchild.event(
			CAROL,
			hours(9, 10),
			[{ resource: stage, festival: parent.id }],
			'Puppets'
		);
		const inParent = parent.event(CAROL, hours(11, 13), [{ resource: stage }], 'Concert');
		const all = () => tree(parent, child, grandchild);

		expect(inbox(all(), ALICE).map((i) => [i.festival, i.event.title, i.resourceFestival])).toEqual(
			[
				[grandchild.id, 'Puppets', parent.id],
				[child.id, 'Juggling', parent.id],
				[parent.id, 'Concert', parent.id]
			]
		);
		expect(readFestival(all(), parent.id)!.children).toEqual([
			{ id: child.id, name: 'Workshop week' }
		]);
		expect(readFestival(all(), child.id)).toMatchObject({
			parent: parent.id,
			children: [{ id: grandchild.id, name: 'Kids corner' }]
		});

		// Decisions live in the festival holding the resource and name the event's festival.
		parent.decide(ALICE, {
			resource: stage,
			event: inChild,
			festival: child.id,
			verdict: 'accept',
			frame: hours(10, 12)
		});
		parent.decide(ALICE, {
			resource: stage,
			event: inGrand,
			festival: grandchild.id,
			verdict: 'accept',
			frame: hours(9, 10)
		});
		expect(readFestival(all(), child.id)!.events[0]!.requests[0]!.status).toBe('accepted');
		expect(readFestival(all(), grandchild.id)!.events[0]!.status.state).toBe('confirmed');
		expect(freeAt(all(), stage, hours(11, 12))).toMatchObject({
			free: false,
			reason: 'taken',
			holders: [{ festival: child.id, event: inChild }]
		});

		// A decision naming the wrong festival does not apply to the child's event.
		parent.decide(ALICE, {
			resource: stage,
			event: inParent,
			festival: child.id,
			verdict: 'accept',
			frame: hours(11, 13)
		});
		expect(readFestival(all(), parent.id)!.events[0]!.requests[0]!.status).toBe('pending');
		parent.decide(ALICE, {
			resource: stage,
			event: inParent,
			verdict: 'accept',
			frame: hours(11, 13)
		});
		expect(readFestival(all(), parent.id)!.events[0]!.requests[0]!.status).toBe('conflict');
		expect(readFestival(all(), child.id)!.events[0]!.requests[0]!.status).toBe('conflict');
		expect(readFestival(all(), grandchild.id)!.events[0]!.requests[0]!.status).toBe('accepted');

		// Without the parent in the tree, the child's request cannot be resolved.
		expect(readFestival(tree(child), child.id)!.events[0]!.requests[0]).toMatchObject({
			status: 'pending',
			reason: 'resource not found'
		});
	});

	it('skips invalid values and lists them as problems', () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE);
		const prefix = BOB.slice(0, 16);
		const badEvent = (prefix + '00000000000000a1') as EventId;
		const badResource = (prefix + '00000000000000b2') as ResourceId;
		const okEvent = f.event(BOB, hours(10, 11), [{ resource: room }]);
		f.edit(BOB, (d) => {
			d.events[shardOf(badEvent, LARGE_SHARDS)][badEvent] = {
				title: S('Backwards'),
				start: S('2026-07-01T12:00:00Z'),
				end: S('2026-07-01T11:00:00Z'),
				tags: [],
				requests: {}
			};
			d.resources[shardOf(badResource, SMALL_SHARDS)][badResource] = {
				name: S('Rocket'),
				kind: S('spaceship'),
				policy: S('manual')
			};
			const junk = prefix + '00000000000000c3';
			d.events[shardOf(junk, LARGE_SHARDS)][junk] = S('not a map');
		});
		f.edit(ALICE, (d) => {
			const key = room + okEvent;
			d.decisions[shardOf(key, LARGE_SHARDS)][key] = { verdict: S('maybe') };
		});
		const v = readFestival(tree(f), f.id)!;
		expect(v.events.map((e) => e.id)).toEqual([okEvent]);
		expect(v.resources.map((r) => r.id)).toEqual([room]);
		expect(v.events[0]!.requests[0]!.status).toBe('pending');
		expect(v.problems.map((p) => p.where.split('/')[0] + ': ' + p.reason).sort()).toEqual([
			expect.stringMatching(/^decisions: a decision names/),
			expect.stringMatching(/^events: an event must be a map/),
			expect.stringMatching(/^events: an event needs a start before its end/),
			expect.stringMatching(/^resources: unknown resource kind/)
		]);
	});

	it('reads a fork on its own: copied requests name the original and resolve to the fork', () => {
		const f = new Fest(ALICE, 'Original');
		const room = f.resource(ALICE);
		const ev = f.event(BOB, hours(10, 11), [{ resource: room }]);
		f.decide(ALICE, { resource: room, event: ev, verdict: 'accept', frame: hours(10, 11) });
		const fork = forkFestivalDoc(f.doc, f.id, actor(CAROL, 7), { name: 'Copy' });
		const v = readFestival(new Map([[fork.id, fork.doc]]), fork.id)!;
		expect(v).toMatchObject({ name: 'Copy', forkedFrom: f.id });
		expect(v.resources[0]!.owner).toBe(ALICE);
		expect(v.events[0]).toMatchObject({ owner: BOB, status: { state: 'confirmed' } });
		// A model built once serves several reads.
		const model = readTree(new Map([[fork.id, fork.doc]]));
		expect(readFestival(model, fork.id)).toEqual(v);
	});
});
