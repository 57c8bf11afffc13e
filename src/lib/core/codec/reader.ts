/**
 * Reading byte formats from untrusted input, in the style of lib0's `decoding`: a
 * {@link Decoder} is a cursor over the bytes and `readX(decoder, what)` takes one field,
 * `what` naming it in the reason of a refusal. A reader that refuses throws a
 * {@link CodecError}; {@link decode} catches it (and only it) and returns a typed result, so
 * format readers never throw. Lengths and counts are bounded by the bytes left (and by a
 * format's limit) before anything is allocated, so a hostile count costs nothing.
 * @module
 */
import { readVaru64 } from '../log/varu64.js';
import { CodecError, type CodecCode, type Decoded } from './error.js';

/** A cursor over untrusted bytes. */
export class Decoder {
	/** Offset of the next byte to read. */
	pos = 0;
	constructor(readonly bytes: Uint8Array) {}
	/** Bytes not read yet. */
	get left(): number {
		return this.bytes.length - this.pos;
	}
}

/** Refuses the input: throws a {@link CodecError} at `offset` (default: the cursor). */
export function fail(d: Decoder, code: CodecCode, reason: string, offset = d.pos): never {
	throw new CodecError(code, offset, reason);
}

/**
 * Runs `read` over `bytes` and requires it to take every byte (`trailing-bytes` otherwise,
 * naming `after`: "3 stray bytes after the {after}"). Returns the value or the CodecError;
 * never throws a CodecError, and lets any other exception (a bug) through.
 */
export function decode<T>(bytes: Uint8Array, read: (d: Decoder) => T, after = 'value'): Decoded<T> {
	return decodePrefix(bytes, (d) => {
		const v = read(d);
		if (d.left > 0) fail(d, 'trailing-bytes', `${d.left} stray bytes after the ${after}`);
		return v;
	});
}

/** Like {@link decode}, but bytes after what `read` takes are left alone. */
export function decodePrefix<T>(bytes: Uint8Array, read: (d: Decoder) => T): Decoded<T> {
	try {
		return { ok: true, value: read(new Decoder(bytes)) };
	} catch (e) {
		if (e instanceof CodecError) return { ok: false, error: e };
		throw e;
	}
}

/** Reads one byte. */
export function readUint8(d: Decoder, what: string): number {
	const b = d.bytes[d.pos];
	if (b === undefined) fail(d, 'truncated', `ends before the ${what}`);
	d.pos++;
	return b;
}

/**
 * The canonical varu64 at `d.pos` as a number, the cursor moved past it, when it takes at most
 * 7 bytes (values below 2^48); otherwise -1 and the cursor unmoved, for the full reader to read
 * or refuse (non-canonical, truncated) with its reason. Most fields are small: this costs no
 * BigInt and no result object.
 */
function readSmall(d: Decoder): number {
	const b = d.bytes;
	const at = d.pos;
	const first = b[at];
	if (first === undefined) return -1;
	if (first < 248) {
		d.pos = at + 1;
		return first;
	}
	const len = first - 247;
	if (len > 6 || at + 1 + len > b.length || b[at + 1] === 0) return -1;
	let v = 0;
	for (let i = 1; i <= len; i++) v = v * 256 + b[at + i]!;
	if (len === 1 && v < 248) return -1;
	d.pos = at + 1 + len;
	return v;
}

/** Reads a canonical varu64 of any size. */
export function readVarBigUint(d: Decoder, what: string): bigint {
	const r = readVaru64(d.bytes, d.pos);
	if (!r.ok) {
		if (r.error.code === 'truncated') fail(d, 'truncated', `ends inside the ${what}`);
		fail(d, 'bad-varint', `the ${what} is not a canonical varu64 (${r.error.reason})`);
	}
	d.pos += r.value.length;
	return r.value.value;
}

/**
 * Reads a canonical varu64 that must be at most `max` (default: the largest safe integer);
 * a larger one overflows the field (`bad-varint`).
 */
export function readVarUint(d: Decoder, what: string, max = Number.MAX_SAFE_INTEGER): number {
	const at = d.pos;
	const small = readSmall(d);
	if (small >= 0 && small <= max) return small;
	d.pos = at;
	const v = readVarBigUint(d, what);
	if (v > BigInt(max)) fail(d, 'bad-varint', `the ${what} is ${v}, more than ${max}`, at);
	return Number(v);
}

/**
 * Reads a varu64 type, tag or flag that must be at most `max` (`bad-tag` otherwise); a caller
 * that knows fewer values than 0..max refuses the others with {@link fail}.
 */
export function readVarTag(d: Decoder, what: string, max: number): number {
	const at = d.pos;
	const small = readSmall(d);
	if (small >= 0 && small <= max) return small;
	d.pos = at;
	const v = readVarBigUint(d, what);
	if (v > BigInt(max)) fail(d, 'bad-tag', `unknown ${what} ${v}`, at);
	return Number(v);
}

const NO_BOUNDS: CountBounds = {};

/** How a length or count is bounded. */
export interface CountBounds {
	/** The least bytes one item takes (1 for a length in bytes); at least 1. */
	readonly each?: number;
	/** The format's limit (`too-long` above it). */
	readonly limit?: number;
}

/**
 * Reads a length or count: above `limit` it is `too-long`; needing more than the bytes left
 * (`each` bytes an item) it is `truncated`. So no reader allocates for what was not sent.
 */
export function readCount(d: Decoder, what: string, bounds: CountBounds = NO_BOUNDS): number {
	const { each = 1, limit = Number.MAX_SAFE_INTEGER } = bounds;
	const at = d.pos;
	const small = readSmall(d);
	if (small >= 0 && small <= limit && small <= Math.floor(d.left / each)) return small;
	d.pos = at;
	const n = readVarBigUint(d, what);
	if (n > BigInt(limit)) fail(d, 'too-long', `the ${what} is ${n}, over the limit of ${limit}`, at);
	if (n > BigInt(Math.floor(d.left / each)))
		fail(d, 'truncated', `the ${what} is ${n}, more than the ${d.left} bytes left can hold`, at);
	return Number(n);
}

/** Takes the next `n` bytes, as a view into the input. */
export function readBytes(d: Decoder, n: number, what: string): Uint8Array {
	if (n > d.left) fail(d, 'truncated', `ends inside the ${what}`);
	const out = d.bytes.subarray(d.pos, d.pos + n);
	d.pos += n;
	return out;
}

/** Reads a varu64 length (at most `limit`) and that many bytes, as a view. */
export function readVarBytes(d: Decoder, what: string, limit?: number): Uint8Array {
	const n = readCount(d, `length of the ${what}`, limit === undefined ? {} : { limit });
	return readBytes(d, n, what);
}

/** Reads a varu64 length and that many bytes of UTF-8 (`invalid` if not UTF-8). */
export function readVarString(d: Decoder, what: string, limit?: number): string {
	const at = d.pos;
	const b = readVarBytes(d, what, limit);
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(b);
	} catch {
		return fail(d, 'invalid', `the ${what} is not UTF-8`, at);
	}
}

/**
 * Checks that the input starts with `magic` (`name` naming the format). An input that is a
 * proper, non-empty prefix of it is `truncated`; anything else, the empty input included,
 * is `bad-magic`.
 */
export function readMagic(d: Decoder, magic: Uint8Array, name: string): void {
	const n = Math.min(magic.length, d.left);
	const match = n > 0 && magic.subarray(0, n).every((b, i) => d.bytes[d.pos + i] === b);
	if (!match) fail(d, 'bad-magic', `not a ${name}`);
	if (n < magic.length) fail(d, 'truncated', 'ends inside its magic bytes');
	d.pos += n;
}
