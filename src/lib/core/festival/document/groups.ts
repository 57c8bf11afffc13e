/**
 * Writing group nodes (model/group.ts): each is a new immutable map under the key
 * `<author prefix>g<node id>`, so the write rules let only its author add it. Membership
 * changes and claims go in `children` (beside profiles), decisions by members in `decisions`.
 * @module
 */
import * as A from '@automerge/automerge';
import { groupNodeKey, type GroupNode } from '../../model/group.js';
import { CONTAINERS, decide, type FestivalDoc } from './doc.js';
import { shardOf } from './ids.js';
import { checkText, type DecisionData } from './schema.js';

const S = (s: string) => new A.ImmutableString(s);

/** The stored map of a node (its author and id are not stored: the object and key say them). */
function stored(n: GroupNode): Record<string, unknown> {
	const seen = n.seen.map(S);
	switch (n.type) {
		case 'create':
			return { type: S(n.type), name: S(n.name), nonce: S(n.nonce), seen };
		case 'add':
			return {
				type: S(n.type),
				group: S(n.group),
				member: S(n.member),
				...(n.admin ? { admin: true } : {}),
				seen
			};
		case 'remove':
			return { type: S(n.type), group: S(n.group), member: S(n.member), seen };
		case 'claim':
			return { type: S(n.type), group: S(n.group), resource: S(n.resource), seen };
		case 'decide':
			checkText('reason', n.reason);
			return {
				type: S(n.type),
				group: S(n.group),
				resource: S(n.resource),
				event: S(n.event),
				festival: S(n.festival),
				verdict: S(n.verdict),
				start: S(n.frame.start),
				end: S(n.frame.end),
				at: S(n.at),
				...(n.reason ? { reason: S(n.reason) } : {}),
				seen
			};
	}
}

/** The container a node is written to: decisions in `decisions`, the rest in `children`. */
export function groupContainer(n: GroupNode): 'children' | 'decisions' {
	return n.type === 'decide' ? 'decisions' : 'children';
}

/** Writes a node made by the document's local author (`n.author`). */
export function writeGroupNode(d: FestivalDoc, n: GroupNode): void {
	const c = groupContainer(n);
	const key = groupNodeKey(n.author, n.id);
	const shard = d[c][shardOf(key, CONTAINERS[c])] as Record<string, unknown> | undefined;
	if (!shard) throw new Error(`no shard for ${c}/${key}`);
	shard[key] = stored(n);
}

/** Writes a decision: the member's node for a group's resource (`node`), else the owner's decision. */
export function writeDecisionOrNode(d: FestivalDoc, dec: DecisionData, node?: GroupNode): void {
	if (node) writeGroupNode(d, node);
	else decide(d, dec);
}
