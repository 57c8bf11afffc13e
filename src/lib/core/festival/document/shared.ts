/**
 * The shared containers of a document (made by its genesis, written by everyone by the write
 * rules): their object ids, which the rule check needs.
 * @module
 */
import * as A from '@automerge/automerge';
import { CONTAINERS, type Container, type FestivalDoc } from './doc.js';
import { shardNames } from './ids.js';

/** Adds the object ids of a document's shared containers and their shards to `into`. */
export function addSharedContainers(doc: A.Doc<FestivalDoc>, into: Set<string>): void {
	for (const [name, shards] of Object.entries(CONTAINERS)) {
		const c = doc[name as Container] as FestivalDoc[Container] | undefined;
		if (!c) continue;
		into.add(A.getObjectId(c)!);
		for (const s of shardNames(shards)) if (c[s]) into.add(A.getObjectId(c[s])!);
	}
}
