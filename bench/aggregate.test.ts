import { describe, expect, it } from 'vitest';
import { aggregate, fold, median, quantile, type Sample } from './aggregate.js';

const s = (value: number, more: Partial<Sample> = {}): Sample => ({
	name: 'f',
	value,
	unit: 'ms',
	...more
});

describe('median and quantile', () => {
	it('takes the middle of an odd list and the mean of the middle two of an even one', () => {
		expect(median([5, 1, 3])).toBe(3);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(median([7])).toBe(7);
		expect(() => median([])).toThrow();
	});

	it('takes quantiles by nearest rank', () => {
		const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unsorted
		expect(quantile(xs, 0.5)).toBe(50);
		expect(quantile(xs, 0.99)).toBe(99);
		expect(quantile(xs, 1)).toBe(100);
		expect(quantile([3], 0.99)).toBe(3);
	});
});

describe('fold', () => {
	it('gives the median value, baseline and ratio, and the least and greatest value', () => {
		const f = fold([
			s(10, { baseline: 5, ratio: 2 }),
			s(30, { baseline: 10, ratio: 3 }),
			s(20, { baseline: 20, ratio: 1 })
		]);
		expect(f).toEqual({
			name: 'f',
			value: 20,
			unit: 'ms',
			min: 10,
			max: 30,
			runs: 3,
			baseline: 10,
			ratio: 2
		});
	});

	it('leaves pass out when the target has no checks', () => {
		const f = fold([s(1, { target: 'as small as it gets' })]);
		expect(f.target).toBe('as small as it gets');
		expect(f.pass).toBeUndefined();
	});

	it('judges a check on the median', () => {
		const checks = [{ of: 'ratio', op: '<=', limit: 1.2 }] as const;
		// One run over the bound, the median under it: passes.
		expect(
			fold([s(1, { ratio: 1.1, checks }), s(1, { ratio: 2, checks }), s(1, { ratio: 1 })]).pass
		).toBe(true);
		expect(fold([s(1, { ratio: 1.3, checks }), s(1, { ratio: 2 }), s(1, { ratio: 1 })]).pass).toBe(
			false
		);
		const atLeast = [{ of: 'value', op: '>=', limit: 10 }] as const;
		expect(fold([s(9, { checks: atLeast }), s(10), s(11)]).pass).toBe(true);
		expect(fold([s(9, { checks: atLeast }), s(9), s(11)]).pass).toBe(false);
		const below = [{ of: 'value', op: '<', limit: 10 }] as const;
		expect(fold([s(10, { checks: below })]).pass).toBe(false);
	});

	it('judges an every-run check on the worst run, and records it', () => {
		const checks = [{ of: 'ratio', op: '<=', limit: 1.2, every: true }] as const;
		const f = fold([s(1, { ratio: 1.1, checks }), s(1, { ratio: 1.25 }), s(1, { ratio: 1 })]);
		expect(f.ratio).toBe(1.1);
		expect(f.worst).toBe(1.25);
		expect(f.pass).toBe(false);
		const g = fold([s(1, { ratio: 1.1, checks }), s(1, { ratio: 1.2 }), s(1, { ratio: 1 })]);
		expect(g.worst).toBe(1.2);
		expect(g.pass).toBe(true);
		const atLeast = [{ of: 'value', op: '>=', limit: 5, every: true }] as const;
		const h = fold([s(9, { checks: atLeast }), s(4), s(7)]);
		expect(h.worst).toBe(4);
		expect(h.pass).toBe(false);
	});

	it('fails an every-run ratio check when a run has no ratio', () => {
		const checks = [{ of: 'ratio', op: '<=', limit: 2, every: true }] as const;
		expect(fold([s(1, { ratio: 1, checks }), s(1)]).pass).toBe(false);
	});

	it('needs every check and every run’s condition', () => {
		const checks = [
			{ of: 'value', op: '<', limit: 1000 },
			{ of: 'ratio', op: '<=', limit: 1.5 }
		] as const;
		expect(fold([s(900, { ratio: 1.4, checks })]).pass).toBe(true);
		expect(fold([s(1100, { ratio: 1.4, checks })]).pass).toBe(false);
		expect(fold([s(900, { ratio: 1.6, checks })]).pass).toBe(false);
		expect(fold([s(1, { holds: true }), s(1, { holds: false })]).pass).toBe(false);
		expect(fold([s(1, { holds: true }), s(1, { holds: true })]).pass).toBe(true);
	});
});

describe('aggregate', () => {
	it('groups runs by name, in first-seen order, with runs missing a name left out of it', () => {
		const figs = aggregate([
			[s(1, { name: 'a' }), s(10, { name: 'b' })],
			[s(3, { name: 'a' }), s(30, { name: 'b' }), s(7, { name: 'c' })],
			[s(2, { name: 'a' })]
		]);
		expect(figs.map((f) => [f.name, f.value, f.min, f.max, f.runs])).toEqual([
			['a', 2, 1, 3, 3],
			['b', 20, 10, 30, 2],
			['c', 7, 7, 7, 1]
		]);
	});
});
