import { describe, expect, it } from 'vitest';
import type { Figure } from './aggregate.js';
import { cells, fmt, markdown, table } from './table.js';

const fig: Figure = {
	name: 'a | b',
	value: 1234.5,
	unit: 'ms',
	min: 1000,
	max: 1500.25,
	runs: 3,
	baseline: 1000,
	ratio: 1.2345,
	target: '<= 1.2x, in every run',
	pass: false,
	worst: 1.3
};

describe('table', () => {
	it('formats numbers: whole from 100 up, two decimals below, two digits under 0.1', () => {
		expect(fmt(1234.5)).toBe('1,235');
		expect(fmt(12.345)).toBe('12.35');
		expect(fmt(7)).toBe('7');
		expect(fmt(0.01234)).toBe('0.012');
		expect(fmt(undefined)).toBe('');
		expect(fmt(NaN)).toBe('NaN');
	});

	it('shows median, min–max, baseline, ratio with the worst run, target and pass', () => {
		expect(cells(fig)).toEqual([
			'a | b',
			'1,235 ms',
			'1,000–1,500',
			'1,000 ms',
			'1.23 (worst 1.30)',
			'<= 1.2x, in every run',
			'FAIL'
		]);
		// One run: no range; no target: no pass.
		const one = cells({ name: 'x', value: 1, unit: 'ms', min: 1, max: 1, runs: 1 });
		expect(one).toEqual(['x', '1 ms', '', '', '', '', '']);
	});

	it('aligns a text table and escapes pipes in Markdown', () => {
		const lines = table([fig]).split('\n');
		expect(lines).toHaveLength(3);
		expect(lines[0]!.startsWith('figure')).toBe(true);
		expect(markdown([fig]).split('\n')[2]).toContain('a \\| b');
	});
});
