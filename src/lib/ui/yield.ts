/**
 * Giving the browser its turn in the middle of long work, so input and rendering are not held
 * up (each long task of a page delays them).
 * @module
 */

interface Scheduler {
	yield(): Promise<void>;
}

/**
 * Resolves in a new task, after the browser had its turn: `scheduler.yield()` where there is
 * one (the work goes on before other waiting tasks), a message to a channel otherwise (no
 * timer's minimum delay).
 */
export function yieldToPage(): Promise<void> {
	const s = (globalThis as { scheduler?: Partial<Scheduler> }).scheduler;
	if (typeof s?.yield === 'function') return s.yield();
	return new Promise((resolve) => {
		const ch = new MessageChannel();
		ch.port1.onmessage = () => {
			ch.port1.close();
			resolve();
		};
		ch.port2.postMessage(undefined);
	});
}
