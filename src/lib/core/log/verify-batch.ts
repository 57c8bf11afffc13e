/**
 * Verifying a batch of entries: per entry, decode, the checks of {@link verifyEntry}
 * (encoding rules, payload size and hash, signature) and the entry's hash for the link checks.
 * {@link verifyChunk} is what runs, in the calling thread or on a worker thread
 * ({@link BatchVerifier}): one rule wherever it runs.
 * @module
 */
import { detectBackend } from '../crypto/ed25519.js';
import { err, ok, type Result } from '../result.js';
import { decodeEntry, type Entry } from './entry.js';
import { encodeHash, YAMF } from './hash.js';
import type { BatchVerdict, CryptoOptions } from './sign.js';
import { verifyEntry, verifyEntrySync, type VerifyProblem } from './verify.js';

/** An entry to verify and its payload, when it came. */
export interface BatchItem {
	readonly bytes: Uint8Array;
	readonly payload?: Uint8Array;
}

/** A verified (or refused) entry, with its hash when it verified. */
export interface CheckedEntry {
	readonly result: Result<Entry, VerifyProblem>;
	readonly hash?: Uint8Array;
}

/** Decodes, verifies and hashes in this thread, signatures started together. */
async function checkHere(
	items: readonly BatchItem[],
	opts: CryptoOptions
): Promise<CheckedEntry[]> {
	const suite = opts.suite ?? YAMF;
	const backend = opts.backend ?? (await detectBackend());
	const verifySync = backend.verifySync;
	if (verifySync) {
		// A back end that verifies in this thread anyway: one loop, no promise per entry.
		return items.map((it): CheckedEntry => {
			const d = decodeEntry(it.bytes, suite);
			const result = d.ok ? verifyEntrySync(d.value, it.payload, suite, verifySync) : d;
			return result.ok ? { result, hash: encodeHash(suite, it.bytes) } : { result };
		});
	}
	const o = { ...opts, suite, backend };
	return Promise.all(
		items.map(async (it): Promise<CheckedEntry> => {
			const d = decodeEntry(it.bytes, suite);
			const result = d.ok ? await verifyEntry(d.value, it.payload, o) : d;
			return result.ok ? { result, hash: encodeHash(suite, it.bytes) } : { result };
		})
	);
}

/**
 * Verifies a chunk in this thread (what a {@link BatchVerifier}'s workers run), signatures
 * started together (Web Crypto runs them off the thread; a synchronous back end one after the
 * other). Never throws; input order.
 */
export async function verifyChunk(
	items: readonly BatchItem[],
	opts: CryptoOptions = {}
): Promise<BatchVerdict[]> {
	return (await checkHere(items, opts)).map((c): BatchVerdict =>
		c.result.ok ? { ok: true, hash: c.hash! } : c.result
	);
}

/**
 * Verifies a batch: on `opts.batchVerifier` when it is at least its threshold, else in this
 * thread. Entries are decoded here too (the caller needs them); a verifier that answers for a
 * different number of entries is an error, never a verdict.
 */
export async function verifyEntries(
	items: readonly BatchItem[],
	opts: CryptoOptions = {}
): Promise<CheckedEntry[]> {
	const remote = opts.batchVerifier;
	if (!remote || items.length < remote.threshold) return checkHere(items, opts);
	const suite = opts.suite ?? YAMF;
	const pending = remote.verifyMany(items, suite);
	// Decoded here (the caller needs the entries) while the verifier works.
	const decoded = items.map((it) => decodeEntry(it.bytes, suite));
	const verdicts = await pending;
	if (verdicts.length !== items.length)
		throw new Error(`${verdicts.length} verdicts for ${items.length} entries`);
	return decoded.map((d, i): CheckedEntry => {
		const v = verdicts[i]!;
		if (!d.ok) return { result: d };
		if (!v.ok) return { result: err(v.error.code as VerifyProblem, v.error.reason) };
		return { result: ok(d.value), hash: v.hash };
	});
}
