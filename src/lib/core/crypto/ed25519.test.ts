import { describe, expect, it } from 'vitest';
import { detectBackend, nobleBackend, webCryptoBackend, type Ed25519Backend } from './ed25519.js';

// RFC 8032 §7.1, TEST 2.
const SECRET = Uint8Array.from(
	Buffer.from('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', 'hex')
);
const PUBLIC = '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c';
const MSG = Uint8Array.of(0x72);
const SIG =
	'92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00';

const backends: Ed25519Backend[] = [nobleBackend, webCryptoBackend(globalThis.crypto.subtle)];

describe.each(backends)('Ed25519 back end $name', (b) => {
	it('derives the RFC 8032 public key and signature', async () => {
		expect(Buffer.from(await b.publicKey(SECRET)).toString('hex')).toBe(PUBLIC);
		expect(Buffer.from(await b.sign(SECRET, MSG)).toString('hex')).toBe(SIG);
	});

	it('verifies, and rejects tampering and malformed input without throwing', async () => {
		const pub = Buffer.from(PUBLIC, 'hex');
		const sig = Buffer.from(SIG, 'hex');
		expect(await b.verify(pub, MSG, sig)).toBe(true);
		expect(await b.verify(pub, Uint8Array.of(0x73), sig)).toBe(false);
		const bad = Uint8Array.from(sig);
		bad[10]! ^= 1;
		expect(await b.verify(pub, MSG, bad)).toBe(false);
		expect(await b.verify(pub.subarray(1), MSG, sig)).toBe(false);
		expect(await b.verify(pub, MSG, sig.subarray(1))).toBe(false);
		expect(await b.verify(new Uint8Array(32).fill(0xff), MSG, sig)).toBe(false);
	});

	it('agrees with the other back end on random messages', async () => {
		const other = b === nobleBackend ? backends[1]! : nobleBackend;
		for (let i = 0; i < 20; i++) {
			const secret = crypto.getRandomValues(new Uint8Array(32));
			const msg = crypto.getRandomValues(new Uint8Array(i * 7));
			const sig = await b.sign(secret, msg);
			expect(await other.verify(await other.publicKey(secret), msg, sig)).toBe(true);
		}
	});
});

// The key and R `01 00…00` are the identity point; with S = 0 the equation [S]B = R + [k]A
// holds for every message. Web Crypto (Node 20, Chromium) accepts this on its own.
const IDENTITY = new Uint8Array(32);
IDENTITY[0] = 1;
const FORGED = new Uint8Array(64);
FORGED[0] = 1;

describe.each(backends)('Ed25519 back end $name, against forgeries', (b) => {
	it('small-order key forgery: refuses the identity key with R = identity, S = 0, for any message', async () => {
		for (const msg of [
			new Uint8Array(0),
			Uint8Array.of(0x72),
			crypto.getRandomValues(new Uint8Array(100))
		]) {
			expect(await b.verify(IDENTITY, msg, FORGED)).toBe(false);
		}
	});

	it('small-order key forgery: refuses the identity key written with the sign bit or as y = p + 1', async () => {
		const signBit = Uint8Array.from(IDENTITY);
		signBit[31] = 0x80;
		const pPlusOne = new Uint8Array(32).fill(0xff);
		pPlusOne[0] = 0xee;
		pPlusOne[31] = 0x7f;
		for (const key of [signBit, pPlusOne]) {
			expect(await b.verify(key, Uint8Array.of(1), FORGED)).toBe(false);
			const sig = Uint8Array.from(FORGED);
			sig.set(key);
			expect(await b.verify(key, Uint8Array.of(1), sig)).toBe(false);
		}
	});

	it('signature malleability: refuses S + L for a genuine signature', async () => {
		const sig = Buffer.from(SIG, 'hex');
		let s = 0n;
		for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i]!);
		s += 2n ** 252n + 27742317777372353535851937790883648493n;
		const bad = Uint8Array.from(sig);
		for (let i = 32; i < 64; i++, s >>= 8n) bad[i] = Number(s & 0xffn);
		expect(await b.verify(Buffer.from(PUBLIC, 'hex'), MSG, bad)).toBe(false);
	});
});

describe('detectBackend', () => {
	it('picks Web Crypto where the platform has Ed25519', async () => {
		expect((await detectBackend()).name).toBe('webcrypto');
	});
});
