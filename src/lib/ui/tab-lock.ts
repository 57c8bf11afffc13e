/**
 * One tab at a time works with the festivals of this browser. Tabs share the device's
 * storage and its identity, so two tabs editing at once would write the same signed log
 * from two places: a fork, which peers treat as misbehaviour. A Web Lock names the tab that
 * works; another tab asks it (over a BroadcastChannel) to let go, and it closes its festivals
 * (sealing and storing every edit) before the lock passes. Where the browser has no Web
 * Locks (an insecure origin), every tab works, as before.
 * @module
 */

const LOCK = 'festival-app';
const CHANNEL = 'festival-app-tabs';

/** The lock of the working tab. */
export class TabLock {
	#release: (() => void) | undefined;
	#channel: BroadcastChannel | undefined;
	#onAsked: (() => Promise<void>) | undefined;

	/** Whether this browser can coordinate tabs at all. */
	get supported(): boolean {
		return (
			typeof navigator !== 'undefined' &&
			'locks' in navigator &&
			typeof BroadcastChannel !== 'undefined'
		);
	}

	/**
	 * Takes the lock if no other tab holds it; true if this tab may work now. `onAsked` runs
	 * when another tab asks for it: stop working, then the lock passes.
	 */
	async acquire(onAsked: () => Promise<void>): Promise<boolean> {
		this.#onAsked = onAsked;
		if (!this.supported) return true;
		return this.#request({ ifAvailable: true });
	}

	/** Asks the working tab to let go and waits until the lock is here. */
	async takeOver(): Promise<void> {
		if (!this.supported) return;
		const waiting = this.#request({});
		const ch = new BroadcastChannel(CHANNEL);
		ch.postMessage('release');
		ch.close();
		await waiting;
	}

	#request(opts: LockOptions): Promise<boolean> {
		return new Promise<boolean>((answer) => {
			void navigator.locks.request(LOCK, opts, (lock) => {
				if (!lock) {
					answer(false);
					return undefined;
				}
				this.#listen();
				answer(true);
				// Held until released.
				return new Promise<void>((release) => (this.#release = release));
			});
		});
	}

	#listen(): void {
		this.#channel?.close();
		this.#channel = new BroadcastChannel(CHANNEL);
		this.#channel.onmessage = (e) => {
			if (e.data !== 'release' || !this.#release) return;
			const release = this.#release;
			this.#release = undefined;
			this.#channel?.close();
			this.#channel = undefined;
			void (this.#onAsked?.() ?? Promise.resolve()).finally(release);
		};
	}
}
