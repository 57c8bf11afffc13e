import { describe, expect, it } from 'vitest';
import { encodeVaru64, MAX_VARU64, readVaru64, varu64Length } from './varu64.js';

describe('varu64', () => {
	it('encodes the spec examples', () => {
		expect([...encodeVaru64(0)]).toEqual([0]);
		expect([...encodeVaru64(247)]).toEqual([247]);
		expect([...encodeVaru64(248)]).toEqual([248, 248]);
		expect([...encodeVaru64(255)]).toEqual([248, 255]);
		expect([...encodeVaru64(256)]).toEqual([249, 1, 0]);
		expect([...encodeVaru64(MAX_VARU64)]).toEqual([255, 255, 255, 255, 255, 255, 255, 255, 255]);
	});

	it('round-trips values across every length', () => {
		const values = [
			0n,
			1n,
			247n,
			248n,
			255n,
			256n,
			65535n,
			65536n,
			2n ** 32n - 1n,
			2n ** 32n,
			2n ** 53n,
			MAX_VARU64
		];
		for (let s = 1n; s < MAX_VARU64; s = s * 3n + 1n) values.push(s);
		for (const v of values) {
			const bytes = encodeVaru64(v);
			expect(bytes.length).toBe(varu64Length(v));
			const r = readVaru64(bytes, 0);
			expect(r.ok && r.value).toEqual({ value: v, length: bytes.length });
		}
	});

	it('rejects non-canonical encodings', () => {
		for (const bytes of [
			[248, 0],
			[248, 247],
			[249, 0, 255],
			[250, 0, 1, 0],
			[255, 0, 0, 0, 0, 0, 0, 0, 1]
		]) {
			const r = readVaru64(Uint8Array.from(bytes), 0);
			expect(r.ok).toBe(false);
			expect(!r.ok && r.error.code).toBe('non-canonical');
		}
	});

	it('rejects truncated encodings', () => {
		for (const bytes of [[], [248], [249, 1], [255, 1, 2, 3, 4, 5, 6, 7]]) {
			const r = readVaru64(Uint8Array.from(bytes), 0);
			expect(!r.ok && r.error.code).toBe('truncated');
		}
	});

	it('refuses to write out-of-range values', () => {
		expect(() => encodeVaru64(-1)).toThrow(RangeError);
		expect(() => encodeVaru64(MAX_VARU64 + 1n)).toThrow(RangeError);
	});
});
