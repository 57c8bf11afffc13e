/**
 * Writing entries: hash the payload, encode the signed part, sign it (bamboo "Entry
 * Encoding": the signature covers every byte before it).
 * @module
 */
import { detectBackend, type Ed25519Backend } from '../crypto/ed25519.js';
import type { Problem } from '../result.js';
import {
	assembleEntry,
	encodeUnsigned,
	MAX_PAYLOAD_SIZE,
	type Entry,
	type EntryFields
} from './entry.js';
import { encodeHash, YAMF, type HashSuite } from './hash.js';
import { hasLipmaaLink, lipmaa } from './lipmaa.js';

/** A key pair that can sign. */
export interface Signer {
	readonly publicKey: Uint8Array;
	readonly secretKey: Uint8Array;
}

/** What the writer supplies for a new entry. */
export interface NewEntry {
	readonly logId: bigint;
	readonly seqNum: number;
	readonly payload: Uint8Array;
	/** The full encoding of entry seqNum - 1 (required for seqNum > 1). */
	readonly previous?: Uint8Array;
	/** The full encoding of entry lipmaa(seqNum), when it is not the previous one. */
	readonly lipmaaEntry?: Uint8Array;
	/** The encoded hash of entry seqNum - 1, when known: `previous` is then not hashed again. */
	readonly previousHash?: Uint8Array;
	/** The encoded hash of entry lipmaa(seqNum), when known (instead of hashing `lipmaaEntry`). */
	readonly lipmaaHash?: Uint8Array;
	readonly endOfLog?: boolean;
}

/** One entry's verdict from a {@link BatchVerifier}: its encoded hash, or why it is refused. */
export type BatchVerdict =
	| { readonly ok: true; readonly hash: Uint8Array }
	| { readonly ok: false; readonly error: Problem };

/**
 * Verifies batches elsewhere (worker threads in Node): per item, what `verifyChunk`
 * (verify-batch.ts) answers, by the same rules, in input order. Smaller batches than
 * `threshold` are verified in the calling thread.
 */
export interface BatchVerifier {
	readonly threshold: number;
	verifyMany(
		items: readonly { readonly bytes: Uint8Array; readonly payload?: Uint8Array }[],
		suite: HashSuite
	): Promise<BatchVerdict[]>;
}

/** Options shared by signing and verifying. */
export interface CryptoOptions {
	readonly suite?: HashSuite;
	readonly backend?: Ed25519Backend;
	/** Where large batches are verified (default: the calling thread). */
	readonly batchVerifier?: BatchVerifier;
}

function hashOf(suite: HashSuite, bytes: Uint8Array | undefined): Uint8Array | undefined {
	return bytes && encodeHash(suite, bytes);
}

/** Builds and signs a new entry. Throws on programmer errors (missing links, oversize payload). */
export async function signEntry(
	signer: Signer,
	e: NewEntry,
	opts: CryptoOptions = {}
): Promise<Entry> {
	const suite = opts.suite ?? YAMF;
	const backend = opts.backend ?? (await detectBackend());
	if (e.payload.length > MAX_PAYLOAD_SIZE)
		throw new RangeError(`payload over ${MAX_PAYLOAD_SIZE} bytes`);
	const known = (h: Uint8Array | undefined) => (h?.length === suite.encodedLength ? h : undefined);
	const backlink = e.seqNum > 1 ? (known(e.previousHash) ?? hashOf(suite, e.previous)) : undefined;
	if (e.seqNum > 1 && !backlink) throw new RangeError(`entry ${e.seqNum} needs the previous entry`);
	const lipmaaLink = hasLipmaaLink(e.seqNum)
		? (known(e.lipmaaHash) ?? hashOf(suite, e.lipmaaEntry))
		: undefined;
	if (hasLipmaaLink(e.seqNum) && !lipmaaLink)
		throw new RangeError(`entry ${e.seqNum} needs entry ${lipmaa(e.seqNum)}`);
	const fields: EntryFields = {
		endOfLog: e.endOfLog ?? false,
		author: signer.publicKey,
		logId: e.logId,
		seqNum: e.seqNum,
		...(lipmaaLink ? { lipmaaLink } : {}),
		...(backlink ? { backlink } : {}),
		payloadSize: e.payload.length,
		payloadHash: encodeHash(suite, e.payload)
	};
	const unsigned = encodeUnsigned(fields);
	const signature = await backend.sign(signer.secretKey, unsigned);
	return assembleEntry(fields, unsigned, signature);
}
