/**
 * varu64: the variable-length unsigned 64-bit integer of the bamboo spec
 * (AljoschaMeyer/varu64). A first byte below 248 is the value itself; a first byte
 * 248 + k is followed by k + 1 big-endian bytes holding the value. Only the canonical
 * (shortest) encoding is valid: 0..247 in one byte, otherwise no leading zero byte and a
 * value that does not fit in fewer bytes.
 * @module
 */
import { err, ok, type Result } from '../result.js';

/** Largest value a varu64 can hold. */
export const MAX_VARU64 = (1n << 64n) - 1n;

/** Failure codes of {@link readVaru64}. */
export type Varu64Problem = 'truncated' | 'non-canonical';

/** Number of bytes the canonical encoding of `value` takes. */
export function varu64Length(value: bigint | number): number {
	if (typeof value === 'number' ? value < 248 : value < 248n) return 1;
	let n = BigInt(value);
	let bytes = 0;
	while (n > 0n) {
		bytes++;
		n >>= 8n;
	}
	return 1 + bytes;
}

/** Writes `value` canonically at `offset` in `out`; returns the offset after it. */
export function writeVaru64(out: Uint8Array, offset: number, value: bigint | number): number {
	// The common case first, without mixing numbers and bigints in comparisons.
	if (typeof value === 'number' ? value >= 0 && value < 248 : value >= 0n && value < 248n) {
		out[offset] = Number(value);
		return offset + 1;
	}
	if (value < 0 || value > MAX_VARU64) throw new RangeError(`varu64 out of range: ${value}`);
	if (value < 248) {
		out[offset] = Number(value);
		return offset + 1;
	}
	const len = varu64Length(value) - 1;
	out[offset] = 247 + len;
	let n = BigInt(value);
	for (let i = len; i >= 1; i--) {
		out[offset + i] = Number(n & 0xffn);
		n >>= 8n;
	}
	return offset + 1 + len;
}

/** Canonical encoding of `value` as a new array. */
export function encodeVaru64(value: bigint | number): Uint8Array {
	const out = new Uint8Array(varu64Length(value));
	writeVaru64(out, 0, value);
	return out;
}

/** A decoded varu64 and the number of bytes it took. */
export interface Varu64Read {
	readonly value: bigint;
	readonly length: number;
}

/** Reads a canonical varu64 at `offset`; never throws. */
export function readVaru64(bytes: Uint8Array, offset: number): Result<Varu64Read, Varu64Problem> {
	const first = bytes[offset];
	if (first === undefined) return err('truncated', 'ends before a varu64');
	if (first < 248) return ok({ value: BigInt(first), length: 1 });
	const len = first - 247;
	if (offset + 1 + len > bytes.length)
		return err('truncated', `ends inside a ${len + 1}-byte varu64`);
	if (bytes[offset + 1] === 0)
		return err('non-canonical', 'varu64 has a leading zero byte (not canonical)');
	let v = 0n;
	for (let i = 1; i <= len; i++) v = (v << 8n) | BigInt(bytes[offset + i]!);
	if (len === 1 && v < 248n) return err('non-canonical', `varu64 ${v} must be encoded in one byte`);
	return ok({ value: v, length: 1 + len });
}
