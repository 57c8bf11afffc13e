/**
 * What a bench suite is: prepared once (fixtures built, servers started), then run several
 * times, each run giving one {@link Sample} per figure; `bench/run.ts` folds the runs into
 * figures ({@link aggregate}).
 */
export { median, quantile, type Check, type Figure, type Sample } from './aggregate.js';
import type { Sample } from './aggregate.js';

/** How the bench was asked to run. */
export interface BenchOptions {
	/** Small sizes (a tenth of the scale figures) and fewer runs: for developing the bench. */
	readonly quick: boolean;
}

/** A suite made ready to run. */
export interface Prepared {
	/** One run: a sample of each figure, each beside its baseline from this same run. */
	run(): Promise<Sample[]>;
	/** Frees what prepare made (servers, browsers, temporary folders). */
	close?(): Promise<void>;
}

/** A group of figures with shared fixtures. */
export interface Suite {
	readonly name: string;
	/** Scale suites are slow and run fewer times. */
	readonly scale?: boolean;
	/** Undefined when the suite cannot run here (it says why on stderr). */
	prepare(o: BenchOptions): Promise<Prepared | undefined>;
}

/**
 * Collects garbage now, when the bench runs with `--expose-gc` (as `npm run bench` does), so a
 * timed section does not pay for the garbage of what ran before it (an earlier run, the other
 * side of a comparison): each starts from a settled heap. A no-op otherwise.
 */
export function settle(): void {
	(globalThis as { gc?: () => void }).gc?.();
}

/** Wall time of `fn` in milliseconds, from a settled heap ({@link settle}). */
export async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
	settle();
	const t0 = performance.now();
	await fn();
	return performance.now() - t0;
}
