/**
 * The published Ed25519 vectors (tests/fixtures/ed25519, see its README) as cases with the
 * verdict of the libsodium rule (ed25519-rules.ts), for every back end's tests.
 */
import { readFileSync } from 'node:fs';
import { fromHex } from '../bytes.js';

const dir = new URL('../../../../tests/fixtures/ed25519/', import.meta.url);
const read = (f: string): unknown => JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
const hex = (s: string): Uint8Array => fromHex(s)!;

/** One vector and the rule's verdict on it. */
export interface Case {
	readonly name: string;
	readonly publicKey: Uint8Array;
	readonly message: Uint8Array;
	readonly signature: Uint8Array;
	readonly valid: boolean;
}

const rfc8032 = (read('rfc8032.json') as { pub: string; msg: string; sig: string }[]).map(
	(v, i): Case => ({
		name: `RFC 8032 7.1 test ${i + 1}`,
		publicKey: hex(v.pub),
		message: hex(v.msg),
		signature: hex(v.sig),
		valid: true
	})
);

interface WycheproofFile {
	testGroups: {
		publicKey: { pk: string };
		tests: { tcId: number; comment: string; msg: string; sig: string; result: string }[];
	}[];
}
const wycheproof = (read('wycheproof_ed25519_test.json') as WycheproofFile).testGroups.flatMap(
	(g) =>
		g.tests.map((t): Case => ({
			name: `Wycheproof ${t.tcId} ${t.comment}`,
			publicKey: hex(g.publicKey.pk),
			message: hex(t.msg),
			signature: hex(t.sig),
			valid: t.result === 'valid'
		}))
);

// "Taming the many EdDSAs" (Chalkias, Garillot, Nikolaenko; SSR 2020), cases 0-11. Under the
// libsodium rule only case 3 verifies: 0-2 have a small-order A or R, 4-5 pass only a
// cofactored equation, 6-7 have S >= L, 8-11 encode R or A non-canonically.
const SPECCHECK_VALID = [3];
const speccheck = (
	read('speccheck_cases.json') as { message: string; pub_key: string; signature: string }[]
).map((v, i): Case => ({
	name: `speccheck case ${i}`,
	publicKey: hex(v.pub_key),
	message: hex(v.message),
	signature: hex(v.signature),
	valid: SPECCHECK_VALID.includes(i)
}));

// ZIP 215: every pair of the 14 encodings of small-order points as A and R, with S = 0, over
// the message "Zcash". Every one is valid under ZIP 215 and refused under our rule.
const zip215 = (read('zip215.json') as { vk_bytes: string; sig_bytes: string }[]).map(
	(v, i): Case => ({
		name: `ZIP 215 ${i}`,
		publicKey: hex(v.vk_bytes),
		message: new TextEncoder().encode('Zcash'),
		signature: hex(v.sig_bytes),
		valid: false
	})
);

/** Each vector set, with the number of cases it has at least (so a misread file fails). */
export const vectorSets = [
	['RFC 8032', rfc8032, 4],
	['Wycheproof', wycheproof, 150],
	['speccheck', speccheck, 12],
	['ZIP 215', zip215, 196]
] as const;
