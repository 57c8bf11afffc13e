/**
 * node:crypto's Ed25519 against the published vectors (tests/fixtures/ed25519): the verdict of
 * the rule in ed25519-rules.ts, as the other back ends give; signatures and keys as noble's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../lib/core/bytes.js';
import { nobleBackend } from '../../lib/core/crypto/ed25519.js';
import { YAMF, YASMF } from '../../lib/core/log/hash.js';
import { nativeSuite, nodeBackend } from './ed25519-node.js';

const dir = new URL('../../../tests/fixtures/ed25519/', import.meta.url);
const read = (f: string): unknown => JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
const hex = (s: string): Uint8Array => fromHex(s)!;

interface Case {
	readonly name: string;
	readonly pub: Uint8Array;
	readonly msg: Uint8Array;
	readonly sig: Uint8Array;
	readonly valid: boolean;
}

const rfc8032 = (read('rfc8032.json') as { pub: string; msg: string; sig: string }[]).map(
	(v, i): Case => ({
		name: `RFC 8032 ${i + 1}`,
		pub: hex(v.pub),
		msg: hex(v.msg),
		sig: hex(v.sig),
		valid: true
	})
);
const wycheproof = (
	read('wycheproof_ed25519_test.json') as {
		testGroups: {
			publicKey: { pk: string };
			tests: { tcId: number; msg: string; sig: string; result: string }[];
		}[];
	}
).testGroups.flatMap((g) =>
	g.tests.map((t): Case => ({
		name: `Wycheproof ${t.tcId}`,
		pub: hex(g.publicKey.pk),
		msg: hex(t.msg),
		sig: hex(t.sig),
		valid: t.result === 'valid'
	}))
);
// Only case 3 verifies under the libsodium rule (see ed25519.vectors.test.ts).
const speccheck = (
	read('speccheck_cases.json') as { message: string; pub_key: string; signature: string }[]
).map((v, i): Case => ({
	name: `speccheck ${i}`,
	pub: hex(v.pub_key),
	msg: hex(v.message),
	sig: hex(v.signature),
	valid: i === 3
}));
const zip215 = (read('zip215.json') as { vk_bytes: string; sig_bytes: string }[]).map(
	(v, i): Case => ({
		name: `ZIP 215 ${i}`,
		pub: hex(v.vk_bytes),
		msg: new TextEncoder().encode('Zcash'),
		sig: hex(v.sig_bytes),
		valid: false
	})
);

describe('node:crypto Ed25519 back end', () => {
	it.each([
		['RFC 8032', rfc8032],
		['Wycheproof', wycheproof],
		['speccheck', speccheck],
		['ZIP 215', zip215]
	] as const)('gives the rule’s verdict on the %s vectors', async (_, cases) => {
		expect(cases.length).toBeGreaterThan(3);
		const wrong: string[] = [];
		for (const c of cases)
			if ((await nodeBackend.verify(c.pub, c.msg, c.sig)) !== c.valid) wrong.push(c.name);
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
		expect(await nodeBackend.verify(rfc8032[0]!.pub, msg, new Uint8Array(63))).toBe(false);
	});

	it('hashes YAMF natively to the same digest, and leaves YASMF alone', () => {
		const data = new TextEncoder().encode('a payload');
		expect(toHex(nativeSuite(YAMF).digest(data))).toBe(toHex(YAMF.digest(data)));
		expect(nativeSuite(YAMF).digest).not.toBe(YAMF.digest);
		expect(nativeSuite(YASMF)).toBe(YASMF);
	});
});
