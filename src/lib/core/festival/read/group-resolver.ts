/**
 * The membership resolver of a group (PROTOCOL.md, "Groups"): a pure function from the nodes of
 * one group (in any order, duplicates allowed) to its members and the nodes that count. It
 * reads only the nodes' causal graph (each node names the nodes its author had seen), never a
 * clock, so every peer holding the same nodes gets the same answer whatever order they came in.
 *
 * - A node counts only once everything it names as seen is held (until then it waits).
 * - `create` makes its author a member and an admin. `add` (by an admin) makes a key a member,
 *   an admin if it says so; `remove` (by an admin, or a member removing itself) ends a
 *   membership. A key is a member in a causal past if some `add` of it there is not followed or
 *   accompanied by a `remove` of it there (a removal concurrent with an add wins).
 * - An operation counts if its author had the right in the state of its causal past.
 * - Strong removal: a removal that counts voids every operation and every act of the removed
 *   member that is concurrent with it (neither saw the other); what the member did after it
 *   counts for nothing by the rule above, unless someone re-adds them after it.
 * - Two removals that would void each other (two admins removing each other at once): the one
 *   by the senior member counts (earlier added: fewer steps from the group's creation, then the
 *   lower key), so a group never freezes.
 * - An act (`claim`, `decide`) counts if its author was a member in its causal past and no
 *   removal of its author that counts is concurrent with it.
 *
 * Work is bounded: at most {@link MAX_GROUP_OPS} operations per group are read (the first in
 * causal order), and the fixpoint over strong removals is cut after a bounded number of rounds.
 * @module
 */
import {
	MAX_GROUP_OPS,
	MAX_SEEN,
	type GroupId,
	type GroupNode,
	type GroupNodeId
} from '../../model/group.js';
import { cleanText } from '../../model/profile.js';

/** A member of a group as resolved. */
export interface GroupMember {
	readonly key: string;
	readonly admin: boolean;
}

/** A group as resolved from its nodes. */
export interface ResolvedGroup {
	readonly id: GroupId;
	/** Whether its `create` node is held. */
	readonly exists: boolean;
	/** Its name (from its creation), if it exists. */
	readonly name?: string;
	/** Who created it. */
	readonly creator?: string;
	/** Members now, senior first. */
	readonly members: readonly GroupMember[];
	/** The ids of the nodes that count (operations and acts). */
	readonly valid: ReadonlySet<GroupNodeId>;
	/** Every node held that counts or not, in causal order (a linear extension), waiting ones left out. */
	readonly order: readonly GroupNode[];
	/** The nodes no held node names as seen: what a new node of this group names. */
	readonly heads: readonly GroupNodeId[];
	/** Nodes that do not count, and why. */
	readonly ignored: ReadonlyMap<GroupNodeId, string>;
}

type OpNode = Extract<GroupNode, { type: 'create' | 'add' | 'remove' }>;
/** Rounds of the strong-removal fixpoint at most (honest histories settle in two or three). */
export const MAX_ROUNDS = 12;

const isOp = (n: GroupNode): n is OpNode =>
	n.type === 'create' || n.type === 'add' || n.type === 'remove';
/** The key an operation is about: the creator of a `create`, the member of the others. */
const subject = (op: OpNode) => (op.type === 'create' ? op.author : op.member);

/** A set of small integers (operation indices). */
class Bits {
	readonly w: Uint32Array;
	constructor(n: number) {
		this.w = new Uint32Array((n + 31) >>> 5);
	}
	has(i: number): boolean {
		return ((this.w[i >>> 5]! >>> (i & 31)) & 1) === 1;
	}
	add(i: number): void {
		this.w[i >>> 5]! |= 1 << (i & 31);
	}
	or(o: Bits): void {
		for (let k = 0; k < this.w.length; k++) this.w[k]! |= o.w[k]!;
	}
}

/** Causal structure of the held nodes: order, depth, ops and every node's past operations. */
interface Graph {
	readonly nodes: GroupNode[];
	readonly depth: Map<GroupNodeId, number>;
	readonly ops: OpNode[];
	readonly opIndex: Map<GroupNodeId, number>;
	readonly opsPast: Map<GroupNodeId, Bits>;
	readonly byId: Map<GroupNodeId, GroupNode>;
}

/** Orders the nodes whose seen nodes are all held (Kahn), by depth then id. */
function graphOf(all: readonly GroupNode[], ignored: Map<GroupNodeId, string>): Graph {
	const byId = new Map<GroupNodeId, GroupNode>();
	for (const n of all) if (!byId.has(n.id)) byId.set(n.id, n);
	const children = new Map<GroupNodeId, GroupNodeId[]>();
	const missing = new Map<GroupNodeId, number>();
	const ready: GroupNodeId[] = [];
	for (const n of byId.values()) {
		let m = 0;
		for (const s of n.seen) {
			if (!byId.has(s)) m = Infinity;
			else {
				m++;
				const c = children.get(s);
				if (c) c.push(n.id);
				else children.set(s, [n.id]);
			}
		}
		missing.set(n.id, m);
		if (m === 0) ready.push(n.id);
	}
	const depth = new Map<GroupNodeId, number>();
	for (let i = 0; i < ready.length; i++) {
		const id = ready[i]!;
		const n = byId.get(id)!;
		depth.set(id, n.seen.length ? Math.max(...n.seen.map((s) => depth.get(s)!)) + 1 : 0);
		for (const c of children.get(id) ?? []) {
			const left = missing.get(c)! - 1;
			missing.set(c, left);
			if (left === 0) ready.push(c);
		}
	}
	for (const id of byId.keys())
		if (!depth.has(id)) ignored.set(id, 'waits for records it names as seen');
	const nodes = ready
		.map((id) => byId.get(id)!)
		.sort((a, b) => depth.get(a.id)! - depth.get(b.id)! || (a.id < b.id ? -1 : 1));
	const ops: OpNode[] = [];
	const opIndex = new Map<GroupNodeId, number>();
	for (const n of nodes) {
		if (!isOp(n)) continue;
		if (ops.length >= MAX_GROUP_OPS) {
			ignored.set(n.id, `more than ${MAX_GROUP_OPS} membership changes: ignored`);
			continue;
		}
		opIndex.set(n.id, ops.length);
		ops.push(n);
	}
	const opsPast = new Map<GroupNodeId, Bits>();
	for (const n of nodes) {
		const b = new Bits(ops.length);
		for (const s of n.seen) {
			b.or(opsPast.get(s)!);
			const i = opIndex.get(s);
			if (i !== undefined) b.add(i);
		}
		opsPast.set(n.id, b);
	}
	return { nodes, depth, ops, opIndex, opsPast, byId };
}

/** Membership queries against a set of operations that count. */
class Membership {
	readonly #adds = new Map<string, number[]>();
	readonly #removes = new Map<string, number[]>();
	constructor(
		readonly g: Graph,
		readonly group: GroupId
	) {
		g.ops.forEach((op, i) => {
			const key = subject(op);
			const m = op.type === 'remove' ? this.#removes : this.#adds;
			const list = m.get(key);
			if (list) list.push(i);
			else m.set(key, [i]);
		});
	}

	/** The adds of `key` in `past` (ops that count) no removal there follows or accompanies. */
	standing(key: string, past: (i: number) => boolean): number[] {
		const removes = (this.#removes.get(key) ?? []).filter(past);
		return (this.#adds.get(key) ?? []).filter(
			(a) => past(a) && removes.every((r) => this.g.opsPast.get(this.g.ops[a]!.id)!.has(r))
		);
	}

	/** Whether `key` is a member (an admin with `admin`) in `past`. */
	is(key: string, past: (i: number) => boolean, admin = false): boolean {
		return this.standing(key, past).some((a) => {
			const op = this.g.ops[a]!;
			return !admin || op.type === 'create' || (op.type === 'add' && op.admin);
		});
	}

	/** How senior `key` is in `past`: the depth of its earliest standing add (lower: more senior). */
	seniority(key: string, past: (i: number) => boolean): number {
		const s = this.standing(key, past);
		return s.length ? Math.min(...s.map((a) => this.g.depth.get(this.g.ops[a]!.id)!)) : Infinity;
	}
}

/** Whether node `a` is in the causal past of node `b` (over all nodes; memoized per `b`). */
function pastOf(g: Graph, memo: Map<GroupNodeId, Set<GroupNodeId>>, b: GroupNodeId) {
	let set = memo.get(b);
	if (set) return set;
	set = new Set<GroupNodeId>();
	const stack = [...g.byId.get(b)!.seen];
	while (stack.length) {
		const id = stack.pop()!;
		if (set.has(id)) continue;
		set.add(id);
		stack.push(...g.byId.get(id)!.seen);
	}
	memo.set(b, set);
	return set;
}

/**
 * Resolves one group from its nodes (those of other groups are left out). Pure and independent
 * of the order of `nodes`: see the module comment for the rules.
 */
export function resolveGroup(id: GroupId, nodes: readonly GroupNode[]): ResolvedGroup {
	const ignored = new Map<GroupNodeId, string>();
	const mine = nodes.filter((n) => (n.type === 'create' ? n.id === id : n.group === id));
	const g = graphOf(mine, ignored);
	const create = g.byId.get(id);
	if (!create || !g.depth.has(id)) {
		for (const n of g.nodes) ignored.set(n.id, 'its group is not known here');
		return { id, exists: false, members: [], valid: new Set(), order: g.nodes, heads: [], ignored };
	}
	const m = new Membership(g, id);
	const past = (n: GroupNode, valid: Bits) => {
		const p = g.opsPast.get(n.id)!;
		return (i: number) => p.has(i) && valid.has(i);
	};
	const concurrent = (a: GroupNode, b: GroupNode) =>
		a.id !== b.id &&
		!g.opsPast.get(a.id)!.has(g.opIndex.get(b.id)!) &&
		!g.opsPast.get(b.id)!.has(g.opIndex.get(a.id)!);

	/** The operations that count when the ones in `excluded` are voided. */
	const sweep = (excluded: ReadonlySet<number>): Bits => {
		const valid = new Bits(g.ops.length);
		g.ops.forEach((op, i) => {
			if (excluded.has(i)) return;
			const p = past(op, valid);
			let ok = false;
			if (op.type === 'create') ok = op.id === id;
			else if (op.type === 'add') ok = m.is(op.author, p, true);
			else if (op.type === 'remove')
				ok = m.is(op.author, p, true) || (op.author === op.member && m.is(op.author, p));
			if (ok) valid.add(i);
		});
		return valid;
	};
	/** The operations valid removals void, senior removers first. */
	const victims = (valid: Bits): Set<number> => {
		const removals = g.ops
			.map((op, i) => ({ op, i }))
			.filter(({ op, i }) => op.type === 'remove' && valid.has(i))
			.map((r) => ({ ...r, rank: m.seniority(r.op.author, past(r.op, valid)) }))
			.sort((a, b) => a.rank - b.rank || (a.op.author < b.op.author ? -1 : 1) || a.i - b.i);
		const out = new Set<number>();
		for (const { op: r, i } of removals) {
			if (out.has(i) || r.type !== 'remove') continue;
			g.ops.forEach((o, j) => {
				if (o.author === r.member && valid.has(j) && o.id !== r.id && concurrent(o, r)) out.add(j);
			});
		}
		return out;
	};
	let excluded = new Set<number>();
	let valid = sweep(excluded);
	for (let round = 0; round < MAX_ROUNDS; round++) {
		const next = victims(valid);
		const same = next.size === excluded.size && [...next].every((i) => excluded.has(i));
		if (same) break;
		// The last round keeps every operation voided so far (no fixpoint: a hostile history).
		excluded = round < MAX_ROUNDS - 1 ? next : new Set([...excluded, ...next]);
		valid = sweep(excluded);
	}
	g.ops.forEach((op, i) => {
		if (valid.has(i)) return;
		ignored.set(
			op.id,
			excluded.has(i)
				? 'made by a member concurrently removed: void'
				: op.type === 'remove' && op.author !== op.member
					? 'made by someone not an admin then'
					: op.type === 'add'
						? 'made by someone not an admin then'
						: 'made by someone not a member then'
		);
	});

	const out = new Set<GroupNodeId>();
	for (const [i, op] of g.ops.entries()) if (valid.has(i)) out.add(op.id);
	const memo = new Map<GroupNodeId, Set<GroupNodeId>>();
	const removalsOf = new Map<string, GroupNode[]>();
	for (const [i, op] of g.ops.entries())
		if (op.type === 'remove' && valid.has(i)) {
			const l = removalsOf.get(op.member);
			if (l) l.push(op);
			else removalsOf.set(op.member, [op]);
		}
	for (const n of g.nodes) {
		if (isOp(n)) continue;
		if (!m.is(n.author, past(n, valid))) {
			ignored.set(n.id, 'made by someone not a member then');
			continue;
		}
		const cut = (removalsOf.get(n.author) ?? []).some(
			(r) => !g.opsPast.get(n.id)!.has(g.opIndex.get(r.id)!) && !pastOf(g, memo, r.id).has(n.id)
		);
		if (cut) ignored.set(n.id, 'made by a member concurrently removed: void');
		else out.add(n.id);
	}

	const everyValid = (i: number) => valid.has(i);
	const keys = new Set(g.ops.map(subject));
	const members = [...keys]
		.filter((k) => m.is(k, everyValid))
		.map((key) => ({
			key,
			admin: m.is(key, everyValid, true),
			rank: m.seniority(key, everyValid)
		}))
		.sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : 1))
		.map(({ key, admin }) => ({ key, admin }));

	const named = new Set<GroupNodeId>();
	for (const n of g.nodes) for (const s of n.seen) named.add(s);
	const heads = g.nodes
		.filter((n) => !named.has(n.id))
		.sort((a, b) => g.depth.get(b.id)! - g.depth.get(a.id)! || (a.id < b.id ? -1 : 1))
		.slice(0, MAX_SEEN)
		.map((n) => n.id)
		.sort();
	const c = create as Extract<GroupNode, { type: 'create' }>;
	return {
		id,
		exists: true,
		name: cleanText(c.name).slice(0, 80) || '(unnamed group)',
		creator: c.author,
		members,
		valid: out,
		order: g.nodes,
		heads,
		ignored
	};
}
