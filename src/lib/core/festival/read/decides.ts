/**
 * Whether someone may decide anything in a tree, known without reading it: the policies of a
 * device that owns no resource there and can belong to no group decide nothing, so a run need
 * not read every event of a large festival it only holds.
 * @module
 */
import type { FestivalDoc } from '../document/doc.js';
import { authorPrefix, type FestivalId } from '../document/ids.js';
import { groupKeyId } from '../../model/group.js';
import { keysOf } from './ownership.js';

/**
 * False only if no document of `tree` holds a resource whose id names `me` as its author
 * (ownership: the resource's creator, whose key its id starts with) and none holds a group
 * record (a group's member decides for the group's resources). True means "maybe".
 */
export function mayDecideAny(tree: ReadonlyMap<FestivalId, FestivalDoc>, me: string): boolean {
	const mine = authorPrefix(me);
	for (const doc of tree.values()) {
		for (const [, key] of keysOf(doc, 'resources')) if (key.startsWith(mine)) return true;
		for (const c of ['children', 'decisions'] as const)
			for (const [, key] of keysOf(doc, c)) if (groupKeyId(key)) return true;
	}
	return false;
}
