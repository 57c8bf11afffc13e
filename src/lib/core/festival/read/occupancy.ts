/**
 * When requests hold a resource: pure functions over time frames (half-open, UTC instants)
 * that the tree model (tree-model.ts) and `freeAt` (views.ts) share.
 * @module
 */
import type { EventId } from '../document/ids.js';
import type { TimeFrame } from '../document/schema.js';

/**
 * The stretches of time where more than `capacity` of `frames` overlap (sweep over the
 * half-open frames, ends before starts at the same instant).
 */
export function overloaded(frames: readonly TimeFrame[], capacity: number): [number, number][] {
	const points: [number, number][] = [];
	for (const f of frames) points.push([Date.parse(f.start), 1], [Date.parse(f.end), -1]);
	points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	const out: [number, number][] = [];
	let load = 0;
	let since = 0;
	for (const [t, d] of points) {
		if (load > capacity && t > since) {
			const last = out[out.length - 1];
			if (last && last[1] === since) last[1] = t;
			else out.push([since, t]);
		}
		load += d;
		since = t;
	}
	return out;
}

/**
 * The frames during which requests hold a resource, each event counted once: the frames of
 * one event's requests (copies of an event in a fork and its original) are merged, so an
 * event never competes with its own copy.
 */
export function occupancy(
	requests: readonly { readonly event: EventId; readonly frame: TimeFrame }[]
): TimeFrame[] {
	const byEvent = new Map<EventId, [number, number][]>();
	for (const q of requests) {
		const list = byEvent.get(q.event) ?? [];
		list.push([Date.parse(q.frame.start), Date.parse(q.frame.end)]);
		byEvent.set(q.event, list);
	}
	const out: TimeFrame[] = [];
	const iso = (t: number) => new Date(t).toISOString();
	for (const list of byEvent.values()) {
		list.sort((a, b) => a[0] - b[0]);
		let cur: [number, number] | undefined;
		for (const [s, e] of list) {
			if (cur && s <= cur[1]) cur[1] = Math.max(cur[1], e);
			else {
				if (cur) out.push({ start: iso(cur[0]), end: iso(cur[1]) });
				cur = [s, e];
			}
		}
		if (cur) out.push({ start: iso(cur[0]), end: iso(cur[1]) });
	}
	return out;
}

/** Whether a frame touches any of the stretches. */
export function touches(f: TimeFrame, stretches: readonly [number, number][]): boolean {
	const s = Date.parse(f.start);
	const e = Date.parse(f.end);
	return stretches.some(([a, b]) => s < b && a < e);
}
