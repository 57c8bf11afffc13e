/**
 * The encodings every peer refuses before any curve arithmetic, so that every Ed25519 back end
 * (Web Crypto in Node and in browsers, `@noble/ed25519` elsewhere) gives the same verdict.
 *
 * RFC 8032 §5.1.7 leaves verifiers latitude: decoding may or may not insist on canonical
 * encodings, S may or may not be checked against L, small-order keys are allowed, and the
 * equation may be cofactored or not. "Taming the many EdDSAs" (Chalkias, Garillot, Nikolaenko,
 * SSR 2020; the ed25519-speccheck vectors) shows libraries disagreeing on exactly these points.
 * Web Crypto (OpenSSL, BoringSSL) accepts the small-order key `01 00…00` with R = `01 00…00`,
 * S = 0 for any message: anyone could write as that "author". We apply libsodium's rule:
 *
 * - the public key A and the signature's R are canonical encodings (y < p, RFC 8032 §5.1.3),
 * - neither A nor R is a point of small order (one of the 8 torsion points, in any of its
 *   encodings: canonical, y + p, or with the sign bit set on x = 0),
 * - S < L (RFC 8032 §5.1.7 step 1, §8.4: otherwise signatures are malleable),
 *
 * and then the cofactorless equation [S]B = R + [k]A, which is what Web Crypto checks.
 * Everything here is a byte comparison: it costs nothing next to a verification.
 * @module
 */

/** Why a key or signature is refused before verification. */
export type EncodingProblem =
	| 'key-length'
	| 'signature-length'
	| 'key-non-canonical'
	| 'key-small-order'
	| 'r-non-canonical'
	| 'r-small-order'
	| 's-out-of-range';

/** A sentence for each {@link EncodingProblem}, for error messages. */
export const ENCODING_PROBLEMS: Readonly<Record<EncodingProblem, string>> = {
	'key-length': 'the public key is not 32 bytes',
	'signature-length': 'the signature is not 64 bytes',
	'key-non-canonical': 'the public key is not canonically encoded (y >= p)',
	'key-small-order':
		'the public key is a point of small order, for which anyone can make signatures',
	'r-non-canonical': "the signature's R is not canonically encoded (y >= p)",
	'r-small-order': "the signature's R is a point of small order",
	's-out-of-range': "the signature's S is not below the group order L"
};

/** The order L of the prime-order subgroup: 2^252 + 27742317777372353535851937790883648493. */
export const GROUP_ORDER: bigint = 2n ** 252n + 27742317777372353535851937790883648493n;
const L_BYTES = leBytes(GROUP_ORDER);

/**
 * The y coordinates (little-endian, sign bit cleared) of every encoding of a point of small
 * order. The 8 torsion points have 5 distinct y values: 1 (the identity), p - 1 (order 2),
 * 0 (the two points of order 4) and two values for the four points of order 8. Values below
 * 19 also have a non-canonical encoding y + p < 2^255: p (for 0) and p + 1 (for 1). The sign
 * bit is ignored when comparing, which covers "x = 0 with the sign bit set" (RFC 8032 §5.1.3
 * step 4 refuses it, lenient decoders do not). ed25519-rules.test.ts derives this list from
 * the curve.
 */
export const SMALL_ORDER_Y: readonly Uint8Array[] = [
	'0000000000000000000000000000000000000000000000000000000000000000', // 0: order 4
	'0100000000000000000000000000000000000000000000000000000000000000', // 1: order 1
	'26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
	'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
	'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p - 1: order 2
	'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p (= 0): non-canonical
	'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f' // p + 1 (= 1): non-canonical
].map((h) => Uint8Array.from(h.match(/../g)!, (b) => parseInt(b, 16)));

function leBytes(n: bigint): Uint8Array {
	const out = new Uint8Array(32);
	for (let i = 0; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
	return out;
}

/** Whether the 32 bytes at `at` encode a y >= p = 2^255 - 19 (the sign bit ignored). */
function nonCanonical(b: Uint8Array, at: number): boolean {
	if ((b[at + 31]! & 0x7f) !== 0x7f) return false;
	for (let i = 30; i >= 1; i--) if (b[at + i] !== 0xff) return false;
	return b[at]! >= 0xed;
}

/** Whether the 32 bytes at `at` are an encoding of one of the 8 points of small order. */
function smallOrder(b: Uint8Array, at: number): boolean {
	const first = b[at]!;
	for (const y of SMALL_ORDER_Y) {
		if (y[0] !== first || y[31] !== (b[at + 31]! & 0x7f)) continue;
		let i = 1;
		while (i < 31 && b[at + i] === y[i]) i++;
		if (i === 31) return true;
	}
	return false;
}

/** Whether the 32 bytes at `at`, read little-endian, are at least L. */
function atLeastL(b: Uint8Array, at: number): boolean {
	for (let i = 31; i >= 0; i--) {
		const x = b[at + i]!;
		const l = L_BYTES[i]!;
		if (x !== l) return x > l;
	}
	return true;
}

/**
 * Checks a public key and a signature against the rules above; returns the first problem, or
 * `undefined` when verification may go ahead. Pure and cheap (byte comparisons only).
 */
export function encodingProblem(
	publicKey: Uint8Array,
	signature: Uint8Array
): EncodingProblem | undefined {
	if (publicKey.length !== 32) return 'key-length';
	if (signature.length !== 64) return 'signature-length';
	if (nonCanonical(publicKey, 0)) return 'key-non-canonical';
	if (smallOrder(publicKey, 0)) return 'key-small-order';
	if (nonCanonical(signature, 0)) return 'r-non-canonical';
	if (smallOrder(signature, 0)) return 'r-small-order';
	if (atLeastL(signature, 32)) return 's-out-of-range';
	return undefined;
}
