/**
 * Ed25519 and BLAKE2b on node:crypto for the Node programs: synchronous signing and
 * verification (no round trip to a thread pool per entry, as Web Crypto makes), keys wrapped
 * once (PKCS#8, SPKI) and their KeyObjects cached. Verification applies the encoding rules of
 * ed25519-rules.ts first, as every back end does, then OpenSSL's cofactorless check.
 * @module
 */
import * as crypto from 'node:crypto';
import {
	createHash,
	createPrivateKey,
	createPublicKey,
	sign,
	verify,
	type KeyObject
} from 'node:crypto';
import type { Ed25519Backend } from '../../lib/core/crypto/ed25519.js';
import { encodingProblem } from '../../lib/core/crypto/ed25519-rules.js';
import type { HashSuite } from '../../lib/core/log/hash.js';

// RFC 8410: the fixed DER prefixes of a PKCS#8 private key and an SPKI public key.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

// crypto.hash (Node 20.12+): one call instead of a Hash object per digest.
const oneShot = (crypto as { hash?: (alg: string, data: Uint8Array, enc: 'buffer') => Buffer })
	.hash;

const MAX_CACHED_KEYS = 10_000;
const verifyKeys = new Map<string, KeyObject>();
// Keyed by the secret's array object: an identity keeps one array for its lifetime.
const signKeys = new WeakMap<Uint8Array, KeyObject>();

function signKey(secret: Uint8Array): KeyObject {
	let key = signKeys.get(secret);
	if (!key) {
		if (secret.length !== 32) throw new RangeError('an Ed25519 secret is 32 bytes');
		key = createPrivateKey({
			key: Buffer.concat([PKCS8_PREFIX, secret]),
			format: 'der',
			type: 'pkcs8'
		});
		signKeys.set(secret, key);
	}
	return key;
}

function verifyKey(publicKey: Uint8Array): KeyObject {
	// Keys are 32 bytes; a latin1 string of them is a cheap map key.
	const id = String.fromCharCode.apply(null, publicKey as unknown as number[]);
	let key = verifyKeys.get(id);
	if (!key) {
		if (verifyKeys.size >= MAX_CACHED_KEYS) verifyKeys.clear();
		key = createPublicKey({
			key: Buffer.concat([SPKI_PREFIX, publicKey]),
			format: 'der',
			type: 'spki'
		});
		verifyKeys.set(id, key);
	}
	return key;
}

/** Verifies synchronously by the rule of ed25519-rules.ts; never throws. */
export function verifySync(
	publicKey: Uint8Array,
	message: Uint8Array,
	signature: Uint8Array
): boolean {
	if (encodingProblem(publicKey, signature)) return false;
	try {
		return verify(null, message, verifyKey(publicKey), signature);
	} catch {
		return false;
	}
}

/** Signs synchronously with a 32-byte secret seed; returns the 64-byte signature. */
export function signSync(secret: Uint8Array, message: Uint8Array): Uint8Array {
	const b = sign(null, message, signKey(secret));
	return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/** node:crypto's Ed25519, synchronous underneath. */
export const nodeBackend: Ed25519Backend = {
	name: 'node',
	async publicKey(secret) {
		const der = createPublicKey(signKey(secret)).export({ format: 'der', type: 'spki' });
		return new Uint8Array(der.subarray(SPKI_PREFIX.length));
	},
	async sign(secret, message) {
		return signSync(secret, message);
	},
	signSync,
	async verify(publicKey, message, signature) {
		return verifySync(publicKey, message, signature);
	},
	verifySync
};

/**
 * `suite` with node:crypto's BLAKE2b-512 for YAMF (the same digest as the JS one, natively);
 * YASMF's BLAKE3 is not in node:crypto and stays as it is.
 */
export function nativeSuite(suite: HashSuite): HashSuite {
	if (suite.name !== 'yamf') return suite;
	return {
		...suite,
		digest: (d) => {
			const h = oneShot
				? oneShot('blake2b512', d, 'buffer')
				: createHash('blake2b512').update(d).digest();
			return new Uint8Array(h.buffer, h.byteOffset, h.length);
		}
	};
}
