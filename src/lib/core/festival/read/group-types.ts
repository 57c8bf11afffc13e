/**
 * The types of the groups of a tree as the read model holds them (groups.ts).
 * @module
 */
import type { ResourceId } from '../document/ids.js';
import type { GroupId, GroupNode } from '../../model/group.js';
import type { ResolvedGroup } from './group-resolver.js';

/** A resource's claim by a group: which group, and whether the claim counts. */
export interface GroupClaim {
	readonly group: GroupId;
	/** The claim counts: its author (the resource's creator) was a member then. */
	readonly valid: boolean;
}

/** The groups of a tree, resolved. */
export interface GroupIndex {
	readonly groups: ReadonlyMap<GroupId, ResolvedGroup>;
	/** Claims per resource id, by claiming author (the resource's creator must be one of them). */
	readonly claims: ReadonlyMap<ResourceId, readonly GroupNode[]>;
	/** Decisions by members per request (resource id + event id), valid or not, in causal order. */
	readonly decisions: ReadonlyMap<string, readonly GroupNode[]>;
}
