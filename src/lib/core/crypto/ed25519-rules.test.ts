import * as noble from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes.js';
import { nobleBackend } from './ed25519.js';
import { encodingProblem, GROUP_ORDER, SMALL_ORDER_Y } from './ed25519-rules.js';

const P = 2n ** 255n - 19n;
const le = (n: bigint): Uint8Array => {
	const out = new Uint8Array(32);
	for (let i = 0; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
	return out;
};
const withSign = (b: Uint8Array): Uint8Array => {
	const c = Uint8Array.from(b);
	c[31]! |= 0x80;
	return c;
};

/** A real key and signature, for the parts a test leaves alone. */
async function genuine(): Promise<{ publicKey: Uint8Array; signature: Uint8Array }> {
	const secret = crypto.getRandomValues(new Uint8Array(32));
	const signature = await nobleBackend.sign(secret, Uint8Array.of(1, 2, 3));
	return { publicKey: await nobleBackend.publicKey(secret), signature };
}

describe('the list of small-order encodings', () => {
	it('is every encoding of the 8 torsion points, derived from the curve', () => {
		// A point's [L] multiple lies in the torsion subgroup (cyclic, of order 8). Walk random
		// points until one gives a generator, then take its 8 multiples.
		let t: noble.Point | undefined;
		for (let i = 0; !t && i < 200; i++) {
			let p: noble.Point;
			try {
				p = noble.Point.fromBytes(crypto.getRandomValues(new Uint8Array(32)), true);
			} catch {
				continue;
			}
			const torsion = p.multiply(GROUP_ORDER - 1n, false).add(p);
			if (!torsion.double().double().is0()) t = torsion;
		}
		expect(t).toBeDefined();
		const ys = new Set<string>();
		let q = noble.Point.ZERO;
		for (let i = 0; i < 8; i++, q = q.add(t!)) {
			const y = q.toBytes();
			y[31]! &= 0x7f;
			ys.add(toHex(y));
			// Values below 2^255 - p = 19 also have the non-canonical encoding y + p.
			const n = q.toAffine().y;
			if (n < 19n) ys.add(toHex(le(n + P)));
		}
		expect(q.equals(noble.Point.ZERO)).toBe(true);
		expect(new Set(SMALL_ORDER_Y.map(toHex))).toEqual(ys);
	});

	it('holds only points of small order, under a lenient decoder', () => {
		for (const y of SMALL_ORDER_Y) {
			for (const enc of [y, withSign(y)]) {
				let p: noble.Point;
				try {
					p = noble.Point.fromBytes(enc, true);
				} catch {
					continue; // x = 0 with the sign bit: some decoders refuse it
				}
				expect(p.isSmallOrder()).toBe(true);
			}
		}
	});
});

describe('encodingProblem', () => {
	it('passes genuine keys and signatures (no false alarms)', async () => {
		for (let i = 0; i < 50; i++) {
			const g = await genuine();
			expect(encodingProblem(g.publicKey, g.signature)).toBeUndefined();
		}
	});

	it('small-order key forgery: refuses every encoding of every small-order key, sign bit or not', async () => {
		const { signature } = await genuine();
		for (const y of SMALL_ORDER_Y) {
			expect(encodingProblem(y, signature)).toMatch(/^key-(small-order|non-canonical)$/);
			expect(encodingProblem(withSign(y), signature)).toMatch(/^key-(small-order|non-canonical)$/);
		}
	});

	it('small-order R: refuses every small-order R with a genuine key', async () => {
		const { publicKey, signature } = await genuine();
		for (const y of SMALL_ORDER_Y) {
			for (const r of [y, withSign(y)]) {
				const sig = Uint8Array.from(signature);
				sig.set(r);
				expect(encodingProblem(publicKey, sig)).toMatch(/^r-(small-order|non-canonical)$/);
			}
		}
	});

	it('non-canonical key and R: refuses y from p to 2^255 - 1, with or without the sign bit', async () => {
		const g = await genuine();
		for (let y = P; y < 2n ** 255n; y++) {
			for (const enc of [le(y), withSign(le(y))]) {
				expect(encodingProblem(enc, g.signature)).toBe('key-non-canonical');
				const sig = Uint8Array.from(g.signature);
				sig.set(enc);
				expect(encodingProblem(g.publicKey, sig)).toBe('r-non-canonical');
			}
		}
		// p - 1 is canonical (and of order 2); p - 2 is canonical and passes the rule.
		expect(encodingProblem(le(P - 1n), g.signature)).toBe('key-small-order');
		expect(encodingProblem(le(P - 2n), g.signature)).toBeUndefined();
	});

	it('signature malleability: refuses S + L, S = L and S = 2^256 - 1, keeps S = L - 1', async () => {
		const { publicKey, signature } = await genuine();
		let s = 0n;
		for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i]!);
		const withS = (n: bigint) => {
			const sig = Uint8Array.from(signature);
			sig.set(le(n), 32);
			return sig;
		};
		expect(encodingProblem(publicKey, withS(s + GROUP_ORDER))).toBe('s-out-of-range');
		expect(encodingProblem(publicKey, withS(GROUP_ORDER))).toBe('s-out-of-range');
		expect(encodingProblem(publicKey, withS(2n ** 256n - 1n))).toBe('s-out-of-range');
		expect(encodingProblem(publicKey, withS(GROUP_ORDER - 1n))).toBeUndefined();
		expect(
			await nobleBackend.verify(publicKey, Uint8Array.of(1, 2, 3), withS(s + GROUP_ORDER))
		).toBe(false);
	});

	it('refuses wrong lengths', async () => {
		const { publicKey, signature } = await genuine();
		expect(encodingProblem(publicKey.subarray(1), signature)).toBe('key-length');
		expect(encodingProblem(publicKey, signature.subarray(1))).toBe('signature-length');
		expect(encodingProblem(publicKey, new Uint8Array(65))).toBe('signature-length');
	});
});
