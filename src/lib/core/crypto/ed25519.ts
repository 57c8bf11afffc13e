/**
 * Ed25519 (RFC 8032) for the core: Web Crypto's `Ed25519` where the platform has it,
 * `@noble/ed25519` otherwise. Both back ends take and return raw 32-byte keys and 64-byte
 * signatures, so callers never see which one ran, and both verify by one rule (libsodium's,
 * see ed25519-rules.ts): the same verdict on every input, whichever runs.
 * @module
 */
import * as noble from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../bytes.js';
import { encodingProblem, GROUP_ORDER } from './ed25519-rules.js';

// noble needs a synchronous SHA-512 for its sync API (RFC 8032 §5.1).
noble.hashes.sha512 = sha512;

/** A back end for Ed25519. */
export interface Ed25519Backend {
	/** Human-readable name, for benches and diagnostics. */
	readonly name: string;
	/** Derives the 32-byte public key from a 32-byte secret seed. */
	publicKey(secret: Uint8Array): Promise<Uint8Array>;
	/** Signs `message` with the 32-byte secret seed; returns a 64-byte signature. */
	sign(secret: Uint8Array, message: Uint8Array): Promise<Uint8Array>;
	/**
	 * {@link sign} without the promise, where the back end signs in the calling thread anyway
	 * (node:crypto, noble): a writer then signs an entry with no hop through the event loop.
	 */
	signSync?(secret: Uint8Array, message: Uint8Array): Uint8Array;
	/**
	 * Verifies by the rule of ed25519-rules.ts (canonical A and R of large order, S < L, then
	 * [S]B = R + [k]A); never throws on malformed keys or signatures, it returns `false`.
	 */
	verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
	/** {@link verify} without the promise, where the back end verifies in the calling thread. */
	verifySync?(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

function bigintLE(bytes: Uint8Array): bigint {
	let n = 0n;
	for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
	return n;
}

/**
 * RFC 8032 §5.1.7 with the cofactorless equation [S]B = R + [k]A (what Web Crypto checks and
 * libsodium too), on noble's point arithmetic. noble's own `verify` is cofactored
 * ([8][S]B = [8]R + [8][k]A), which accepts signatures whose A and R carry a torsion
 * component that Web Crypto refuses (speccheck cases 4 and 5). The caller has run
 * {@link encodingProblem}, so A and R are canonical and S < L.
 */
function nobleVerify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
	const r = signature.subarray(0, 32);
	const A = noble.Point.fromBytes(publicKey, false);
	const R = noble.Point.fromBytes(r, false);
	const s = bigintLE(signature.subarray(32, 64));
	const k = bigintLE(sha512(concatBytes(r, publicKey, message))) % GROUP_ORDER;
	return noble.Point.BASE.multiply(s, false).equals(R.add(A.multiply(k, false)));
}

/** `@noble/ed25519`: pure JS, runs everywhere; verification by our rule, on noble's points. */
export const nobleBackend: Ed25519Backend = {
	name: 'noble',
	async publicKey(secret) {
		return noble.getPublicKey(secret);
	},
	async sign(secret, message) {
		return noble.sign(message, secret);
	},
	signSync(secret, message) {
		return noble.sign(message, secret);
	},
	async verify(publicKey, message, signature) {
		return nobleVerifySync(publicKey, message, signature);
	},
	verifySync: nobleVerifySync
};

function nobleVerifySync(
	publicKey: Uint8Array,
	message: Uint8Array,
	signature: Uint8Array
): boolean {
	if (encodingProblem(publicKey, signature)) return false;
	try {
		return nobleVerify(publicKey, message, signature);
	} catch {
		return false;
	}
}

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410 §7): the fixed DER prefix, then the 32 bytes.
const PKCS8_PREFIX = new Uint8Array([
	0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
]);
const ALG = { name: 'Ed25519' } as const;

/** Creates a Web Crypto back end over `subtle`. Public keys are imported once and cached. */
export function webCryptoBackend(subtle: SubtleCrypto): Ed25519Backend {
	const verifyKeys = new Map<string, Promise<CryptoKey>>();
	const keyOf = (publicKey: Uint8Array): Promise<CryptoKey> => {
		// Keys are 32 bytes; a latin1 string of them is a cheap map key.
		const id = String.fromCharCode.apply(null, publicKey as unknown as number[]);
		let key = verifyKeys.get(id);
		if (!key) {
			if (verifyKeys.size > 10_000) verifyKeys.clear();
			key = subtle.importKey('raw', publicKey as BufferSource, ALG, false, ['verify']);
			verifyKeys.set(id, key);
			key.catch(() => verifyKeys.delete(id));
		}
		return key;
	};
	// Keyed by the secret's array object: an identity keeps one array for its lifetime.
	const signKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();
	const signKey = (secret: Uint8Array): Promise<CryptoKey> => {
		let key = signKeys.get(secret);
		if (!key) {
			const pkcs8 = new Uint8Array(48);
			pkcs8.set(PKCS8_PREFIX);
			pkcs8.set(secret, 16);
			key = subtle.importKey('pkcs8', pkcs8, ALG, true, ['sign']);
			signKeys.set(secret, key);
			key.catch(() => signKeys.delete(secret));
		}
		return key;
	};
	return {
		name: 'webcrypto',
		async publicKey(secret) {
			// Web Crypto has no seed -> public key call; JWK export of the private key carries `x`.
			const jwk = await subtle.exportKey('jwk', await signKey(secret));
			return base64UrlDecode(jwk.x ?? '');
		},
		async sign(secret, message) {
			return new Uint8Array(await subtle.sign(ALG, await signKey(secret), message as BufferSource));
		},
		async verify(publicKey, message, signature) {
			// Web Crypto alone accepts small-order keys and R: the rule comes first.
			if (encodingProblem(publicKey, signature)) return false;
			try {
				return await subtle.verify(
					ALG,
					await keyOf(publicKey),
					signature as BufferSource,
					message as BufferSource
				);
			} catch {
				return false;
			}
		}
	};
}

function base64UrlDecode(s: string): Uint8Array {
	const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
	const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
	return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

let detected: Promise<Ed25519Backend> | undefined;

/**
 * Resolves to Web Crypto's Ed25519 if this platform supports it (checked once by signing and
 * verifying a probe), otherwise to `@noble/ed25519`.
 */
export function detectBackend(): Promise<Ed25519Backend> {
	detected ??= (async () => {
		const subtle = globalThis.crypto?.subtle;
		if (!subtle) return nobleBackend;
		try {
			const backend = webCryptoBackend(subtle);
			const secret = new Uint8Array(32).fill(7);
			const msg = new Uint8Array([1, 2, 3]);
			const pub = await backend.publicKey(secret);
			const sig = await backend.sign(secret, msg);
			const expected = await nobleBackend.publicKey(secret);
			if (
				pub.length === 32 &&
				pub.every((b, i) => b === expected[i]) &&
				(await backend.verify(pub, msg, sig))
			) {
				return backend;
			}
		} catch {
			/* fall through */
		}
		return nobleBackend;
	})();
	return detected;
}

/** Generates a new random 32-byte secret seed. */
export function randomSecretKey(): Uint8Array {
	return noble.utils.randomSecretKey();
}
