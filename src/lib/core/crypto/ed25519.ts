/**
 * Ed25519 (RFC 8032) for the core: Web Crypto's `Ed25519` where the platform has it,
 * `@noble/ed25519` otherwise. Both back ends take and return raw 32-byte keys and 64-byte
 * signatures, so callers never see which one ran.
 * @module
 */
import * as noble from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';

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
	/** Verifies; never throws on malformed keys or signatures, it returns `false`. */
	verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** `@noble/ed25519`: pure JS, runs everywhere. RFC 8032 strict verification (zip215: false). */
export const nobleBackend: Ed25519Backend = {
	name: 'noble',
	async publicKey(secret) {
		return noble.getPublicKey(secret);
	},
	async sign(secret, message) {
		return noble.sign(message, secret);
	},
	async verify(publicKey, message, signature) {
		try {
			return noble.verify(signature, message, publicKey, { zip215: false });
		} catch {
			return false;
		}
	}
};

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
			if (publicKey.length !== 32 || signature.length !== 64) return false;
			try {
				return await subtle.verify(ALG, await keyOf(publicKey), signature as BufferSource, message as BufferSource);
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
			if (pub.length === 32 && pub.every((b, i) => b === expected[i]) && (await backend.verify(pub, msg, sig))) {
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
