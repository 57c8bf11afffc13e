/**
 * One timer for the periodic work of a whole replication session: the HAVE digests of every
 * festival's sync and the re-announces and reshuffles of every festival's adapter register
 * here, so a device holding 200 festivals runs one timer, not several per festival. Tasks are
 * staggered (each repeating task starts at a random phase of its interval), so festivals do
 * not all fire in the same tick; tasks due within {@link TickerOptions.resolutionMs} of each
 * other run in one tick.
 * @module
 */

/** A task's handle: cancels it (it does not run again). */
export type Cancel = () => void;

/** The clock a ticker runs on (the global timers by default; tests may pass fakes). */
export interface TickerOptions {
	readonly now?: () => number;
	readonly setTimeout?: (fn: () => void, ms: number) => unknown;
	readonly clearTimeout?: (handle: unknown) => void;
	/** Tasks due within this many ms of the earliest run in the same tick (default 50). */
	readonly resolutionMs?: number;
	/** Random numbers in [0, 1), for phases and jitter (default Math.random). */
	readonly random?: () => number;
}

interface Task {
	due: number;
	readonly run: () => void;
	/** For repeating tasks: the next due time after a run (undefined: runs once). */
	readonly next?: (now: number) => number;
	cancelled: boolean;
}

/** Schedules many periodic and one-off tasks on a single timer. */
export class Ticker {
	readonly #tasks = new Set<Task>();
	readonly #o: TickerOptions;
	#handle: unknown;
	#armedFor = Infinity;
	#closed = false;

	constructor(o: TickerOptions = {}) {
		this.#o = o;
	}

	/** Tasks scheduled now (for tests and figures). */
	get size(): number {
		return this.#tasks.size;
	}

	#now(): number {
		return (this.#o.now ?? Date.now)();
	}

	#random(): number {
		return (this.#o.random ?? Math.random)();
	}

	/**
	 * Runs `fn` every `ms` (give or take `jitter`, a fraction: each interval is `ms` times a
	 * random factor in [1 - jitter, 1 + jitter]), the first time at a random point of the
	 * first interval (`phase: false`: after one full interval).
	 */
	every(ms: number, fn: () => void, o: { jitter?: number; phase?: boolean } = {}): Cancel {
		const jitter = Math.min(1, Math.max(0, o.jitter ?? 0));
		const interval = () => ms * (1 - jitter + 2 * jitter * this.#random());
		const first = o.phase === false ? interval() : ms * this.#random();
		return this.#add({
			due: this.#now() + first,
			run: fn,
			next: (now) => now + interval(),
			cancelled: false
		});
	}

	/** Runs `fn` once, in `ms`. */
	after(ms: number, fn: () => void): Cancel {
		return this.#add({ due: this.#now() + ms, run: fn, cancelled: false });
	}

	/** Cancels every task and the timer; later tasks are ignored. */
	close(): void {
		this.#closed = true;
		for (const t of this.#tasks) t.cancelled = true;
		this.#tasks.clear();
		this.#disarm();
	}

	#add(t: Task): Cancel {
		if (this.#closed) return () => {};
		this.#tasks.add(t);
		if (t.due < this.#armedFor) this.#arm(t.due);
		return () => {
			t.cancelled = true;
			this.#tasks.delete(t);
			if (this.#tasks.size === 0) this.#disarm();
		};
	}

	#disarm(): void {
		if (this.#handle !== undefined) (this.#o.clearTimeout ?? clearTimeout)(this.#handle as never);
		this.#handle = undefined;
		this.#armedFor = Infinity;
	}

	#arm(due: number): void {
		this.#disarm();
		this.#armedFor = due;
		const h = (this.#o.setTimeout ?? setTimeout)(
			() => this.#tick(),
			Math.max(0, due - this.#now())
		);
		// Periodic background work does not keep a process alive on its own (Node): a program
		// exits once its sockets and stores are closed, as it did with the per-festival timers.
		(h as { unref?: () => void } | null)?.unref?.();
		this.#handle = h;
	}

	#tick(): void {
		this.#handle = undefined;
		this.#armedFor = Infinity;
		const now = this.#now();
		const horizon = now + (this.#o.resolutionMs ?? 50);
		const due = [...this.#tasks].filter((t) => t.due <= horizon).sort((a, b) => a.due - b.due);
		for (const t of due) {
			if (t.cancelled) continue;
			// The next run counts from when this one was due (no drift from running early in a
			// shared tick), unless that is past already (the ticker ran late).
			const next = t.next?.(t.due);
			if (!t.next || next === undefined) this.#tasks.delete(t);
			else t.due = next > now ? next : t.next(now);
			try {
				t.run();
			} catch {
				// one task's failure does not stop the others
			}
		}
		if (this.#closed) return;
		let next = Infinity;
		for (const t of this.#tasks) next = Math.min(next, t.due);
		if (next < this.#armedFor) this.#arm(next);
	}
}
