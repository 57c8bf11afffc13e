/**
 * Free times to suggest when a requested time is taken: the next frames of the same length,
 * after the requested start, in which every chosen resource is free (as {@link freeAt} tells),
 * so one click can move a request to a time it will get.
 * @module
 */
import type { EventId, FestivalId, ResourceId } from '../document/ids.js';
import type { TimeFrame } from '../document/schema.js';
import { freeAt } from './free.js';
import { readTree, type TreeInput } from './tree-input.js';

/** Options of {@link nextFreeSlots}. */
export interface FreeSlotOptions {
	/** How many frames to find (default 3). */
	readonly count?: number;
	/** An event whose own requests do not count (the event being edited). */
	readonly ignore?: { readonly festival: FestivalId; readonly event: EventId };
	/** How far after the requested start to look, in days (default 14). */
	readonly days?: number;
}

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

/**
 * The next `count` frames of `frame`'s length starting after `frame.start`, earliest first,
 * in which all of `resources` are free and available. Candidate starts are the instants when
 * something stops holding one of them, when an availability window opens, and the end of the
 * requested frame and of each frame found (so slots are back to back where the day is free).
 * Empty if no resource is given or nothing is free within the horizon.
 */
export function nextFreeSlots(
	tree: TreeInput,
	resources: readonly ResourceId[],
	frame: TimeFrame,
	opts: FreeSlotOptions = {}
): TimeFrame[] {
	const m = readTree(tree);
	const count = opts.count ?? 3;
	const start = Date.parse(frame.start);
	const len = Date.parse(frame.end) - start;
	const until = start + (opts.days ?? 14) * DAY;
	if (!resources.length || !(len > 0) || count <= 0) return [];
	const candidates = new Set<number>([start + len]);
	for (const r of resources) {
		for (const q of m.byResource.get(r) ?? [])
			if (q.status === 'accepted' || q.status === 'conflict')
				candidates.add(Date.parse(q.frame.end));
		for (const f of m.festivals.values())
			for (const w of f.resources.get(r)?.availability ?? []) candidates.add(Date.parse(w.start));
	}
	const out: TimeFrame[] = [];
	const queue = [...candidates].filter((t) => t > start && t <= until).sort((a, b) => a - b);
	const seen = new Set(queue);
	while (queue.length && out.length < count) {
		const t = queue.shift()!;
		const last = out[out.length - 1];
		if (last && t < Date.parse(last.end)) continue; // suggestions do not overlap
		const f = { start: iso(t), end: iso(t + len) };
		const free = resources.every(
			(r) => freeAt(m, r, f, opts.ignore ? { ignore: opts.ignore } : {}).free
		);
		if (!free) continue;
		out.push(f);
		const next = t + len;
		if (next <= until && !seen.has(next)) {
			seen.add(next);
			const i = queue.findIndex((x) => x > next);
			queue.splice(i < 0 ? queue.length : i, 0, next);
		}
	}
	return out;
}
