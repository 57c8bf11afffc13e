/**
 * Byte helpers shared by every layer of the core. No platform imports.
 * @module
 */

const HEX = '0123456789abcdef';
const HEX_PAIRS: string[] = Array.from({ length: 256 }, (_, i) => HEX[i >> 4]! + HEX[i & 15]!);
/** The value of each ASCII hex digit, -1 for every other ASCII code. */
const HEX_VALUES = Int8Array.from({ length: 128 }, (_, c) =>
	c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1
);

/** Lower-case base16 of `bytes`. */
export function toHex(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i++) out += HEX_PAIRS[bytes[i]!]!;
	return out;
}

/** Parses lower- or upper-case base16; returns `undefined` for odd length or a non-hex character. */
export function fromHex(hex: string): Uint8Array | undefined {
	if (hex.length % 2 !== 0) return undefined;
	const out = new Uint8Array(hex.length / 2);
	for (let i = 0; i < out.length; i++) {
		// Codes past the table (non-ASCII) read as undefined: not hex.
		const hi = HEX_VALUES[hex.charCodeAt(2 * i)] ?? -1;
		const lo = HEX_VALUES[hex.charCodeAt(2 * i + 1)] ?? -1;
		if (hi < 0 || lo < 0) return undefined;
		out[i] = (hi << 4) | lo;
	}
	return out;
}

/** Concatenates byte arrays into one new array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
	let len = 0;
	for (const p of parts) len += p.length;
	const out = new Uint8Array(len);
	let off = 0;
	for (const p of parts) {
		out.set(p, off);
		off += p.length;
	}
	return out;
}

/** Constant-length byte equality (not constant-time; not for secrets). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/** Cryptographically random bytes from the platform's Web Crypto. */
export function randomBytes(n: number): Uint8Array {
	const out = new Uint8Array(n);
	globalThis.crypto.getRandomValues(out);
	return out;
}
