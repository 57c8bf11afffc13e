/**
 * Long reads in steps: a read written as a generator yields between pieces of its work, so it
 * can run to the end at once ({@link finish}) or in slices with pauses between them
 * ({@link runSliced}: a page keeps its main thread free for input and rendering).
 * @module
 */

/** Work done in steps: each `yield` is a point where it may pause; returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** How many items (events, requests) a read takes between two points where it may pause. */
export const STEP = 256;

/** Runs steps to the end at once. */
export function finish<T>(steps: Steps<T>): T {
	for (;;) {
		const r = steps.next();
		if (r.done) return r.value;
	}
}

/** How {@link runSliced} paces steps. */
export interface SlicePace {
	/** Time (ms) a slice may run before it pauses. */
	readonly sliceMs: number;
	/** Awaited between slices (an app gives the browser its turn there). */
	readonly pause: () => Promise<void>;
	/** The clock the slices are measured with (ms). */
	readonly now?: () => number;
	/** Whether to stop (the result is no longer wanted): resolves undefined then. */
	readonly cancelled?: () => boolean;
}

/** Runs steps in slices of `sliceMs`, pausing between them; undefined if cancelled. */
export async function runSliced<T>(steps: Steps<T>, pace: SlicePace): Promise<T | undefined> {
	const now = pace.now ?? (() => Date.now());
	for (let t0 = now(); ;) {
		const r = steps.next();
		if (r.done) return r.value;
		if (now() - t0 >= pace.sliceMs) {
			await pace.pause();
			if (pace.cancelled?.()) return undefined;
			t0 = now();
		}
	}
}
