/**
 * Folding repeated runs of the bench into figures: each run of a suite gives one sample per
 * figure; a figure is the median of its samples (value, baseline and ratio each the median of
 * the runs'), with the least and greatest value, and passes or fails by its target's checks.
 * A check is judged on the median, or on the worst run when the target says "in every run".
 * Pure: no clock, no I/O.
 */

/** One bound a figure must keep: `of` (its value or its ratio) `op` `limit`. */
export interface Check {
	readonly of: 'value' | 'ratio';
	readonly op: '<' | '<=' | '>' | '>=';
	readonly limit: number;
	/** Judged on every run (the worst one), not on the median. */
	readonly every?: boolean;
}

/** What one run measured for one figure. */
export interface Sample {
	/** Names carry the figure's sizes ("… 100,000 events …") and are the same in every run. */
	readonly name: string;
	readonly value: number;
	readonly unit: string;
	/** The same run's measurement of what the figure is compared with. */
	readonly baseline?: number;
	/** value / baseline (or against another reference the name says). */
	readonly ratio?: number;
	/** The target in words, as the issue states it. */
	readonly target?: string;
	/** The target as bounds; pass is left out when there are none. */
	readonly checks?: readonly Check[];
	/** A condition of this run (say, "every peer reached"); the figure fails if any run's is false. */
	readonly holds?: boolean;
}

/** One row of `npm run bench` (bench/results.json is a list of these). */
export interface Figure {
	name: string;
	/** Median over the runs. */
	value: number;
	unit: string;
	/** Least and greatest value over the runs. */
	min: number;
	max: number;
	/** How many runs. */
	runs: number;
	baseline?: number;
	/** Median of the runs' ratios. */
	ratio?: number;
	target?: string;
	pass?: boolean;
	/** For a target judged in every run: the worst run's value or ratio (what `pass` was judged on). */
	worst?: number;
}

/** Median of a non-empty list (the mean of the two middle ones for an even count). */
export function median(xs: readonly number[]): number {
	if (xs.length === 0) throw new Error('median of nothing');
	const s = [...xs].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The `q` quantile (0..1) of a non-empty list, by nearest rank. */
export function quantile(xs: readonly number[], q: number): number {
	if (xs.length === 0) throw new Error('quantile of nothing');
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** Whether `x` keeps the bound. */
export function keeps(c: Check, x: number): boolean {
	switch (c.op) {
		case '<':
			return x < c.limit;
		case '<=':
			return x <= c.limit;
		case '>':
			return x > c.limit;
		case '>=':
			return x >= c.limit;
	}
}

/** The worse of two numbers for a bound (the greater for an upper bound). */
function worse(c: Check, a: number, b: number): number {
	return c.op === '<' || c.op === '<=' ? Math.max(a, b) : Math.min(a, b);
}

function pick(s: Sample, of: Check['of']): number | undefined {
	return of === 'value' ? s.value : s.ratio;
}

function medianOf(samples: readonly Sample[], of: 'baseline' | 'ratio'): number | undefined {
	const xs = samples.map((s) => s[of]).filter((x): x is number => x !== undefined);
	return xs.length ? median(xs) : undefined;
}

/** One figure from the samples of one name (at least one). */
export function fold(samples: readonly Sample[]): Figure {
	const first = samples[0];
	if (!first) throw new Error('no samples');
	const values = samples.map((s) => s.value);
	const fig: Figure = {
		name: first.name,
		value: median(values),
		unit: first.unit,
		min: Math.min(...values),
		max: Math.max(...values),
		runs: samples.length
	};
	const baseline = medianOf(samples, 'baseline');
	if (baseline !== undefined) fig.baseline = baseline;
	const ratio = medianOf(samples, 'ratio');
	if (ratio !== undefined) fig.ratio = ratio;
	if (first.target !== undefined) fig.target = first.target;
	const checks = first.checks ?? [];
	const held = samples.every((s) => s.holds !== false);
	if (checks.length || samples.some((s) => s.holds !== undefined)) {
		let pass = held;
		for (const c of checks) {
			if (c.every) {
				const xs = samples.map((s) => pick(s, c.of));
				if (xs.some((x) => x === undefined)) {
					pass = false;
					continue;
				}
				const w = (xs as number[]).reduce((a, b) => worse(c, a, b));
				fig.worst = fig.worst === undefined ? w : fig.worst;
				pass &&= keeps(c, w);
			} else {
				const m = c.of === 'value' ? fig.value : fig.ratio;
				pass &&= m !== undefined && keeps(c, m);
			}
		}
		fig.pass = pass;
	}
	return fig;
}

/**
 * Figures from the runs' samples: grouped by name, in the order names first appear. A name
 * missing from some runs is folded from the runs that have it.
 */
export function aggregate(runs: readonly (readonly Sample[])[]): Figure[] {
	const byName = new Map<string, Sample[]>();
	for (const run of runs)
		for (const s of run) {
			const list = byName.get(s.name);
			if (list) list.push(s);
			else byName.set(s.name, [s]);
		}
	return [...byName.values()].map(fold);
}
