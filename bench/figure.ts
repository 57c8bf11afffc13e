/** One row of `npm run bench` (bench/results.json is a list of these). */
export interface Figure {
	name: string;
	value: number;
	unit: string;
	baseline?: number;
	ratio?: number;
	target?: string;
	pass?: boolean;
}

/** Median of a list of numbers. */
export function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)]!;
}

/** Runs `fn` `runs` times and returns the median wall time in milliseconds. */
export async function timeMedian(
	runs: number,
	fn: () => Promise<unknown> | unknown
): Promise<number> {
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		await fn();
		times.push(performance.now() - t0);
	}
	return median(times);
}
