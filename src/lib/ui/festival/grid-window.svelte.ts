/**
 * The part of a large time grid in view, kept up to date as the page and the grid's own
 * scroller move: a grid of many blocks renders only those that meet it (grid-window.ts),
 * plus a margin, so a schedule of thousands of events opens as fast as one of a hundred.
 * @module
 */
import { untrack } from 'svelte';
import { meets, trackOffsets, trackSizes, tracksIn, type TrackWindow } from './grid-window.js';

/** From this many blocks on, a time grid renders only those in view. */
export const GRID_VIRTUAL_FROM = 400;
/** Rendered around the view on every side, px. */
const MARGIN = 600;
/** No track: what a large grid shows before it is measured. */
const NOTHING: TrackWindow = { cols: [1, 0], rows: [1, 0] };
/** Every track. */
const EVERYTHING: TrackWindow = { cols: [1, Infinity], rows: [1, Infinity] };

/** The tracks of one grid in view; see the module comment. */
export class GridWindow {
	/** The tracks in view when last measured. */
	#seen = $state<TrackWindow | undefined>(undefined);
	readonly #on: () => boolean;
	#refresh: (() => void) | undefined;

	/** `on`: whether the grid is large enough to window (read when it is measured). */
	constructor(on: () => boolean) {
		this.#on = on;
	}

	/**
	 * The tracks whose blocks are shown, or undefined: every block is shown (a small grid). A
	 * large grid not measured yet shows none, rather than all of them for one frame.
	 */
	get win(): TrackWindow | undefined {
		return this.#on() ? (this.#seen ?? NOTHING) : undefined;
	}

	/**
	 * An attachment for the grid element (its parent is the element that scrolls it sideways):
	 * measures now, and again after the page or that parent scrolls or the grid resizes.
	 */
	readonly attach = (grid: HTMLElement): (() => void) => {
		const scroller = grid.parentElement ?? grid;
		let frame = 0;
		const measure = () => {
			// A grid the browser has not laid out (hidden) shows every block.
			const next = windowOf(grid, scroller) ?? EVERYTHING;
			const w = this.#seen;
			if (
				next?.cols[0] !== w?.cols[0] ||
				next?.cols[1] !== w?.cols[1] ||
				next?.rows[0] !== w?.rows[0] ||
				next?.rows[1] !== w?.rows[1]
			)
				this.#seen = next;
		};
		const later = () => {
			if (!frame)
				frame = requestAnimationFrame(() => {
					frame = 0;
					measure();
				});
		};
		this.#refresh = later;
		window.addEventListener('scroll', later, { passive: true });
		window.addEventListener('resize', later);
		scroller.addEventListener('scroll', later, { passive: true });
		const resized = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(later);
		resized?.observe(grid);
		untrack(measure);
		return () => {
			cancelAnimationFrame(frame);
			window.removeEventListener('scroll', later);
			window.removeEventListener('resize', later);
			scroller.removeEventListener('scroll', later);
			resized?.disconnect();
			this.#refresh = undefined;
		};
	};

	/**
	 * The items to render: those whose grid lines (`at`: first column, end column, first row,
	 * end row) meet the window, or all of them with no window.
	 */
	pick<T>(
		items: readonly T[],
		at: (t: T) => readonly [number, number, number, number]
	): readonly T[] {
		const w = this.win;
		return w ? items.filter((t) => meets(w, ...at(t))) : items;
	}

	/** Measures again on the next frame (the grid's blocks or template changed). */
	refresh(): void {
		this.#refresh?.();
	}
}

/** The tracks of `grid` that the viewport shows through `scroller`, with the margin. */
function windowOf(grid: HTMLElement, scroller: HTMLElement): TrackWindow | undefined {
	const cs = getComputedStyle(grid);
	const colSizes = trackSizes(cs.gridTemplateColumns);
	const rowSizes = trackSizes(cs.gridTemplateRows);
	if (!colSizes.length || !rowSizes.length) return undefined;
	const cols = trackOffsets(colSizes, parseFloat(cs.columnGap) || 0);
	const rows = trackOffsets(rowSizes, parseFloat(cs.rowGap) || 0);
	const g = grid.getBoundingClientRect();
	const s = scroller.getBoundingClientRect();
	const left = Math.max(s.left, 0) - g.left;
	const right = Math.min(s.right, window.innerWidth) - g.left;
	const top = Math.max(s.top, 0) - g.top;
	const bottom = Math.min(s.bottom, window.innerHeight) - g.top;
	return {
		cols: tracksIn(cols, left - MARGIN, right + MARGIN),
		rows: tracksIn(rows, top - MARGIN, bottom + MARGIN)
	};
}
