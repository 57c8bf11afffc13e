import { describe, expect, it } from 'vitest';
import { dayColumns, type DayBlock } from './calendar.js';
import { extent, meets, trackOffsets, trackSizes, tracksIn } from './grid-window.js';

describe('grid windows', () => {
	it('reads the px track sizes a browser resolves, and nothing else', () => {
		expect(trackSizes('56px 112.5px  112px')).toEqual([56, 112.5, 112]);
		expect(trackSizes('none')).toEqual([]);
		expect(trackSizes('[a] 10px')).toEqual([]);
		expect(trackSizes('10px auto')).toEqual([]);
	});

	it('finds the tracks a stretch of the grid meets, gaps included', () => {
		// Tracks of 100 px with 10 px gaps: track 1 at 0, 2 at 110, 3 at 220, 4 at 330 to 430.
		const o = trackOffsets([100, 100, 100, 100], 10);
		expect([...o]).toEqual([0, 110, 220, 330, 430]);
		expect(tracksIn(o, 0, 50)).toEqual([1, 1]);
		expect(tracksIn(o, 105, 225)).toEqual([1, 3]);
		expect(tracksIn(o, 115, 120)).toEqual([2, 2]);
		// Before the grid, and past its end: the first and the last track.
		expect(tracksIn(o, -500, -100)).toEqual([1, 1]);
		expect(tracksIn(o, 400, 5000)).toEqual([4, 4]);
	});

	it('shows an item when its lines meet the window on both axes (end lines exclusive)', () => {
		const w = { cols: [3, 5], rows: [10, 20] } as const;
		expect(meets(undefined, 1, 2, 1, 2)).toBe(true);
		expect(meets(w, 3, 4, 10, 11)).toBe(true);
		expect(meets(w, 1, 3, 10, 11)).toBe(false); // columns 1-2
		expect(meets(w, 1, 4, 10, 11)).toBe(true); // columns 1-3
		expect(meets(w, 6, 7, 10, 11)).toBe(false);
		expect(meets(w, 3, 4, 2, 10)).toBe(false); // rows 2-9
		expect(meets(w, 3, 4, 2, 11)).toBe(true);
		expect(meets(w, 3, 4, 21, 22)).toBe(false);
		expect(meets({ cols: [1, 0], rows: [1, 0] }, 1, 2, 1, 2)).toBe(false);
	});

	it('takes the extent of 300,000 values, which spreading into Math.min overflows', () => {
		const many = Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 300_000);
		expect(() => Math.min(...many)).toThrow(RangeError);
		expect(extent(many)).toEqual([0, 299_999]);
		expect(extent([])).toBeUndefined();
	});

	it("sizes a day of 300,000 blocks' columns", () => {
		const blocks: DayBlock[] = Array.from(
			{ length: 300_000 },
			(_, i) =>
				({ from: 0, to: 15, lane: i % 9, lanes: 9, continued: false, continues: false }) as never
		);
		const cols = dayColumns(new Map([['2030-07-01', blocks]]), ['2030-07-01']);
		expect(cols.width.get('2030-07-01')).toBe(9);
	});
});
