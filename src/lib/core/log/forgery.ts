/**
 * A forged log for tests and demonstrations: entries "written" by the small-order public key
 * `01 00…00` (the identity point) with R = `01 00…00`, S = 0. That signature satisfies the
 * equation [S]B = R + [k]A for every message, so it needs no secret key; Web Crypto accepts it
 * on its own and verifyEntry must refuse it (see crypto/ed25519-rules.ts).
 * @module
 */
import { assembleEntry, encodeUnsigned } from './entry.js';
import { encodeHash, YAMF, type HashSuite } from './hash.js';
import { hasLipmaaLink, lipmaa } from './lipmaa.js';

/** Entries 1..n of log 1 of the small-order key, each with its payload. */
export function forgeSmallOrderLog(
	n: number,
	suite: HashSuite = YAMF
): { bytes: Uint8Array; payload: Uint8Array }[] {
	const author = new Uint8Array(32);
	author[0] = 1;
	const signature = new Uint8Array(64);
	signature[0] = 1;
	const out: { bytes: Uint8Array; payload: Uint8Array }[] = [];
	for (let i = 1; i <= n; i++) {
		const payload = new TextEncoder().encode(`written by nobody ${i}`);
		const fields = {
			endOfLog: false,
			author,
			logId: 1n,
			seqNum: i,
			...(hasLipmaaLink(i) ? { lipmaaLink: encodeHash(suite, out[lipmaa(i) - 1]!.bytes) } : {}),
			...(i > 1 ? { backlink: encodeHash(suite, out[i - 2]!.bytes) } : {}),
			payloadSize: payload.length,
			payloadHash: encodeHash(suite, payload)
		};
		out.push({ bytes: assembleEntry(fields, encodeUnsigned(fields), signature).bytes, payload });
	}
	return out;
}
