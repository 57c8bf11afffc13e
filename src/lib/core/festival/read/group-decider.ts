/**
 * Decisions of a group's member as nodes (PROTOCOL.md, "Groups"), for the policy run and for
 * decisions made by hand.
 * @module
 */
import type { DecisionData } from '../document/schema.js';
import {
	makeGroupNode,
	type GroupId,
	type GroupNode,
	type GroupNodeId
} from '../../model/group.js';
import type { GroupIndex } from './group-types.js';
import type { ResourceView } from './views.js';

/**
 * Makes the nodes a member writes for decisions on group resources, in one run: each names the
 * group's heads as read, then the node made before it, so one author's decisions form a chain
 * (and the heads stay few). Undefined for a resource no group owns.
 */
export function groupDecider(
	index: GroupIndex,
	me: string
): (resource: ResourceView, d: DecisionData) => GroupNode | undefined {
	const heads = new Map<GroupId, readonly GroupNodeId[]>();
	return (resource, d) => {
		if (resource.members === undefined) return undefined;
		const g = resource.owner as GroupId;
		const seen = heads.get(g) ?? index.groups.get(g)?.heads ?? [];
		const node = makeGroupNode(
			me,
			{
				type: 'decide',
				group: g,
				resource: d.resource,
				event: d.event,
				festival: d.festival,
				verdict: d.verdict,
				frame: d.frame,
				at: d.at,
				...(d.reason !== undefined ? { reason: d.reason } : {})
			},
			seen
		);
		heads.set(g, [node.id]);
		return node;
	};
}
