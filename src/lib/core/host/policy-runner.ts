/**
 * When the owner's policies run: the one rule every platform follows (see {@link PolicyRunner}).
 * @module
 */

/** How long entries from elsewhere may gather before the policies run over them, ms. */
export const POLICY_DELAY_MS = 100;
/** Rounds of one run at most (each round writes decisions, the next reads them). */
export const POLICY_MAX_ROUNDS = 8;

/**
 * Runs the owner's policies by one rule:
 * - after a local change, at once ({@link now}: a person waits for the answer);
 * - after entries from elsewhere, once they stopped arriving for a moment ({@link soon}: a
 *   burst of ingests from peers or a bundle is one run, at most `delayMs` after its first);
 * - a run repeats while it wrote decisions or something new came in meanwhile, until a
 *   round decides nothing, so what one decision unblocks is decided in the same run;
 * - runs never overlap, so a request is decided once.
 *
 * {@link settle} runs what is pending now and resolves when nothing is left to decide (what
 * a command-line program awaits before it closes).
 */
export class PolicyRunner {
	readonly #round: () => Promise<number>;
	readonly #onError: (e: unknown) => void;
	readonly #delayMs: number;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#running: Promise<void> | undefined;
	#again = false;
	#stopped = false;

	/**
	 * `round` runs the policies once, writes their decisions and returns how many it wrote;
	 * `onError` is told when a run fails (the runner keeps working).
	 */
	constructor(round: () => Promise<number>, onError: (e: unknown) => void, delayMs: number) {
		this.#round = round;
		this.#onError = onError;
		this.#delayMs = delayMs;
	}

	/** Runs now (after a run in progress, as part of it); resolves when nothing is left to decide. */
	now(): Promise<void> {
		this.#clearTimer();
		return this.#start();
	}

	/** Runs within `delayMs` (one run for a burst of calls). */
	soon(): void {
		if (this.#stopped || this.#timer !== undefined) return;
		if (this.#running) {
			this.#again = true;
			return;
		}
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			void this.#start();
		}, this.#delayMs);
	}

	/** Runs what is pending at once and resolves when no run is pending or running. */
	async settle(): Promise<void> {
		if (this.#timer !== undefined) await this.now();
		while (this.#running) await this.#running;
	}

	/** No more runs; resolves when the one running (if any) is done. */
	async stop(): Promise<void> {
		this.#stopped = true;
		this.#clearTimer();
		while (this.#running) await this.#running;
	}

	#clearTimer(): void {
		if (this.#timer !== undefined) clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	#start(): Promise<void> {
		if (this.#stopped) return Promise.resolve();
		if (this.#running) {
			this.#again = true;
			return this.#running;
		}
		this.#running = (async () => {
			try {
				for (let rounds = 0; ; rounds++) {
					if (rounds === POLICY_MAX_ROUNDS)
						throw new Error(`policies still deciding after ${POLICY_MAX_ROUNDS} rounds`);
					this.#again = false;
					const written = await this.#round();
					if (written === 0 && !this.#again) break;
				}
			} catch (e) {
				this.#onError(e);
			} finally {
				this.#running = undefined;
			}
		})();
		return this.#running;
	}
}
