/**
 * The festival document's shared containers (`resources`, `events`, `decisions`, `children`):
 * their shard counts, and reading and writing a key in its shard (docs/DESIGN.md, "Write rules").
 * @module
 */
import type { FestivalDoc } from '../../model/doc.js';
import { LARGE_SHARDS, shardNames, shardOf, SMALL_SHARDS } from './ids.js';

/** Shard counts per shared container. */
export const CONTAINERS = {
	resources: SMALL_SHARDS,
	events: LARGE_SHARDS,
	decisions: LARGE_SHARDS,
	children: SMALL_SHARDS
} as const;
export type Container = keyof typeof CONTAINERS;

/** The shard of container `c` that holds `key` (for writing; throws if the document lacks it). */
export function shard<C extends Container>(
	d: FestivalDoc,
	c: C,
	key: string
): FestivalDoc[C][string] {
	const s = d[c][shardOf(key, CONTAINERS[c])];
	if (!s) throw new Error(`no shard for ${c}/${key}`);
	return s as FestivalDoc[C][string];
}

/** Reads the raw value at a key of a shared container (undefined if absent; untrusted). */
export function rawItem(doc: FestivalDoc, c: Container, key: string): unknown {
	return (doc[c] as FestivalDoc[Container] | undefined)?.[shardOf(key, CONTAINERS[c])]?.[key];
}

/** All raw [key, value] pairs of a shared container. */
export function rawItems(doc: FestivalDoc, c: Container): [string, unknown][] {
	const out: [string, unknown][] = [];
	const container = doc[c] as FestivalDoc[Container] | undefined;
	if (!container) return out;
	for (const s of shardNames(CONTAINERS[c])) {
		const m = container[s];
		if (m) for (const k of Object.keys(m)) out.push([k, m[k]]);
	}
	return out;
}
