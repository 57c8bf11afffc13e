/**
 * A festival's relatives as a host opens them: its family (ancestors and held descendants)
 * and its ancestry. `openOne` opens one held festival (undefined if it is not usable here).
 * @module
 */
import { bundleFamily } from '../festival/files/bundle-tree.js';
import type { FestivalId } from '../festival/document/ids.js';
import { readMeta } from '../festival/document/schema.js';
import type { Festival, FestivalContext } from '../festival/festival.js';

type OpenOne = (id: FestivalId) => Promise<Festival | undefined>;

/** `id`, its ancestors and its held descendants, opened (`id` first). */
export async function familyOf(
	ctx: FestivalContext,
	id: FestivalId,
	openOne: OpenOne
): Promise<Festival[]> {
	const out: Festival[] = [];
	for (const fid of await bundleFamily(ctx, id)) {
		const f = await openOne(fid);
		if (f) out.push(f);
	}
	return out;
}

/** `id` and its ancestors as far as held, nearest first. */
export async function ancestryOf(id: FestivalId, openOne: OpenOne): Promise<Festival[]> {
	const out: Festival[] = [];
	const seen = new Set<string>();
	for (let cur = await openOne(id); cur && !seen.has(cur.id);) {
		seen.add(cur.id);
		out.push(cur);
		const meta = readMeta(cur.doc.meta);
		cur = meta.ok && meta.value.parent ? await openOne(meta.value.parent) : undefined;
	}
	return out;
}
