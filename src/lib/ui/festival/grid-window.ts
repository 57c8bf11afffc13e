/**
 * Windowing a large CSS grid (the schedule's time grids): from the grid's resolved track sizes
 * and the part of it in view, which tracks are shown, so only the blocks that meet them are
 * rendered. The grid keeps its full template, so its size and every block's place stay as
 * they are whatever is rendered.
 * @module
 */
import { rowAt, rowOffsets } from './virtual.js';

/** The tracks of each axis in view (1-based, inclusive, as CSS grid lines number them). */
export interface TrackWindow {
	readonly cols: readonly [number, number];
	readonly rows: readonly [number, number];
}

/**
 * Track sizes in px from a computed `grid-template-columns` or `-rows` value ("56px 112.5px
 * …", which a browser gives for a grid laid out); empty for anything else ("none", names).
 */
export function trackSizes(computed: string): number[] {
	const parts = computed.trim().split(/\s+/);
	const out: number[] = [];
	for (const p of parts) {
		const m = /^(\d+(?:\.\d+)?)px$/.exec(p);
		if (!m) return [];
		out.push(Number(m[1]));
	}
	return out;
}

/** Where each track starts (its size plus the gap after it before the next); `[n]` the end. */
export function trackOffsets(sizes: readonly number[], gap: number): Float64Array {
	return rowOffsets(sizes.map((s, i) => s + (i < sizes.length - 1 ? gap : 0)));
}

/** The tracks `[first, last]` (1-based) that the stretch from `from` to `to` px meets. */
export function tracksIn(offsets: Float64Array, from: number, to: number): [number, number] {
	const first = rowAt(offsets, Math.max(0, from)) + 1;
	return [first, Math.max(first, rowAt(offsets, Math.max(0, to)) + 1)];
}

/**
 * Whether an item placed at grid lines `col` / `colEnd`, `row` / `rowEnd` (its end lines
 * exclusive, as CSS writes them) meets the window; always, with no window.
 */
export function meets(
	w: TrackWindow | undefined,
	col: number,
	colEnd: number,
	row: number,
	rowEnd: number
): boolean {
	if (!w) return true;
	return col <= w.cols[1] && colEnd - 1 >= w.cols[0] && row <= w.rows[1] && rowEnd - 1 >= w.rows[0];
}

/** The smallest and largest of `values` (a loop: spreading 100,000 arguments overflows the stack). */
export function extent(values: Iterable<number>): [number, number] | undefined {
	let lo = Infinity;
	let hi = -Infinity;
	for (const v of values) {
		if (v < lo) lo = v;
		if (v > hi) hi = v;
	}
	return lo <= hi ? [lo, hi] : undefined;
}
