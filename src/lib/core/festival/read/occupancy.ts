/**
 * When requests hold a resource: pure functions over time frames (half-open, UTC instants)
 * that the tree model (tree-model.ts) and `freeAt` (views.ts) share. The work is done on
 * instants as numbers (`…Spans`); the frame forms are what callers outside the model use.
 * @module
 */
import type { EventId } from '../document/ids.js';
import type { TimeFrame } from '../document/schema.js';
import { instant } from './instant.js';

/** A stretch of time as instants (ms): `[start, end)`. */
export type Span = [number, number];

/**
 * The stretches where more than `capacity` of `spans` overlap (sweep over the half-open
 * spans, ends before starts at the same instant).
 */
export function overloadedSpans(spans: readonly Span[], capacity: number): Span[] {
	if (spans.length <= capacity) return [];
	const points: [number, number][] = [];
	for (const [s, e] of spans) points.push([s, 1], [e, -1]);
	points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	const out: Span[] = [];
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
 * The stretches of time where more than `capacity` of `frames` overlap (sweep over the
 * half-open frames, ends before starts at the same instant).
 */
export function overloaded(frames: readonly TimeFrame[], capacity: number): [number, number][] {
	return overloadedSpans(
		frames.map((f) => [instant(f.start), instant(f.end)]),
		capacity
	);
}

/**
 * The spans during which requests hold a resource, each event counted once: the spans of
 * one event's requests (copies of an event in a fork and its original) are merged, so an
 * event never competes with its own copy.
 */
export function occupancySpans(
	requests: readonly { readonly event: EventId; readonly frame: TimeFrame }[]
): Span[] {
	const byEvent = new Map<EventId, Span[]>();
	for (const q of requests) {
		const span: Span = [instant(q.frame.start), instant(q.frame.end)];
		const list = byEvent.get(q.event);
		if (list) list.push(span);
		else byEvent.set(q.event, [span]);
	}
	const out: Span[] = [];
	for (const list of byEvent.values()) {
		if (list.length === 1) {
			out.push([list[0]![0], list[0]![1]]);
			continue;
		}
		list.sort((a, b) => a[0] - b[0]);
		let cur: Span | undefined;
		for (const [s, e] of list) {
			if (cur && s <= cur[1]) cur[1] = Math.max(cur[1], e);
			else {
				if (cur) out.push(cur);
				cur = [s, e];
			}
		}
		if (cur) out.push(cur);
	}
	return out;
}

/**
 * The frames during which requests hold a resource, each event counted once (see
 * {@link occupancySpans}).
 */
export function occupancy(
	requests: readonly { readonly event: EventId; readonly frame: TimeFrame }[]
): TimeFrame[] {
	const iso = (t: number) => new Date(t).toISOString();
	return occupancySpans(requests).map(([s, e]) => ({ start: iso(s), end: iso(e) }));
}

/** Whether a span touches any of the stretches. */
export function touchesSpan([s, e]: Span, stretches: readonly Span[]): boolean {
	return stretches.some(([a, b]) => s < b && a < e);
}

/** Whether a frame touches any of the stretches. */
export function touches(f: TimeFrame, stretches: readonly [number, number][]): boolean {
	return touchesSpan([instant(f.start), instant(f.end)], stretches);
}
