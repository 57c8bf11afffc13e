/**
 * Test fixture: waits until festival syncs linked in memory have nothing left to do.
 * @module
 */
import type { FestivalSync } from './sync.js';

/**
 * Resolves once none of `syncs` has anything left to handle: it awaits every sync's `idle()`
 * until a whole round passes in which none of them queued anything new. Syncs linked in
 * memory hand what they send to the other side's `receive()` at once, so by then every
 * exchange between them has run its course. No timers; rejects if they are still busy after
 * `maxRounds` rounds (two syncs answering each other forever).
 */
export async function quiescent(syncs: readonly FestivalSync[], maxRounds = 1000): Promise<void> {
	for (let round = 0; round < maxRounds; round++) {
		const queued = syncs.map((s) => s.idle());
		await Promise.all(queued);
		if (syncs.every((s, i) => s.idle() === queued[i])) return;
	}
	throw new Error(`syncs still busy after ${maxRounds} rounds`);
}
