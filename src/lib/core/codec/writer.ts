/**
 * Writing byte formats, in the style of lib0's `encoding` (as y-protocols use it): an
 * {@link Encoder} collects bytes and `writeX(encoder, value)` appends one field. Integers are
 * the bamboo spec's canonical varu64 (log/varu64.ts). Writers are for values this program
 * made: a value out of range is a bug and throws a RangeError.
 * @module
 */
import { varu64Length, writeVaru64 } from '../log/varu64.js';

/** A growing byte buffer. */
export class Encoder {
	/** @internal */ buf: Uint8Array;
	/** @internal */ len = 0;
	/** @param sizeHint bytes to reserve at first (the buffer grows as needed) */
	constructor(sizeHint = 256) {
		this.buf = new Uint8Array(Math.max(16, sizeHint));
	}
	/** Bytes written so far. */
	get length(): number {
		return this.len;
	}
}

/** A new, empty encoder. */
export function createEncoder(sizeHint?: number): Encoder {
	return new Encoder(sizeHint);
}

function reserve(e: Encoder, n: number): void {
	if (e.len + n <= e.buf.length) return;
	let size = e.buf.length * 2;
	while (size < e.len + n) size *= 2;
	const b = new Uint8Array(size);
	b.set(e.buf.subarray(0, e.len));
	e.buf = b;
}

/** The bytes written, as a new array of exactly their length. */
export function toBytes(e: Encoder): Uint8Array {
	return e.buf.slice(0, e.len);
}

/** Appends one byte (0..255). */
export function writeUint8(e: Encoder, v: number): void {
	if (!Number.isInteger(v) || v < 0 || v > 255) throw new RangeError(`not a byte: ${v}`);
	reserve(e, 1);
	e.buf[e.len++] = v;
}

/** Appends a canonical varu64. */
export function writeVarUint(e: Encoder, v: number | bigint): void {
	if (typeof v === 'number' && !Number.isSafeInteger(v))
		throw new RangeError(`not a safe integer: ${v}`);
	const n = varu64Length(v);
	reserve(e, n);
	e.len = writeVaru64(e.buf, e.len, v);
}

/** Appends bytes as they are (a fixed-size field, or one whose length was written before). */
export function writeBytes(e: Encoder, b: Uint8Array): void {
	reserve(e, b.length);
	e.buf.set(b, e.len);
	e.len += b.length;
}

/** Appends a varu64 length and the bytes. */
export function writeVarBytes(e: Encoder, b: Uint8Array): void {
	writeVarUint(e, b.length);
	writeBytes(e, b);
}

/** Appends a string as its UTF-8 bytes with a varu64 length. */
export function writeVarString(e: Encoder, s: string): void {
	writeVarBytes(e, new TextEncoder().encode(s));
}

/** Encodes with `write` into a fresh encoder and returns the bytes. */
export function encode(write: (e: Encoder) => void, sizeHint?: number): Uint8Array {
	const e = createEncoder(sizeHint);
	write(e);
	return toBytes(e);
}
