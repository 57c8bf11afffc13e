/**
 * A tiny typed event emitter: event names and their payloads come from one map type, so a
 * listener gets exactly the payload its event carries. A listener that throws does not stop
 * the others.
 * @module
 */

/** Listeners by event name, for an event map `E` (name → payload). */
export class Emitter<E extends object> {
	readonly #listeners = new Map<keyof E, Set<(payload: never) => void>>();

	/** Calls `fn` with every `type` event from now on. Returns an unsubscribe function. */
	on<K extends keyof E>(type: K, fn: (payload: E[K]) => void): () => void {
		let set = this.#listeners.get(type);
		if (!set) {
			set = new Set();
			this.#listeners.set(type, set);
		}
		const listener = fn as (payload: never) => void;
		set.add(listener);
		return () => void set.delete(listener);
	}

	/** Tells every listener of `type`. */
	emit<K extends keyof E>(type: K, payload: E[K]): void {
		const set = this.#listeners.get(type);
		if (!set) return;
		for (const fn of [...set]) {
			try {
				(fn as (payload: E[K]) => void)(payload);
			} catch {
				/* a listener's failure is its own */
			}
		}
	}

	/** Forgets every listener. */
	clear(): void {
		this.#listeners.clear();
	}
}
