/**
 * Groups (communal owners, PROTOCOL.md "Groups"): the records of a group's causal graph. Every
 * record is an immutable node written under its author's key prefix: an operation on the
 * membership (`create`, `add`, `remove`), a `claim` that makes the group the owner of a resource
 * its author created, or a `decide` by a member on a request for a group's resource. Each node
 * names the nodes of the group its author had seen last (`seen`, the heads), so whether one node
 * is in the causal past of another is decided from the records alone, never from clocks.
 *
 * A node's id is the hash of its content and its author (the creator of its Automerge object),
 * so a node cannot be edited, forged for another author, or made to claim another id: an edited
 * node no longer matches its key and is ignored. A group's id is the id of its `create` node.
 * @module
 */
import { blake3 } from '@noble/hashes/blake3.js';
import { toHex } from '../bytes.js';
import type { EventId, FestivalId, ResourceId } from '../festival/document/ids.js';
import { isFrame, isInstant, type TimeFrame } from './time.js';
import { clip, str } from './text.js';
import type { Verdict } from './decision.js';
import { cleanText } from './profile.js';

/** The id of a group node (32 hex: the first 16 bytes of its content hash). */
export type GroupNodeId = string & { readonly __brand: 'GroupNodeId' };
/** A group's id: the id of its `create` node. */
export type GroupId = GroupNodeId;

/** Most node ids a node may name as seen (an honest writer names the heads it had). */
export const MAX_SEEN = 32;
/** Most membership operations of one group that are read (the rest are ignored, in causal order). */
export const MAX_GROUP_OPS = 256;
/** Longest group name, in characters. */
export const MAX_GROUP_NAME = 80;

const NODE_ID = /^[0-9a-f]{32}$/;
const PERSON = /^[0-9a-f]{64}$/;
const ITEM = /^[0-9a-f]{32}$/;
const FESTIVAL = /^[0-9a-f]{64}$/;

/** Whether a string has the form of a group (node) id. */
export function isGroupId(s: string): s is GroupId {
	return NODE_ID.test(s);
}

/** The key a node is stored under in its container: the author's prefix, `g`, its id. */
export function groupNodeKey(author: string, id: GroupNodeId): string {
	return `${author.slice(0, 16)}g${id}`;
}

/** Whether a key of a shared container holds a group node; its id if so. */
export function groupKeyId(key: string): GroupNodeId | undefined {
	return key.length === 49 && key[16] === 'g' && NODE_ID.test(key.slice(17))
		? (key.slice(17) as GroupNodeId)
		: undefined;
}

/** What a node says, without its author, id and seen list. */
export type GroupNodeBody =
	| { readonly type: 'create'; readonly name: string; readonly nonce: string }
	| {
			readonly type: 'add';
			readonly group: GroupId;
			readonly member: string;
			readonly admin: boolean;
	  }
	| { readonly type: 'remove'; readonly group: GroupId; readonly member: string }
	| { readonly type: 'claim'; readonly group: GroupId; readonly resource: ResourceId }
	| {
			readonly type: 'decide';
			readonly group: GroupId;
			readonly resource: ResourceId;
			readonly event: EventId;
			/** The festival holding the event. */
			readonly festival: FestivalId;
			readonly verdict: Verdict;
			readonly frame: TimeFrame;
			readonly at: string;
			readonly reason?: string;
	  };

/** A node as read: its body, its author (public key hex), its id and the ids it had seen. */
export type GroupNode = GroupNodeBody & {
	readonly id: GroupNodeId;
	readonly author: string;
	readonly seen: readonly GroupNodeId[];
};

/** The group a node belongs to (a `create` node: its own id). */
export function groupOf(n: GroupNode): GroupId {
	return n.type === 'create' ? n.id : n.group;
}

/** The canonical content a node's id hashes: author, fields in a fixed order, seen sorted. */
function canonical(author: string, b: GroupNodeBody, seen: readonly string[]): string {
	const fields: (string | boolean | undefined)[] = [author, b.type];
	switch (b.type) {
		case 'create':
			fields.push(b.name, b.nonce);
			break;
		case 'add':
			fields.push(b.group, b.member, b.admin);
			break;
		case 'remove':
			fields.push(b.group, b.member);
			break;
		case 'claim':
			fields.push(b.group, b.resource);
			break;
		case 'decide':
			fields.push(b.group, b.resource, b.event, b.festival, b.verdict);
			fields.push(b.frame.start, b.frame.end, b.at, b.reason ?? '');
	}
	return JSON.stringify([...fields, [...seen].sort()]);
}

/** The id of a node with this author, body and seen list. */
export function groupNodeId(
	author: string,
	body: GroupNodeBody,
	seen: readonly string[]
): GroupNodeId {
	const digest = blake3(new TextEncoder().encode(canonical(author, body, seen)));
	return toHex(digest.subarray(0, 16)) as GroupNodeId;
}

/** A node made by `author` now: its body with its id and seen list. */
export function makeGroupNode(
	author: string,
	body: GroupNodeBody,
	seen: readonly GroupNodeId[]
): GroupNode {
	const s = [...new Set(seen)].sort().slice(0, MAX_SEEN);
	return { ...body, author, seen: s, id: groupNodeId(author, body, s) };
}

/** A group name as typed: cleaned, or undefined when nothing is left or it is too long. */
export function checkGroupName(name: string): string | undefined {
	const s = cleanText(name);
	return s && s.length <= MAX_GROUP_NAME ? s : undefined;
}

const VERDICT_SET: ReadonlySet<string> = new Set(['accept', 'deny', 'withdraw']);

function bodyOf(o: Record<string, unknown>): GroupNodeBody | string {
	const type = str(o.type);
	const group = str(o.group);
	if (type === 'create') {
		const name = str(o.name);
		const nonce = str(o.nonce);
		if (!name || name.length > MAX_GROUP_NAME * 4 || !nonce || nonce.length > 64)
			return 'a group needs a name and a nonce';
		return { type, name, nonce };
	}
	if (!group || !NODE_ID.test(group)) return 'a group record names its group';
	const g = group as GroupId;
	if (type === 'add' || type === 'remove') {
		const member = str(o.member);
		if (!member || !PERSON.test(member)) return 'a membership change names a public key';
		return type === 'add'
			? { type, group: g, member, admin: o.admin === true }
			: { type, group: g, member };
	}
	const resource = str(o.resource);
	if (!resource || !ITEM.test(resource)) return 'a group record names a resource';
	if (type === 'claim') return { type, group: g, resource: resource as ResourceId };
	if (type !== 'decide') return `unknown group record ${JSON.stringify(type?.slice(0, 20))}`;
	const event = str(o.event);
	const festival = str(o.festival);
	const verdict = str(o.verdict);
	const at = str(o.at);
	const frame = { start: str(o.start), end: str(o.end) };
	const reason = str(o.reason);
	if (!event || !ITEM.test(event) || !festival || !FESTIVAL.test(festival))
		return 'a group decision names an event and its festival';
	if (!verdict || !VERDICT_SET.has(verdict)) return 'a verdict is accept, deny or withdraw';
	if (!isFrame(frame) || !isInstant(at)) return 'a decision needs a frame and a time';
	if (reason !== undefined && clip('reason', reason) !== reason) return 'the reason is too long';
	return {
		type,
		group: g,
		resource: resource as ResourceId,
		event: event as EventId,
		festival: festival as FestivalId,
		verdict: verdict as Verdict,
		frame,
		at,
		...(reason ? { reason } : {})
	};
}

/**
 * Reads a stored node (an untrusted value) made by `author` under a key naming `id`: the node,
 * or why it does not count (its content does not hash to its id, it names too many or
 * malformed seen ids, a field is missing or malformed).
 */
export function readGroupNode(
	value: unknown,
	author: string,
	id: GroupNodeId
): { ok: true; node: GroupNode } | { ok: false; reason: string } {
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		return { ok: false, reason: 'a group record must be a map' };
	const o = value as Record<string, unknown>;
	const body = bodyOf(o);
	if (typeof body === 'string') return { ok: false, reason: body };
	const rawSeen = o.seen;
	if (!Array.isArray(rawSeen) || rawSeen.length > MAX_SEEN)
		return { ok: false, reason: `a group record names at most ${MAX_SEEN} seen records` };
	const seen: GroupNodeId[] = [];
	for (const s of rawSeen) {
		const v = str(s);
		if (!v || !NODE_ID.test(v)) return { ok: false, reason: 'a seen record is not an id' };
		seen.push(v as GroupNodeId);
	}
	if (groupNodeId(author, body, seen) !== id)
		return { ok: false, reason: 'its content does not match its id (edited or forged)' };
	return { ok: true, node: { ...body, author, id, seen: [...seen].sort() } };
}
