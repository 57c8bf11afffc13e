/**
 * node:crypto's Ed25519 against the published vectors (tests/fixtures/ed25519): the verdict of
 * the rule in ed25519-rules.ts, as the other back ends give; signatures and keys as noble's.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../lib/core/bytes.js';
import { nobleBackend } from '../../lib/core/crypto/ed25519.js';
import { vectorSets } from '../../lib/core/crypto/ed25519-vectors.fixture.js';
import { YAMF, YASMF } from '../../lib/core/log/hash.js';
import { nativeSuite, nodeBackend } from './ed25519-node.js';

const rfc8032 = vectorSets[0][1];

describe('node:crypto Ed25519 back end', () => {
	it.each(vectorSets)('gives the rule’s verdict on the %s vectors', async (_, cases) => {
		expect(cases.length).toBeGreaterThan(3);
		const wrong: string[] = [];
		for (const c of cases)
			if ((await nodeBackend.verify(c.publicKey, c.message, c.signature)) !== c.valid)
				wrong.push(c.name);
		expect(wrong).toEqual([]);
	});

	it('derives keys and signs as noble does (Ed25519 is deterministic)', async () => {
		const secret = new Uint8Array(32).map((_, i) => i * 7);
		const msg = new TextEncoder().encode('festival');
		expect(toHex(await nodeBackend.publicKey(secret))).toBe(
			toHex(await nobleBackend.publicKey(secret))
		);
		expect(toHex(await nodeBackend.sign(secret, msg))).toBe(
			toHex(await nobleBackend.sign(secret, msg))
		);
	});

	it('refuses malformed keys and signatures without throwing', async () => {
		const msg = new Uint8Array([1]);
		expect(await nodeBackend.verify(new Uint8Array(31), msg, new Uint8Array(64))).toBe(false);
		expect(await nodeBackend.verify(rfc8032[0]!.publicKey, msg, new Uint8Array(63))).toBe(false);
	});

	it('hashes YAMF natively to the same digest, and leaves YASMF alone', () => {
		const data = new TextEncoder().encode('a payload');
		expect(toHex(nativeSuite(YAMF).digest(data))).toBe(toHex(YAMF.digest(data)));
		expect(nativeSuite(YAMF).digest).not.toBe(YAMF.digest);
		expect(nativeSuite(YASMF)).toBe(YASMF);
	});
});
