/**
 * Verifying one entry on its own: its signature, and its payload when we hold it. Link checks
 * need the rest of the log and live in log.ts.
 * @module
 */
import { bytesEqual } from '../bytes.js';
import { detectBackend } from '../crypto/ed25519.js';
import { ENCODING_PROBLEMS, encodingProblem } from '../crypto/ed25519-rules.js';
import { err, ok, type Result } from '../result.js';
import { decodeEntry, type DecodeProblem, type Entry } from './entry.js';
import { encodeHash, YAMF, type HashSuite } from './hash.js';
import type { CryptoOptions } from './sign.js';

/** Failure codes of {@link verifyEntry}. */
export type VerifyProblem =
	DecodeProblem | 'signature' | 'payload-size-mismatch' | 'payload-hash-mismatch';

/**
 * The checks of {@link verifyEntry} that come before the signature: the payload's size and
 * hash when `payload` is given, then the encoding rules on the key and signature.
 */
function checkBeforeSignature(
	entry: Entry,
	payload: Uint8Array | undefined,
	suite: HashSuite
): Result<Entry, VerifyProblem> | undefined {
	if (payload !== undefined) {
		if (payload.length !== entry.payloadSize) {
			return err(
				'payload-size-mismatch',
				`the payload has ${payload.length} bytes, the entry says ${entry.payloadSize}`
			);
		}
		if (!bytesEqual(encodeHash(suite, payload), entry.payloadHash)) {
			return err('payload-hash-mismatch', "the payload does not match the entry's payload hash");
		}
	}
	const problem = encodingProblem(entry.author, entry.signature);
	if (problem) return err('signature', ENCODING_PROBLEMS[problem]);
	return undefined;
}

const BAD_SIGNATURE = "the signature does not verify with the author's key";

/**
 * Checks the Ed25519 signature over the signed part and, when `payload` is given, that its
 * size and hash match the entry. Never throws. The author key and signature must first pass
 * the encoding rules of ed25519-rules.ts (no small-order or non-canonical key or R, S < L),
 * whatever the back end: every peer must give the same verdict.
 */
export async function verifyEntry(
	entry: Entry,
	payload?: Uint8Array,
	opts: CryptoOptions = {}
): Promise<Result<Entry, VerifyProblem>> {
	const refused = checkBeforeSignature(entry, payload, opts.suite ?? YAMF);
	if (refused) return refused;
	const backend = opts.backend ?? (await detectBackend());
	const signed = entry.bytes.subarray(0, entry.signedLength);
	if (!(await backend.verify(entry.author, signed, entry.signature))) {
		return err('signature', BAD_SIGNATURE);
	}
	return ok(entry);
}

/**
 * {@link verifyEntry} in the calling thread, with a back end that verifies synchronously
 * (a back end's `verifySync`): the same checks in the same order, the same verdicts.
 */
export function verifyEntrySync(
	entry: Entry,
	payload: Uint8Array | undefined,
	suite: HashSuite,
	verifySync: (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean
): Result<Entry, VerifyProblem> {
	const refused = checkBeforeSignature(entry, payload, suite);
	if (refused) return refused;
	const signed = entry.bytes.subarray(0, entry.signedLength);
	if (!verifySync(entry.author, signed, entry.signature)) return err('signature', BAD_SIGNATURE);
	return ok(entry);
}

/** Decodes untrusted bytes and verifies the result; never throws. */
export async function decodeAndVerify(
	bytes: Uint8Array,
	payload?: Uint8Array,
	opts: CryptoOptions = {}
): Promise<Result<Entry, VerifyProblem>> {
	const decoded = decodeEntry(bytes, opts.suite ?? YAMF);
	if (!decoded.ok) return decoded;
	return verifyEntry(decoded.value, payload, opts);
}
