/**
 * When a {@link WebRTCNetworkAdapter} counts as ready (automerge-repo's `isReady`): once
 * discovery has settled, or a timeout after connecting passed, whichever comes first.
 * @module
 */

/** A ready flag with waiters, a timeout and a settle delay. */
export class Readiness {
	#ready = false;
	#waiters: (() => void)[] = [];
	#readyTimer: ReturnType<typeof setTimeout> | undefined;
	#settleTimer: ReturnType<typeof setTimeout> | undefined;

	/** Whether it is ready. */
	get ready(): boolean {
		return this.#ready;
	}

	/** Resolves when ready. */
	whenReady(): Promise<void> {
		if (this.#ready) return Promise.resolve();
		return new Promise((resolve) => this.#waiters.push(resolve));
	}

	/** Not ready from now on, until {@link mark} or `timeoutMs` passed. */
	start(timeoutMs: number): void {
		this.#ready = false;
		this.#readyTimer = setTimeout(() => this.mark(), timeoutMs);
	}

	/** Ready now (waiters resolve). */
	mark(): void {
		clearTimeout(this.#readyTimer);
		if (this.#ready) return;
		this.#ready = true;
		for (const w of this.#waiters.splice(0)) w();
	}

	/** Unless ready: in `ms` (restarting the delay), ready if `settled()` says so then. */
	settleAfter(ms: number, settled: () => boolean): void {
		if (this.#ready) return;
		clearTimeout(this.#settleTimer);
		this.#settleTimer = setTimeout(() => {
			if (settled()) this.mark();
		}, ms);
	}

	/** Cancels the timeout and a pending settle check. */
	stop(): void {
		clearTimeout(this.#settleTimer);
		clearTimeout(this.#readyTimer);
	}
}
