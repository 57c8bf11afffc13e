import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Ticker } from './ticker.js';

/** A ticker on a fake clock; `timers` counts the platform timers pending. */
function fake(): { ticker: Ticker; timers: () => number; advance: (ms: number) => void } {
	return {
		ticker: new Ticker(),
		timers: () => vi.getTimerCount(),
		advance: (ms) => vi.advanceTimersByTime(ms)
	};
}

describe('Ticker', () => {
	beforeEach(() => void vi.useFakeTimers());
	afterEach(() => void vi.useRealTimers());

	it('runs 200 periodic tasks on one timer, each at its interval, staggered over it', () => {
		const { ticker, timers, advance } = fake();
		const runs = new Array<number>(200).fill(0);
		const firstAt = new Array<number>(200).fill(-1);
		let now = 0;
		for (let i = 0; i < 200; i++)
			ticker.every(10_000, () => {
				if (firstAt[i] === -1) firstAt[i] = now;
				runs[i]!++;
			});
		expect(timers()).toBe(1);
		for (let t = 0; t < 100; t++) {
			advance(1000);
			now += 1000;
			expect(timers()).toBe(1);
		}
		// 100 s: every task ran 10 times (11 if its phase was within a tick of 0), on its own phase.
		for (const r of runs) expect(r === 10 || r === 11).toBe(true);
		expect(new Set(firstAt).size).toBeGreaterThan(5);
		ticker.close();
		expect(timers()).toBe(0);
	});

	it('cancels a task; a one-off task runs once; no timer is left when nothing is scheduled', () => {
		const { ticker, timers, advance } = fake();
		const seen: string[] = [];
		const stop = ticker.every(1000, () => seen.push('every'), { phase: false });
		ticker.after(500, () => seen.push('once'));
		advance(1000);
		expect(seen).toEqual(['once', 'every']);
		stop();
		advance(5000);
		expect(seen).toEqual(['once', 'every']);
		expect(timers()).toBe(0);
	});

	it('jitter keeps intervals within their bounds; a failing task does not stop the others', () => {
		const { ticker, advance } = fake();
		const at: number[] = [];
		let now = 0;
		ticker.every(
			1000,
			() => {
				at.push(now);
				throw new Error('boom');
			},
			{ jitter: 0.25, phase: false }
		);
		let other = 0;
		ticker.every(1000, () => other++, { phase: false });
		for (let t = 0; t < 2000; t++) {
			advance(10);
			now += 10;
		}
		const gaps = at.slice(1).map((t, i) => t - at[i]!);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(750 - 60);
		expect(Math.max(...gaps)).toBeLessThanOrEqual(1250 + 60);
		expect(other).toBeGreaterThanOrEqual(19);
		ticker.close();
	});
});
