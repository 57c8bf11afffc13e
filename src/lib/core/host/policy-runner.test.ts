import { describe, expect, it, vi } from 'vitest';
import { POLICY_MAX_ROUNDS, PolicyRunner } from './policy-runner.js';

/** A round that counts calls, never overlaps (or says so), and writes `writes.shift()` decisions. */
function counter(writes: number[] = []) {
	const c = { rounds: 0, running: false, overlapped: false, errors: [] as unknown[] };
	const round = async () => {
		if (c.running) c.overlapped = true;
		c.running = true;
		c.rounds++;
		await new Promise((r) => setTimeout(r, 2));
		c.running = false;
		return writes.shift() ?? 0;
	};
	return { c, round, onError: (e: unknown) => c.errors.push(e) };
}

describe('PolicyRunner', () => {
	it('a burst of entries from elsewhere is one run, within the delay', async () => {
		const { c, round, onError } = counter();
		vi.useFakeTimers();
		try {
			const r = new PolicyRunner(round, onError, 20);
			for (let i = 0; i < 10; i++) r.soon();
			expect(c.rounds).toBe(0);
			await vi.advanceTimersByTimeAsync(19);
			expect(c.rounds).toBe(0);
			await vi.advanceTimersByTimeAsync(41);
			expect(c.rounds).toBe(1);
		} finally {
			vi.useRealTimers();
		}
	});

	it('a local change runs at once; settle runs what is pending and waits', async () => {
		const { c, round, onError } = counter();
		const r = new PolicyRunner(round, onError, 10_000);
		await r.now();
		expect(c.rounds).toBe(1);
		r.soon();
		await r.settle();
		expect(c.rounds).toBe(2);
	});

	it('repeats while a round wrote decisions or something came in meanwhile; never overlaps', async () => {
		const { c, round, onError } = counter([2, 1]);
		const r = new PolicyRunner(round, onError, 5);
		const first = r.now();
		r.soon();
		const second = r.now();
		await Promise.all([first, second, r.settle()]);
		// 2 written, 1 written, 0: quiet (the calls meanwhile are covered by the same run).
		expect(c.rounds).toBe(3);
		expect(c.overlapped).toBe(false);
		expect(c.errors).toEqual([]);
	});

	it('a run that keeps deciding is stopped and reported; stop ends the runs', async () => {
		const { c, round, onError } = counter(Array(100).fill(1));
		const r = new PolicyRunner(round, onError, 5);
		await r.now();
		expect(c.rounds).toBe(POLICY_MAX_ROUNDS);
		expect(String(c.errors[0])).toMatch(/still deciding/);
		await r.stop();
		r.soon();
		await r.now();
		expect(c.rounds).toBe(POLICY_MAX_ROUNDS);
	});
});
