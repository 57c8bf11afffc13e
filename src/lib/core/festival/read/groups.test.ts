import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { addResource, type FestivalDoc } from '../document/doc.js';
import { writeGroupNode } from '../document/groups.js';
import { setEventsNeed } from '../document/settings.js';
import { shardOf, SMALL_SHARDS, type ResourceId } from '../document/ids.js';
import {
	groupNodeKey,
	makeGroupNode,
	type GroupId,
	type GroupNodeBody,
	type GroupNodeId
} from '../../model/group.js';
import { decisionNode } from '../../model/group-edits.js';
import type { AuthorId } from '../../identity/identity.js';
import { ALICE, BOB, CAROL, Fest, MALLORY, hours, tree } from './tree.fixture.js';
import { inbox, readFestival, readTree } from './views.js';
import { runPolicies } from './policy.js';

/** A festival with a group "Stage crew" of Alice (creator) and Bob, owning Alice's "Main hall". */
function setup(policy = 'manual') {
	const f = new Fest(ALICE, 'Fest');
	const heads = (g: GroupId): GroupNodeId[] => [
		...(readTree(tree(f)).groups.groups.get(g)?.heads ?? [])
	];
	const write = (who: AuthorId, body: GroupNodeBody, seen: readonly GroupNodeId[]) => {
		const n = makeGroupNode(who, body, seen);
		f.edit(who, (d) => writeGroupNode(d as FestivalDoc, n));
		return n;
	};
	const create = write(ALICE, { type: 'create', name: 'Stage crew', nonce: '01' }, []);
	const g = create.id;
	write(ALICE, { type: 'add', group: g, member: BOB, admin: false }, heads(g));
	const res = f.edit(ALICE, (d) => {
		const id = addResource(d as FestivalDoc, ALICE, {
			name: 'Main hall',
			kind: 'location',
			policy
		});
		writeGroupNode(
			d as FestivalDoc,
			makeGroupNode(ALICE, { type: 'claim', group: g, resource: id }, heads(g))
		);
		return id;
	});
	const ev = f.event(CAROL, hours(10, 11), [{ resource: res }]);
	const decide = (who: AuthorId, verdict: 'accept' | 'deny', seen = heads(g)) => {
		const n = decisionNode(
			who,
			g,
			{
				resource: res,
				event: ev,
				festival: f.id,
				verdict,
				frame: hours(10, 11),
				at: '2026-01-02T00:00:00Z'
			},
			seen
		);
		if (!n.ok) throw new Error('bad decision');
		f.edit(who, (d) => writeGroupNode(d as FestivalDoc, n.value));
		return n.value;
	};
	const request = () => readFestival(tree(f), f.id)!.events[0]!.requests[0]!;
	return { f, g, res, ev, write, heads, decide, request };
}

describe('groups in the read model', () => {
	it('a group owns a resource: shown with the group as owner, in every member’s inbox', () => {
		const { f, g, res } = setup();
		const view = readFestival(tree(f), f.id)!;
		const r = view.resources.find((x) => x.id === res)!;
		expect(r.owner).toBe(g);
		expect(r.ownerName).toBe('Stage crew');
		expect(r.creator).toBe(ALICE);
		expect(r.members).toEqual([ALICE, BOB]);
		expect(inbox(tree(f), ALICE)).toHaveLength(1);
		expect(inbox(tree(f), BOB)).toHaveLength(1);
		expect(inbox(tree(f), CAROL)).toHaveLength(0);
		expect(view.problems).toEqual([]);
	});

	it('a member’s decision is the group’s, and its history names the member', () => {
		const { decide, request } = setup();
		decide(BOB, 'accept');
		const q = request();
		expect(q.status).toBe('accepted');
		expect(q.history.map((h) => [h.by, h.verdict])).toEqual([[BOB, 'accept']]);
		// Alice, having seen it, denies: the later one counts.
		decide(ALICE, 'deny');
		expect(request().status).toBe('denied');
		expect(request().history.map((h) => h.by)).toEqual([BOB, ALICE]);
	});

	it('a non-member deciding for a group counts for nothing', () => {
		const { decide, request } = setup();
		decide(MALLORY, 'accept');
		decide(CAROL, 'accept');
		expect(request().status).toBe('pending');
		expect(request().history).toEqual([]);
	});

	it('a removed member’s decision after the removal does not count, nor one concurrent with it', () => {
		const { g, write, heads, decide, request, f } = setup();
		const before = heads(g);
		write(ALICE, { type: 'remove', group: g, member: BOB }, heads(g));
		decide(BOB, 'accept');
		decide(BOB, 'accept', before);
		expect(request().status).toBe('pending');
		expect(inbox(tree(f), BOB)).toHaveLength(0);
		expect(inbox(tree(f), ALICE)).toHaveLength(1);
	});

	it('a forged record under another author’s key, and a claim on someone else’s group, count for nothing', () => {
		const { f, g, heads } = setup();
		// Mallory writes an "add Mallory as admin" under Alice's key (the write rules refuse it;
		// a document built around them is read the same).
		const forged = makeGroupNode(
			ALICE,
			{ type: 'add', group: g, member: MALLORY, admin: true },
			heads(g)
		);
		const key = groupNodeKey(ALICE, forged.id);
		f.edit(MALLORY, (d) => {
			const s = (d as FestivalDoc).children[shardOf(key, SMALL_SHARDS)]!;
			(s as Record<string, unknown>)[key] = { type: new A.ImmutableString('add') };
		});
		// A claim on the group by a non-member, for her own resource.
		const mine = f.edit(MALLORY, (d) => {
			const id = addResource(d as FestivalDoc, MALLORY, {
				name: 'Fake hall',
				kind: 'location',
				policy: 'manual'
			});
			writeGroupNode(
				d as FestivalDoc,
				makeGroupNode(MALLORY, { type: 'claim', group: g, resource: id }, heads(g))
			);
			return id;
		});
		f.event(CAROL, hours(12, 13), [{ resource: mine }]);
		const m = readTree(tree(f));
		expect(m.groups.groups.get(g)!.members.map((x) => x.key)).toEqual([ALICE, BOB]);
		expect(inbox(m, ALICE)).toHaveLength(1);
		const view = readFestival(m, f.id)!;
		expect(view.resources.find((r) => r.id === mine)!.members).toEqual([]);
		expect(view.problems.map((p) => p.reason).join('\n')).toMatch(
			/not made by its key|not a member then/
		);
	});

	it('a resource claiming a group that does not exist is decided by no one', () => {
		const f = new Fest(ALICE, 'Fest');
		const ghost = 'ab'.repeat(16) as GroupId;
		const res = f.edit(ALICE, (d) => {
			const id = addResource(d as FestivalDoc, ALICE, {
				name: 'Hall',
				kind: 'location',
				policy: 'first-come'
			});
			writeGroupNode(
				d as FestivalDoc,
				makeGroupNode(ALICE, { type: 'claim', group: ghost, resource: id as ResourceId }, [])
			);
			return id;
		});
		f.event(CAROL, hours(10, 11), [{ resource: res }]);
		expect(inbox(tree(f), ALICE)).toEqual([]);
		expect(runPolicies(tree(f), ALICE, new Date('2026-01-03T00:00:00Z'))).toEqual([]);
		const view = readFestival(tree(f), f.id)!;
		expect(view.resources[0]!.owner).toBe(ghost);
		expect(view.problems.map((p) => p.reason).join()).toMatch(/not known here/);
	});

	it('a member runs the group’s policies: the decision is a node of the member', () => {
		const { f, request } = setup('first-come');
		const out = runPolicies(tree(f), BOB, new Date('2026-01-03T00:00:00Z'));
		expect(out).toHaveLength(1);
		expect(out[0]!.node?.author).toBe(BOB);
		f.edit(BOB, (d) => writeGroupNode(d as FestivalDoc, out[0]!.node!));
		expect(request().status).toBe('accepted');
		expect(request().history[0]!.by).toBe(BOB);
		expect(runPolicies(tree(f), ALICE, new Date('2026-01-03T00:00:00Z'))).toEqual([]);
	});
});

describe('groups and festival access', () => {
	it('members of the group owning the ticket need none; others still do', () => {
		const { f, res } = setup();
		f.edit(ALICE, (d) => setEventsNeed(d as FestivalDoc, ALICE, res));
		const bobs = f.event(BOB, hours(12, 13), [], 'Crew briefing');
		const mallorys = f.event(MALLORY, hours(12, 13), [], 'Spam');
		const view = readFestival(tree(f), f.id)!;
		expect(view.events.map((e) => e.id)).toContain(bobs);
		expect(view.unadmitted?.map((e) => e.id)).toContain(mallorys);
		expect(view.events.map((e) => e.id)).not.toContain(mallorys);
	});
});
