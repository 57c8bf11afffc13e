/**
 * Whether a map's tiles are getting through. Maps are an extra here: offline, or with the
 * tile server blocked, a map would sit there grey, so the map says so instead (and the
 * coordinates, always shown as text, carry on).
 * @module
 */

/** `loading`: nothing has arrived yet; `shown`: at least one tile drew; `failed`: none did. */
export type TileState = 'loading' | 'shown' | 'failed';

/** How long a map waits for its first tile before it gives up on the tiles (ms). */
export const TILE_PATIENCE_MS = 10_000;

/**
 * Counts tile outcomes of one map. The map is `failed` when the tiles in view have all
 * settled with errors only (Leaflet's `load` after `tileerror`s), or when nothing has
 * arrived within {@link TILE_PATIENCE_MS}; one tile that loads, even later, makes it `shown`.
 */
export class TileHealth {
	#loaded = 0;
	#errors = 0;
	#state: TileState = 'loading';

	/** Where the tiles stand. */
	get state(): TileState {
		return this.#state;
	}

	/** A tile drew. */
	loaded(): TileState {
		this.#loaded++;
		this.#state = 'shown';
		return this.#state;
	}

	/** A tile could not load. */
	failed(): TileState {
		this.#errors++;
		return this.#state;
	}

	/** Every tile in view has finished, one way or the other. */
	settled(): TileState {
		if (this.#loaded === 0 && this.#errors > 0) this.#state = 'failed';
		return this.#state;
	}

	/** The patience ran out. */
	timedOut(): TileState {
		if (this.#loaded === 0) this.#state = 'failed';
		return this.#state;
	}

	/** Starts counting again (before trying the tiles once more). */
	reset(): TileState {
		this.#loaded = 0;
		this.#errors = 0;
		this.#state = 'loading';
		return this.#state;
	}
}
