/**
 * What importing a bundle in the app did (`FestivalsState.importBundle`), for people.
 * @module
 */
import type { FestivalId } from '../../core/index.js';

/** What importing a bundle did, for people. */
export interface ImportOutcome {
	/** Festivals now usable on this device, with their names. */
	readonly imported: readonly { readonly id: FestivalId; readonly name: string }[];
	/** Entries refused, with reasons. */
	readonly refused: readonly string[];
}
