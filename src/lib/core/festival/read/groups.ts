/**
 * Groups in the read model (PROTOCOL.md, "Groups"): every group node of a tree's documents
 * read, each group resolved (group-resolver.ts), and what the resolved groups mean for
 * resources: which resources a group owns (a claim by the resource's creator that counts) and
 * which decisions of members count for a request.
 *
 * A node counts only if the author its key names made its object (like every keyed value,
 * ownership.ts) and its content hashes to its key's id. Nodes are read from every festival of
 * the tree and deduplicated by id (a fork's copies are the same nodes).
 * @module
 */
import type { FestivalDoc } from '../document/doc.js';
import { authorPrefix, type FestivalId, type ResourceId } from '../document/ids.js';
import {
	groupKeyId,
	groupOf,
	readGroupNode,
	type GroupId,
	type GroupNode,
	type GroupNodeId
} from '../../model/group.js';
import { resolveGroup, type ResolvedGroup } from './group-resolver.js';
import { keysOf, owned, voidCheck } from './ownership.js';
import type { FestivalTree, ReadProblem } from './tree-types.js';

export type { ResolvedGroup, GroupMember } from './group-resolver.js';
export type { GroupClaim, GroupIndex } from './group-types.js';
import type { GroupClaim, GroupIndex } from './group-types.js';

const parsed = new WeakMap<object, ReturnType<typeof readGroupNode>>();

/** The group nodes of one document (and problems for records that do not count). */
function nodesOf(id: FestivalId, doc: FestivalDoc, problems: ReadProblem[]): GroupNode[] {
	const out: GroupNode[] = [];
	const isVoid = voidCheck(doc);
	for (const c of ['children', 'decisions'] as const) {
		for (const [container, key] of keysOf(doc, c)) {
			const nid = groupKeyId(key);
			if (!nid) continue;
			const where = `${c}/${key}`;
			const o = owned(container, key, (a) => key.startsWith(authorPrefix(a)), isVoid);
			if (o.owner === undefined || typeof o.value !== 'object' || o.value === null) {
				problems.push({
					festival: id,
					where,
					reason: 'a group record not made by its key’s author'
				});
				continue;
			}
			const value = o.value;
			let r = parsed.get(value);
			if (!r || (r.ok && r.node.author !== o.owner)) {
				r = readGroupNode(value, o.owner, nid);
				parsed.set(value, r);
			}
			if (!r.ok) problems.push({ festival: id, where, reason: r.reason });
			else if ((r.node.type === 'decide') !== (c === 'decisions'))
				problems.push({ festival: id, where, reason: 'a group record in the wrong container' });
			else out.push(r.node);
		}
	}
	return out;
}

/** Whether a document holds any group record (a quick check before reading them). */
function hasGroupKeys(doc: FestivalDoc): boolean {
	for (const c of ['children', 'decisions'] as const)
		for (const [, key] of keysOf(doc, c)) if (groupKeyId(key)) return true;
	return false;
}

const EMPTY: GroupIndex = { groups: new Map(), claims: new Map(), decisions: new Map() };

/** Reads and resolves every group of a tree; problems go to `problemsOf(festival)`. */
export function readGroups(
	docs: FestivalTree,
	problemsOf: (f: FestivalId) => ReadProblem[] | undefined
): GroupIndex {
	const byGroup = new Map<GroupId, GroupNode[]>();
	const seen = new Set<GroupNodeId>();
	let any = false;
	for (const [fid, doc] of [...docs].sort(([a], [b]) => (a < b ? -1 : 1))) {
		if (!hasGroupKeys(doc)) continue;
		any = true;
		const problems: ReadProblem[] = [];
		for (const n of nodesOf(fid, doc, problems)) {
			if (seen.has(n.id)) continue;
			seen.add(n.id);
			const g = groupOf(n);
			const list = byGroup.get(g);
			if (list) list.push(n);
			else byGroup.set(g, [n]);
		}
		problemsOf(fid)?.push(...problems);
	}
	if (!any) return EMPTY;
	const groups = new Map<GroupId, ResolvedGroup>();
	const claims = new Map<ResourceId, GroupNode[]>();
	const decisions = new Map<string, GroupNode[]>();
	for (const [g, nodes] of [...byGroup].sort(([a], [b]) => (a < b ? -1 : 1))) {
		const r = resolveGroup(g, nodes);
		groups.set(g, r);
		for (const n of r.order) {
			if (n.type === 'claim') {
				const l = claims.get(n.resource);
				if (l) l.push(n);
				else claims.set(n.resource, [n]);
			} else if (n.type === 'decide') {
				const k = n.resource + n.event;
				const l = decisions.get(k);
				if (l) l.push(n);
				else decisions.set(k, [n]);
			}
		}
	}
	return { groups, claims, decisions };
}

/**
 * The group claim of a resource made by `creator` (its Automerge object's author): the first
 * claim that counts, else the first claim (which names the group but lets no one decide).
 */
export function claimOf(
	index: GroupIndex,
	resource: ResourceId,
	creator: string
): GroupClaim | undefined {
	const mine = (index.claims.get(resource) ?? []).filter((n) => n.author === creator);
	const valid = mine.find((n) => index.groups.get(groupOf(n))?.valid.has(n.id));
	const pick = valid ?? mine[0];
	return pick ? { group: groupOf(pick), valid: valid !== undefined } : undefined;
}

/** Whether `key` is a member of group `g` now. */
export function isMember(index: GroupIndex, g: GroupId, key: string): boolean {
	return index.groups.get(g)?.members.some((m) => m.key === key) ?? false;
}

/** The groups `key` is a member of now. */
export function groupsOfMember(index: GroupIndex, key: string): ResolvedGroup[] {
	return [...index.groups.values()].filter((g) => g.members.some((m) => m.key === key));
}

/** A group as shown. */
export interface GroupView {
	readonly id: GroupId;
	readonly name: string;
	/** Public key of who created it. */
	readonly creator: string;
	/** Members now, senior first, with the names they published (or null). */
	readonly members: readonly {
		readonly key: string;
		readonly name: string | null;
		readonly admin: boolean;
	}[];
	/** The group's heads: what a new record of the group names as seen. */
	readonly heads: readonly GroupNodeId[];
}

/** The groups of a tree that exist, by name, as shown. */
export function groupViews(index: GroupIndex, nameOf: (key: string) => string | null): GroupView[] {
	return [...index.groups.values()]
		.filter((g) => g.exists)
		.map((g) => ({
			id: g.id,
			name: g.name!,
			creator: g.creator!,
			members: g.members.map((m) => ({ key: m.key, name: nameOf(m.key), admin: m.admin })),
			heads: g.heads
		}))
		.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}
