import { describe, expect, it } from 'vitest';
import { rowAt, rowOffsets, rowWindow } from './virtual.js';

describe('windowing a list', () => {
	const offsets = rowOffsets([40, 30, 30, 30, 40, 30]);
	it('adds up the heights', () => {
		expect([...offsets]).toEqual([0, 40, 70, 100, 130, 170, 200]);
	});
	it('finds the row at a position', () => {
		expect(rowAt(offsets, -5)).toBe(0);
		expect(rowAt(offsets, 0)).toBe(0);
		expect(rowAt(offsets, 39.9)).toBe(0);
		expect(rowAt(offsets, 40)).toBe(1);
		expect(rowAt(offsets, 169)).toBe(4);
		expect(rowAt(offsets, 500)).toBe(5);
	});
	it('renders the rows in view and a margin, with the space of the others', () => {
		expect(rowWindow(offsets, 75, 120, 0)).toEqual({ from: 2, to: 4, before: 70, after: 70 });
		expect(rowWindow(offsets, 75, 120, 35)).toEqual({ from: 1, to: 5, before: 40, after: 30 });
		expect(rowWindow(offsets, -1000, -900, 0)).toEqual({ from: 0, to: 1, before: 0, after: 160 });
		expect(rowWindow(offsets, 900, 1000, 0)).toEqual({ from: 5, to: 6, before: 170, after: 0 });
		expect(rowWindow(rowOffsets([]), 0, 100, 10)).toEqual({ from: 0, to: 0, before: 0, after: 0 });
	});
	it('stays small for 100,000 rows', () => {
		const big = rowOffsets(new Float64Array(100_000).fill(32));
		const w = rowWindow(big, 1_600_000, 1_601_000, 500);
		expect(w.to - w.from).toBeLessThan(70);
		expect(w.before + (w.to - w.from) * 32 + w.after).toBe(3_200_000);
	});
});
