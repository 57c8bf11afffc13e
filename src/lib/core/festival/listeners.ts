/**
 * Who hears of the entries a festival newly stores (sync pushes them to peers).
 * @module
 */
import type { EntryItem } from './ingest/payload.js';

/** Called with a batch of newly stored entries and where they came from. */
export type EntriesListener = (entries: readonly EntryItem[], origin: unknown) => void;

/** A set of {@link EntriesListener}s; one failing does not stop the others. */
export class EntryListeners {
	readonly #fns = new Set<EntriesListener>();

	/** Adds a listener; returns a function that removes it. */
	add(fn: EntriesListener): () => void {
		this.#fns.add(fn);
		return () => this.#fns.delete(fn);
	}

	/** Calls every listener with a non-empty batch. */
	emit(entries: readonly EntryItem[], origin: unknown): void {
		if (!entries.length) return;
		for (const fn of this.#fns) {
			try {
				fn(entries, origin);
			} catch {
				/* a listener's failure is its own */
			}
		}
	}
}
