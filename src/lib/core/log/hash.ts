/**
 * Hash suites for bamboo links and payload hashes. Both are "yet another multihash"
 * encodings: varu64 hash code, varu64 digest length, digest.
 * - YAMF (bamboo spec default, bamboo-rs-core): code 0, BLAKE2b-512, prefix `00 40`.
 * - YASMF (bamboo-rs-ed25519-yasmf, p2panda): code 0, BLAKE3-256, prefix `00 20`.
 * @module
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { blake3 } from '@noble/hashes/blake3.js';

/** Name of a hash suite. */
export type HashSuiteName = 'yamf' | 'yasmf';

/** A multihash flavour: how entries link to each other and to their payload. */
export interface HashSuite {
	readonly name: HashSuiteName;
	/** Digest length in bytes (64 for YAMF, 32 for YASMF). */
	readonly digestLength: number;
	/** The two prefix bytes: varu64 code 0, varu64 digest length. */
	readonly prefix: readonly [number, number];
	/** Length of prefix plus digest. */
	readonly encodedLength: number;
	/** The raw digest of `data`. */
	digest(data: Uint8Array): Uint8Array;
}

function suite(
	name: HashSuiteName,
	digestLength: number,
	digest: (d: Uint8Array) => Uint8Array
): HashSuite {
	return { name, digestLength, prefix: [0, digestLength], encodedLength: 2 + digestLength, digest };
}

/** YAMF: BLAKE2b-512, the bamboo default. */
export const YAMF: HashSuite = suite('yamf', 64, (d) => blake2b(d));
/** YASMF: BLAKE3-256, as p2panda uses. */
export const YASMF: HashSuite = suite('yasmf', 32, (d) => blake3(d));

/** Looks a suite up by name. */
export function hashSuite(name: HashSuiteName): HashSuite {
	return name === 'yasmf' ? YASMF : YAMF;
}

/** The encoded multihash (prefix + digest) of `data`. */
export function encodeHash(suite: HashSuite, data: Uint8Array): Uint8Array {
	const out = new Uint8Array(suite.encodedLength);
	out[0] = suite.prefix[0];
	out[1] = suite.prefix[1];
	out.set(suite.digest(data), 2);
	return out;
}
