/**
 * Whether a resource is free for a frame (capacity, availability, every festival of the tree).
 * @module
 */
import type { EventId, FestivalId, ResourceId } from '../document/ids.js';
import { within, type TimeFrame } from '../document/schema.js';
import { capacityCount } from '../../model/resource.js';
import { readTree, type TreeInput } from './tree-input.js';
import { occupancy, overloaded, touches } from './tree-model.js';

/** Whether a resource is free for a frame, and why not. */
export type FreeResult =
	| { readonly free: true }
	| {
			readonly free: false;
			readonly reason: 'taken' | 'outside availability' | 'unknown resource';
			/** The events holding the resource then (for `taken`). */
			readonly holders?: readonly { readonly festival: FestivalId; readonly event: EventId }[];
	  };

/** Options of {@link freeAt}. */
export interface FreeOptions {
	/** The festival holding the resource; found in the tree if omitted. */
	readonly festival?: FestivalId;
	/**
	 * An event whose own accepted request does not count (asking whether it could move). Its
	 * copies in other festivals (a fork and its original) are the same event: they do not count either.
	 */
	readonly ignore?: { readonly festival: FestivalId; readonly event: EventId };
	/** More frames to count as taken (decisions being made but not yet written). */
	readonly extra?: readonly TimeFrame[];
	/** Check only whether the resource is taken, not its availability windows. */
	readonly ignoreAvailability?: boolean;
}

/**
 * Whether a resource is free for a frame: within its availability windows (if it has any),
 * and with fewer than its capacity (default 1) accepted requests overlapping at every instant
 * of the frame, counting its requests in every festival of the tree. Requests in conflict
 * still hold the resource (their owner accepted them).
 */
export function freeAt(
	tree: TreeInput,
	resource: ResourceId,
	frame: TimeFrame,
	opts: FreeOptions = {}
): FreeResult {
	const m = readTree(tree);
	const festival =
		opts.festival ?? [...m.festivals.values()].find((f) => f.resources.has(resource))?.id;
	const res = festival ? m.festivals.get(festival)?.resources.get(resource) : undefined;
	if (!festival || !res) return { free: false, reason: 'unknown resource' };
	if (
		!opts.ignoreAvailability &&
		res.availability?.length &&
		!res.availability.some((w) => within(frame, w))
	)
		return { free: false, reason: 'outside availability' };
	const held = (m.byResource.get(resource) ?? []).filter(
		(q) =>
			(q.status === 'accepted' || q.status === 'conflict') &&
			!(opts.ignore && q.event === opts.ignore.event) &&
			touches(q.frame, [[Date.parse(frame.start), Date.parse(frame.end)]])
	);
	const frames = [...occupancy(held), ...(opts.extra ?? []), frame];
	// Adding this frame must not push any instant of it beyond capacity.
	const over = overloaded(
		frames,
		Math.min(capacityCount(res.capacity), m.capacity.get(resource) ?? Infinity)
	);
	if (!touches(frame, over)) return { free: true };
	return {
		free: false,
		reason: 'taken',
		holders: held.map((q) => ({ festival: q.festival, event: q.event }))
	};
}
