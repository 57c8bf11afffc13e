/**
 * The edits of groups (PROTOCOL.md, "Groups"), checked like the other edits (edits.ts): create a
 * group, add or remove a member, make a resource the group's, decide as a member. Each writes
 * one node naming `seen`, the heads of the group as the writer reads them (`ResolvedGroup.heads`).
 * Whether the writer may is decided by every reader from the nodes; these edits do not check it.
 * @module
 */
import { randomBytes, toHex } from '../bytes.js';
import * as doc from '../festival/document/doc.js';
import { writeGroupNode } from '../festival/document/groups.js';
import type { ResourceId } from '../festival/document/ids.js';
import type { AuthorId } from '../identity/identity.js';
import { checkDecision, type DecisionInput } from './decision.js';
import { decide, type Editable } from './edits.js';
import type { GroupIndex } from '../festival/read/group-types.js';
import {
	checkGroupName,
	makeGroupNode,
	MAX_GROUP_NAME,
	type GroupId,
	type GroupNode,
	type GroupNodeId
} from './group.js';
import type { Checked } from './problems.js';
import { checkResource, type ResourceInput } from './resource.js';

const PERSON = /^[0-9a-f]{64}$/;

/** Creates a group named `name` with `author` as its first member and admin: its id. */
export async function createGroup(
	at: Editable,
	author: AuthorId,
	name: string
): Promise<Checked<GroupId>> {
	const clean = checkGroupName(name);
	if (!clean)
		return {
			ok: false,
			problems: [
				name.trim()
					? { field: 'name', code: 'too-long', limit: MAX_GROUP_NAME }
					: { field: 'name', code: 'required' }
			]
		};
	const n = makeGroupNode(
		author,
		{ type: 'create', name: clean, nonce: toHex(randomBytes(8)) },
		[]
	);
	await at.change((d) => writeGroupNode(d, n));
	return { ok: true, value: n.id };
}

/** Adds `member` (an admin with `admin`) to a group, or removes them (`admin` ignored). */
export async function changeMember(
	at: Editable,
	author: AuthorId,
	group: GroupId,
	change: 'add' | 'remove',
	member: string,
	seen: readonly GroupNodeId[],
	admin = false
): Promise<Checked<GroupNodeId>> {
	const key = member.trim().toLowerCase();
	if (!PERSON.test(key)) return { ok: false, problems: [{ field: 'member', code: 'invalid' }] };
	const n = makeGroupNode(
		author,
		change === 'add'
			? { type: 'add', group, member: key, admin }
			: { type: 'remove', group, member: key },
		seen
	);
	await at.change((d) => writeGroupNode(d, n));
	return { ok: true, value: n.id };
}

/** Adds a resource created by `author` and owned by `group`, in one change with its claim. */
export function addGroupResource(
	at: Editable,
	author: AuthorId,
	input: ResourceInput,
	group: GroupId,
	seen: readonly GroupNodeId[]
): Promise<Checked<ResourceId>> {
	const checked = checkResource(input);
	if (!checked.ok) return Promise.resolve(checked);
	return at
		.change((d) => {
			const id = doc.addResource(d, author, checked.value);
			writeGroupNode(d, makeGroupNode(author, { type: 'claim', group, resource: id }, seen));
			return id;
		})
		.then((value) => ({ ok: true, value }));
}

/** The node of a member's decision on a request for a group's resource. */
export function decisionNode(
	author: AuthorId,
	group: GroupId,
	input: DecisionInput,
	seen: readonly GroupNodeId[]
): Checked<GroupNode> {
	const c = checkDecision(input);
	if (!c.ok) return c;
	const d = c.value;
	return {
		ok: true,
		value: makeGroupNode(
			author,
			{
				type: 'decide',
				group,
				resource: d.resource,
				event: d.event,
				festival: d.festival,
				verdict: d.verdict,
				frame: d.frame,
				at: d.at,
				...(d.reason !== undefined ? { reason: d.reason } : {})
			},
			seen
		)
	};
}

/** Records a member's decision on a request for a group's resource (`at`: the resource's festival). */
export async function decideAsMember(
	at: Editable,
	author: AuthorId,
	group: GroupId,
	input: DecisionInput,
	seen: readonly GroupNodeId[]
): Promise<Checked<void>> {
	const n = decisionNode(author, group, input, seen);
	if (!n.ok) return n;
	await at.change((d) => writeGroupNode(d, n.value));
	return { ok: true, value: undefined };
}

/**
 * Records a decision on a request for a resource: as a member's node when a group owns it
 * (`group`, naming the group's heads in `groups`), else as the owner's decision.
 */
export function decideAs(
	at: Editable,
	author: AuthorId,
	input: DecisionInput,
	group: GroupId | undefined,
	groups: GroupIndex
): Promise<Checked<void>> {
	if (group === undefined) return decide(at, input);
	return decideAsMember(at, author, group, input, groups.groups.get(group)?.heads ?? []);
}
