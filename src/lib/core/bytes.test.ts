import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes.js';

describe('fromHex', () => {
	it('reads lower and upper case, and round-trips toHex', () => {
		expect(toHex(fromHex('00ff7Fa0')!)).toBe('00ff7fa0');
		const all = Uint8Array.from({ length: 256 }, (_, i) => i);
		expect(fromHex(toHex(all))).toEqual(all);
		expect(fromHex(toHex(all).toUpperCase())).toEqual(all);
		expect(fromHex('')).toEqual(new Uint8Array(0));
	});

	it('refuses odd lengths and anything but hex digits, wherever it is', () => {
		for (const bad of ['0', 'abc', '0g', 'g0', ' 0', '0:', '/0', '@0', '`0', 'é0', '0\u0130', '0x'])
			expect(fromHex(bad), bad).toBeUndefined();
	});
});
