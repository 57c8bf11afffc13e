/**
 * Windowing a long list: rows of known heights (a few kinds, each of one height), their
 * offsets, and which of them a viewport (plus a margin) shows. A list renders only those,
 * with spacers for the rest, so its DOM stays small whatever its length.
 * @module
 */

/** The offsets of rows of the given heights: `offsets[i]` is where row `i` starts, `offsets[n]` the total. */
export function rowOffsets(heights: ArrayLike<number>): Float64Array {
	const out = new Float64Array(heights.length + 1);
	for (let i = 0; i < heights.length; i++) out[i + 1] = out[i]! + heights[i]!;
	return out;
}

/** The row holding position `y` (0 before the first, the last row past the end). */
export function rowAt(offsets: Float64Array, y: number): number {
	const n = offsets.length - 1;
	if (n <= 0) return 0;
	let lo = 0;
	let hi = n - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (offsets[mid]! <= y) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

/** The rows to render: `[from, to)`, and the space above and below them (px). */
export interface RowWindow {
	readonly from: number;
	readonly to: number;
	readonly before: number;
	readonly after: number;
}

/**
 * The rows that the part of the list from `top` to `bottom` (list coordinates, px; the
 * viewport) shows, with `margin` px more on each side; always at least one row if any.
 */
export function rowWindow(
	offsets: Float64Array,
	top: number,
	bottom: number,
	margin: number
): RowWindow {
	const n = offsets.length - 1;
	const total = offsets[n] ?? 0;
	if (n <= 0) return { from: 0, to: 0, before: 0, after: 0 };
	const from = rowAt(offsets, Math.max(0, top - margin));
	const to = Math.min(n, Math.max(from + 1, rowAt(offsets, Math.max(0, bottom + margin)) + 1));
	return { from, to, before: offsets[from]!, after: total - offsets[to]! };
}
