/**
 * Reading a large festival tree without holding the page: the read model (core's read steps)
 * run in slices of a few milliseconds with the browser's turn between them, so a tree of tens
 * of thousands of events is read while the page stays responsive.
 * @module
 */
import {
	type FestivalDoc,
	type FestivalId,
	type FestivalView,
	readFestivalSteps,
	readTreeSteps,
	runSliced,
	type TreeModel
} from '../../core/index.js';
import { yieldToPage } from '../yield.js';

/** From this many events in the open festivals on, a tree is read in slices. */
export const LARGE_TREE_EVENTS = 2000;

/** What one slice of a read may take (ms) before the page has its turn. */
const SLICE_MS = 12;

/** Whether a tree is large enough to be read in slices (counting stops at the threshold). */
export function isLarge(tree: ReadonlyMap<FestivalId, FestivalDoc>): boolean {
	let n = 0;
	for (const doc of tree.values()) {
		const shards = doc.events as Record<string, object | undefined> | undefined;
		if (!shards || typeof shards !== 'object') continue;
		for (const shard of Object.values(shards)) {
			if (shard && typeof shard === 'object') n += Object.keys(shard).length;
			if (n >= LARGE_TREE_EVENTS) return true;
		}
	}
	return false;
}

/** A read of a tree: its model and the view of one festival of it (if one was asked). */
export interface SlicedRead {
	readonly tree: ReadonlyMap<FestivalId, FestivalDoc>;
	readonly model: TreeModel;
	readonly id: FestivalId | undefined;
	readonly view: FestivalView | undefined;
}

/** Reads `tree`, and the festival `id` in it, in slices; undefined once `cancelled` says so. */
export async function readSliced(
	tree: ReadonlyMap<FestivalId, FestivalDoc>,
	id: FestivalId | undefined,
	cancelled: () => boolean
): Promise<SlicedRead | undefined> {
	const pace = { sliceMs: SLICE_MS, pause: yieldToPage, now: () => performance.now(), cancelled };
	const model = await runSliced(readTreeSteps(tree), pace);
	if (!model || cancelled()) return undefined;
	const view = id ? await runSliced(readFestivalSteps(model, id), pace) : undefined;
	// What the page does with the result (rendering it) starts a task of its own.
	await yieldToPage();
	if (cancelled()) return undefined;
	return { tree, model, id, view };
}
