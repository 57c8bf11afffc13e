/**
 * What a peer says it holds of one log (sync's HAVE, PROTOCOL.md "Festival sync").
 * @module
 */

/** How many missing seqs of one log a HAVE lists; past that it reports the complete prefix. */
export const MAX_MISSING = 64;

/** Bytes of an entry's hash (its last bytes) that a HAVE carries for the highest seq held. */
export const TIP_LENGTH = 8;

/** One log as a peer holds it. */
export interface LogHave {
	readonly author: string;
	readonly logId: bigint;
	/** The highest seq held (0: none). */
	readonly seq: number;
	/** The last {@link TIP_LENGTH} bytes of the hash of the entry held at `seq`. */
	readonly tip?: Uint8Array;
	/**
	 * Seqs up to `seq` the peer still lacks, ascending: not held, or held without a payload it
	 * has not refused (at most {@link MAX_MISSING}).
	 */
	readonly missing: readonly number[];
}
