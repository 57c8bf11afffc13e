/**
 * Writing entries: hash the payload, encode the signed part, sign it (bamboo "Entry
 * Encoding": the signature covers every byte before it).
 * @module
 */
import { detectBackend, type Ed25519Backend } from '../crypto/ed25519.js';
import type { Problem } from '../result.js';
import {
	encodeUnsignedInto,
	entryOf,
	MAX_PAYLOAD_SIZE,
	SIGNATURE_LENGTH,
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

/** `h` when it is an encoded hash of `suite`'s length (a module function: this runs per entry). */
function known(suite: HashSuite, h: Uint8Array | undefined): Uint8Array | undefined {
	return h?.length === suite.encodedLength ? h : undefined;
}

/**
 * The fields of a new entry, and an array holding its signed part with room for the signature
 * after it. The payload is hashed straight into its place (the fields' payload hash is a view
 * of the array, as a decoded entry's is).
 */
function unsignedEntry(
	signer: Signer,
	e: NewEntry,
	suite: HashSuite
): { fields: EntryFields; bytes: Uint8Array; signedLength: number } {
	if (e.payload.length > MAX_PAYLOAD_SIZE)
		throw new RangeError(`payload over ${MAX_PAYLOAD_SIZE} bytes`);
	const n = e.seqNum;
	const backlink = n > 1 ? (known(suite, e.previousHash) ?? hashOf(suite, e.previous)) : undefined;
	if (n > 1 && !backlink) throw new RangeError(`entry ${n} needs the previous entry`);
	const linked = hasLipmaaLink(n);
	const lipmaaLink = linked
		? (known(suite, e.lipmaaHash) ?? hashOf(suite, e.lipmaaEntry))
		: undefined;
	if (linked && !lipmaaLink) throw new RangeError(`entry ${n} needs entry ${lipmaa(n)}`);
	const size = e.payload.length;
	// The payload hash's place: its bytes are written below, once the array exists.
	let placeholder = EMPTY_HASHES.get(suite.encodedLength);
	if (!placeholder)
		EMPTY_HASHES.set(suite.encodedLength, (placeholder = new Uint8Array(suite.encodedLength)));
	const fields: { -readonly [K in keyof EntryFields]: EntryFields[K] } = {
		endOfLog: e.endOfLog ?? false,
		author: signer.publicKey,
		logId: e.logId,
		seqNum: n,
		payloadSize: size,
		payloadHash: placeholder
	};
	if (lipmaaLink) fields.lipmaaLink = lipmaaLink;
	if (backlink) fields.backlink = backlink;
	const bytes = encodeUnsignedInto(fields, SIGNATURE_LENGTH);
	const signedLength = bytes.length - SIGNATURE_LENGTH;
	const at = signedLength - suite.encodedLength;
	bytes[at] = suite.prefix[0];
	bytes[at + 1] = suite.prefix[1];
	bytes.set(suite.digest(e.payload), at + 2);
	fields.payloadHash = bytes.subarray(at, signedLength);
	return { fields, bytes, signedLength };
}

/** Zeroed hashes by length, to stand for a payload hash until it is written. */
const EMPTY_HASHES = new Map<number, Uint8Array>();

function signed(
	u: { fields: EntryFields; bytes: Uint8Array; signedLength: number },
	signature: Uint8Array
): Entry {
	if (signature.length !== SIGNATURE_LENGTH) throw new Error('the signature is not 64 bytes');
	u.bytes.set(signature, u.signedLength);
	return entryOf(u.fields, u.bytes, u.signedLength);
}

/**
 * Builds and signs a new entry in the calling thread, with a back end that signs
 * synchronously (a back end's `signSync`). Throws as {@link signEntry} does.
 */
export function signEntrySync(
	signer: Signer,
	e: NewEntry,
	suite: HashSuite,
	signSync: (secret: Uint8Array, message: Uint8Array) => Uint8Array
): Entry {
	const u = unsignedEntry(signer, e, suite);
	return signed(u, signSync(signer.secretKey, u.bytes.subarray(0, u.signedLength)));
}

/** Builds and signs a new entry. Throws on programmer errors (missing links, oversize payload). */
export async function signEntry(
	signer: Signer,
	e: NewEntry,
	opts: CryptoOptions = {}
): Promise<Entry> {
	const suite = opts.suite ?? YAMF;
	const backend = opts.backend ?? (await detectBackend());
	const u = unsignedEntry(signer, e, suite);
	return signed(u, await backend.sign(signer.secretKey, u.bytes.subarray(0, u.signedLength)));
}
