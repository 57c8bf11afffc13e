import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	makeGroupNode,
	type GroupId,
	type GroupNode,
	type GroupNodeBody,
	type GroupNodeId
} from '../../model/group.js';
import type { EventId, FestivalId, ResourceId } from '../document/ids.js';
import { resolveGroup } from './group-resolver.js';

const key = (c: string) => c.repeat(64);
const A = key('a');
const B = key('b');
const C = key('c');
const D = key('d');
const RES = '1'.repeat(32) as ResourceId;
const EV = '2'.repeat(32) as EventId;
const FEST = '3'.repeat(64) as FestivalId;

/** A little history builder: each author keeps the heads it has seen. */
function history() {
	const nodes: GroupNode[] = [];
	const create = makeGroupNode(A, { type: 'create', name: 'Crew', nonce: '00' }, []);
	nodes.push(create);
	const g = create.id as GroupId;
	const write = (author: string, body: GroupNodeBody, seen: readonly GroupNodeId[]) => {
		const n = makeGroupNode(author, body, seen);
		nodes.push(n);
		return n;
	};
	return {
		g,
		nodes,
		create,
		add: (by: string, member: string, seen: GroupNodeId[], admin = false) =>
			write(by, { type: 'add', group: g, member, admin }, seen),
		remove: (by: string, member: string, seen: GroupNodeId[]) =>
			write(by, { type: 'remove', group: g, member }, seen),
		decide: (by: string, seen: GroupNodeId[], verdict: 'accept' | 'deny' = 'accept') =>
			write(
				by,
				{
					type: 'decide',
					group: g,
					resource: RES,
					event: EV,
					festival: FEST,
					verdict,
					frame: { start: '2026-07-01T10:00:00Z', end: '2026-07-01T11:00:00Z' },
					at: '2026-01-01T00:00:00Z'
				},
				seen
			)
	};
}

const keysOf = (r: ReturnType<typeof resolveGroup>) => r.members.map((m) => m.key);

describe('resolveGroup', () => {
	it('makes the creator an admin member and counts adds by admins', () => {
		const h = history();
		const addB = h.add(A, B, [h.create.id], true);
		const addC = h.add(B, C, [addB.id]);
		const r = resolveGroup(h.g, h.nodes);
		expect(r.exists).toBe(true);
		expect(r.name).toBe('Crew');
		expect(r.members).toEqual([
			{ key: A, admin: true },
			{ key: B, admin: true },
			{ key: C, admin: false }
		]);
		expect(r.heads).toEqual([addC.id]);
	});

	it('a non-member deciding for a group counts for nothing', () => {
		const h = history();
		const d = h.decide(D, [h.create.id]);
		const r = resolveGroup(h.g, h.nodes);
		expect(r.valid.has(d.id)).toBe(false);
		expect(r.ignored.get(d.id)).toMatch(/not a member/);
	});

	it('a member who is not an admin cannot add an admin (or anyone)', () => {
		const h = history();
		const addB = h.add(A, B, [h.create.id]);
		const addC = h.add(B, C, [addB.id], true);
		const r = resolveGroup(h.g, h.nodes);
		expect(keysOf(r)).toEqual([A, B]);
		expect(r.ignored.get(addC.id)).toMatch(/not an admin/);
	});

	it('a removed member deciding after the removal counts for nothing; before it, it counts', () => {
		const h = history();
		const addB = h.add(A, B, [h.create.id]);
		const before = h.decide(B, [addB.id]);
		const rm = h.remove(A, B, [before.id]);
		const after = h.decide(B, [rm.id], 'deny');
		// Backdated: names only what it had seen before the removal, so it is concurrent with it.
		const backdated = h.decide(B, [addB.id], 'deny');
		const r = resolveGroup(h.g, h.nodes);
		expect(keysOf(r)).toEqual([A]);
		expect(r.valid.has(before.id)).toBe(true);
		expect(r.valid.has(after.id)).toBe(false);
		expect(r.valid.has(backdated.id)).toBe(false);
	});

	it('a decision concurrent with the removal is void (strong removal)', () => {
		const h = history();
		const addB = h.add(A, B, [h.create.id]);
		const rm = h.remove(A, B, [addB.id]);
		const d = h.decide(B, [addB.id]);
		const r = resolveGroup(h.g, h.nodes);
		expect(r.valid.has(rm.id)).toBe(true);
		expect(r.valid.has(d.id)).toBe(false);
		expect(r.ignored.get(d.id)).toMatch(/concurrently removed/);
	});

	it('a removed admin adding members after (or concurrently with) the removal adds no one', () => {
		const h = history();
		const addB = h.add(A, B, [h.create.id], true);
		const rm = h.remove(A, B, [addB.id]);
		const late = h.add(B, C, [rm.id]);
		const concurrent = h.add(B, D, [addB.id]);
		const r = resolveGroup(h.g, h.nodes);
		expect(keysOf(r)).toEqual([A]);
		expect(r.valid.has(late.id)).toBe(false);
		expect(r.valid.has(concurrent.id)).toBe(false);
	});

	it('whom a concurrently removed admin added is no member: their decisions count for nothing', () => {
		const h = history();
		const addB = h.add(A, B, [h.create.id], true);
		h.remove(A, B, [addB.id]);
		const addC = h.add(B, C, [addB.id]);
		const d = h.decide(C, [addC.id]);
		const r = resolveGroup(h.g, h.nodes);
		expect(keysOf(r)).toEqual([A]);
		expect(r.valid.has(addC.id)).toBe(false);
		expect(r.valid.has(d.id)).toBe(false);
	});

	it('two admins removing each other at once: the senior one stays', () => {
		const h = history();
		const addB = h.add(A, B, [h.create.id], true);
		const addC = h.add(B, C, [addB.id], true);
		const bRemovesC = h.remove(B, C, [addC.id]);
		const cRemovesB = h.remove(C, B, [addC.id]);
		const r = resolveGroup(h.g, h.nodes);
		expect(keysOf(r)).toEqual([A, B]);
		expect(r.valid.has(bRemovesC.id)).toBe(true);
		expect(r.valid.has(cRemovesB.id)).toBe(false);
	});

	it('two admins added at once removing each other: the lower key stays', () => {
		const h = history();
		const addC = h.add(A, C, [h.create.id], true);
		const addB = h.add(A, B, [h.create.id], true);
		const both = [addB.id, addC.id];
		h.remove(B, C, both);
		h.remove(C, B, both);
		expect(keysOf(resolveGroup(h.g, h.nodes))).toEqual([A, B]);
	});

	it('the creator and an admin removing each other: the creator stays, the group never freezes', () => {
		const h = history();
		const addB = h.add(A, B, [h.create.id], true);
		h.remove(A, B, [addB.id]);
		h.remove(B, A, [addB.id]);
		const r = resolveGroup(h.g, h.nodes);
		expect(keysOf(r)).toEqual([A]);
	});

	it('a removed member re-added after the removal is a member again', () => {
		const h = history();
		const addB = h.add(A, B, [h.create.id]);
		const rm = h.remove(A, B, [addB.id]);
		const again = h.add(A, B, [rm.id]);
		const d = h.decide(B, [again.id]);
		const r = resolveGroup(h.g, h.nodes);
		expect(keysOf(r)).toEqual([A, B]);
		expect(r.valid.has(d.id)).toBe(true);
	});

	it('a group op by a non-member counts for nothing', () => {
		const h = history();
		const op = h.add(D, C, [h.create.id], true);
		const rm = h.remove(D, A, [h.create.id]);
		const r = resolveGroup(h.g, h.nodes);
		expect(keysOf(r)).toEqual([A]);
		expect(r.valid.has(op.id)).toBe(false);
		expect(r.valid.has(rm.id)).toBe(false);
	});

	it('an unknown group resolves to no members, and nodes naming unheld nodes wait', () => {
		const h = history();
		const addB = h.add(A, B, [h.create.id]);
		const unknown = resolveGroup(h.g, h.nodes.slice(1));
		expect(unknown.exists).toBe(false);
		expect(unknown.members).toEqual([]);
		const waiting = resolveGroup(h.g, [h.create, h.add(A, C, [addB.id])]);
		expect(keysOf(waiting)).toEqual([A]);
	});

	it('stays bounded for many concurrent adds and removals of one member, and many decisions', () => {
		const h = history();
		const addB = h.add(A, B, [h.create.id], true);
		const addC = h.add(A, C, [h.create.id], true);
		for (let i = 0; i < 400; i++) {
			const who = i % 2 ? B : C;
			const other = i % 2 ? C : B;
			if (i % 3) h.remove(who, other, [addB.id, addC.id]);
			else h.add(who, other, [addB.id, addC.id], true);
		}
		for (let i = 0; i < 3000; i++) h.decide(i % 2 ? B : C, [addB.id, addC.id]);
		const t = Date.now();
		const r = resolveGroup(h.g, h.nodes);
		expect(Date.now() - t).toBeLessThan(3000);
		expect(r.members[0]).toEqual({ key: A, admin: true });
	});

	it('stays bounded for a long chain of operations', () => {
		const h = history();
		let last = h.create.id;
		for (let i = 0; i < 1500; i++) last = h.add(A, i % 2 ? B : C, [last]).id;
		const t = Date.now();
		const r = resolveGroup(h.g, h.nodes);
		expect(Date.now() - t).toBeLessThan(5000);
		expect(r.ignored.size).toBeGreaterThan(0);
	});
});

/** A random history: each step, a random author writes a node naming a random subset of what it has seen. */
const step = fc.record({
	author: fc.constantFrom(A, B, C, D),
	kind: fc.constantFrom('add', 'add-admin', 'remove', 'decide', 'sync'),
	member: fc.constantFrom(A, B, C, D),
	from: fc.constantFrom(A, B, C, D)
});

type Step = { author: string; kind: string; member: string; from: string };

function randomHistory(steps: readonly Step[]) {
	const h = history();
	// What each author has seen (heads of its view).
	const view = new Map<string, Set<GroupNodeId>>([[A, new Set([h.create.id])]]);
	const seenBy = (k: string) => view.get(k) ?? new Set<GroupNodeId>([h.create.id]);
	for (const s of steps) {
		const heads = [...seenBy(s.author)];
		let n: GroupNode | undefined;
		if (s.kind === 'sync') {
			view.set(s.author, new Set([...seenBy(s.author), ...seenBy(s.from)]));
			continue;
		}
		if (s.kind === 'add' || s.kind === 'add-admin')
			n = h.add(s.author, s.member, heads, s.kind === 'add-admin');
		else if (s.kind === 'remove') n = h.remove(s.author, s.member, heads);
		else n = h.decide(s.author, heads);
		view.set(s.author, new Set([n.id]));
	}
	return h;
}

describe('resolveGroup, property', () => {
	it('every delivery order gives the same members and the same valid nodes', () => {
		fc.assert(
			fc.property(
				fc.array(step, { minLength: 1, maxLength: 24 }),
				fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
				fc.nat(),
				(steps, shuffle, cut) => {
					const h = randomHistory(steps);
					const ref = resolveGroup(h.g, h.nodes);
					// Another peer: the same nodes in another order, some delivered twice.
					const other = [...h.nodes];
					for (let i = other.length - 1; i > 0; i--) {
						const j = shuffle[i % shuffle.length]! % (i + 1);
						[other[i], other[j]] = [other[j]!, other[i]!];
					}
					other.push(...other.slice(0, cut % (other.length + 1)));
					const r = resolveGroup(h.g, other);
					expect(r.members).toEqual(ref.members);
					expect([...r.valid].sort()).toEqual([...ref.valid].sort());
					expect(r.heads).toEqual(ref.heads);
					// Invariants: the creator's group has members unless all left; a valid decision's
					// author was added by a valid node (or is the creator).
					for (const n of h.nodes)
						if (n.type === 'decide' && ref.valid.has(n.id) && n.author !== A)
							expect(
								h.nodes.some(
									(o) => o.type === 'add' && o.member === n.author && ref.valid.has(o.id)
								)
							).toBe(true);
				}
			),
			{ numRuns: 3000 }
		);
	});
});
