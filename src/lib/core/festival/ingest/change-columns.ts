/**
 * The column readers of change-parse.ts (Automerge binary format, as in change-bounds.ts:
 * §RLE, §Delta and §Boolean encodings, §Value encoding), and flat hex strings. A reader that
 * meets anything Automerge would not write throws {@link Unusual}: the change is then left to
 * `Automerge.decodeChange`.
 * @module
 */

import { MAX_CHANGE_OPS } from './change-bounds.js';

/** The input is not a plain change this module reads (never an error to report). */
export class Unusual extends Error {}
/** Throws {@link Unusual}. */
export const unusual = (): never => {
	throw new Unusual();
};

/** Strict UTF-8, as Automerge reads strings. */
export const utf8 = new TextDecoder('utf-8', { fatal: true });

const HEX_CODES = new TextEncoder().encode('0123456789abcdef');
const ascii = new TextDecoder('latin1');
let hexBuf = new Uint8Array(256);

/**
 * Lower-case hex of `bytes` as one flat string. (Appending two characters at a time makes a
 * rope of as many pieces, about 2 KB for a hash, which stays that large while it is kept:
 * ingest keeps tens of thousands.)
 */
export function flatHex(bytes: Uint8Array): string {
	if (hexBuf.length < bytes.length * 2) hexBuf = new Uint8Array(bytes.length * 2);
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i]!;
		hexBuf[2 * i] = HEX_CODES[b >> 4]!;
		hexBuf[2 * i + 1] = HEX_CODES[b & 15]!;
	}
	return ascii.decode(hexBuf.subarray(0, bytes.length * 2));
}

/**
 * Hex of actor ids seen lately, by their bytes as a Latin-1 string (cheaper to make than hex):
 * a festival's changes name a few actors. Cleared when it grows large.
 */
const hexCache = new Map<string, string>();
/** The actor {@link hexOf} gave last, and its bytes (a copy): a batch brings a log's changes together. */
let lastActor: { readonly bytes: Uint8Array; readonly hex: string } | undefined;
export function hexOf(b: Uint8Array, start = 0, end = b.length): string {
	if (lastActor && sameBytes(lastActor.bytes, b, start, end)) return lastActor.hex;
	const bytes = b.subarray(start, end);
	const k = String.fromCharCode.apply(null, bytes as unknown as number[]);
	let hex = hexCache.get(k);
	if (hex === undefined) {
		if (hexCache.size >= 65_536) hexCache.clear();
		hexCache.set(k, (hex = flatHex(bytes)));
	}
	lastActor = { bytes: bytes.slice(), hex };
	return hex;
}

/**
 * A hex maker for a batch's author keys: a batch brings a log's entries together, so the
 * hex made last is given again for the same bytes (one flat string per run, not per entry).
 */
export function runHex(): (bytes: Uint8Array) => string {
	let last: { bytes: Uint8Array; hex: string } | undefined;
	return (b) =>
		last && sameBytes(last.bytes, b, 0, b.length)
			? last.hex
			: (last = { bytes: b, hex: flatHex(b) }).hex;
}

/** Whether `b[start..end)` holds exactly `a`. */
function sameBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
	if (a.length !== end - start) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false;
	return true;
}

/** Whether every byte is ASCII (then the bytes are valid UTF-8, each byte one character). */
function isAscii(bytes: Uint8Array): boolean {
	for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
	return true;
}

/**
 * `utf8.decode(bytes)`, throwing as it does: ASCII bytes (most keys and values) are made into a
 * string directly, which costs much less than a TextDecoder call for a short string.
 */
export function textOf(bytes: Uint8Array): string {
	if (bytes.length > 256 || !isAscii(bytes)) return utf8.decode(bytes);
	return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/** The text {@link messageOf} read last, and its bytes (a copy). */
let lastMessage: { readonly bytes: Uint8Array; readonly text: string } | undefined;

/**
 * A change's message as UTF-8 (throwing as `utf8` does on a malformed one), the text read last
 * reused when the bytes are the same: a festival's changes mostly carry one message (its id),
 * and comparing the bytes costs less than decoding them again.
 */
export function messageOf(b: Uint8Array, start = 0, end = b.length): string {
	const last = lastMessage;
	if (last && sameBytes(last.bytes, b, start, end)) return last.text;
	const bytes = b.subarray(start, end);
	const text = textOf(bytes);
	lastMessage = { bytes: bytes.slice(), text };
	return text;
}

/** A bounded cursor; any overrun is "unusual" (left to Automerge). */
export class Reader {
	o: number;
	constructor(
		public b: Uint8Array,
		start: number,
		public end: number
	) {
		this.o = start;
	}
	/** Points this reader at `b[start..end)` (a column reader is reused, not made per column). */
	at(b: Uint8Array, start: number, end: number): this {
		this.b = b;
		this.o = start;
		this.end = end;
		return this;
	}
	uleb(): number {
		let v = 0;
		let scale = 1;
		for (let i = 0; i < 8; i++) {
			if (this.o >= this.end) unusual();
			const byte = this.b[this.o++]!;
			v += (byte & 0x7f) * scale;
			scale *= 128;
			if (byte < 0x80) {
				// Minimal encodings only, as Automerge reads them.
				if (byte === 0 && i > 0) unusual();
				return v;
			}
		}
		return unusual();
	}
	sleb(): number {
		let v = 0;
		let scale = 1;
		for (let i = 0; i < 8; i++) {
			if (this.o >= this.end) unusual();
			const byte = this.b[this.o++]!;
			v += (byte & 0x7f) * scale;
			scale *= 128;
			if (byte < 0x80) {
				const prev = i > 0 ? this.b[this.o - 2]! & 0x40 : -1;
				if ((byte === 0 && prev === 0) || (byte === 0x7f && prev === 0x40)) unusual();
				return byte & 0x40 ? v - scale : v;
			}
		}
		return unusual();
	}
	take(n: number): Uint8Array {
		const start = this.o;
		this.skip(n);
		return this.b.subarray(start, this.o);
	}
	/** Passes `n` bytes over (no view of them made). */
	skip(n: number): void {
		if (!(n <= this.end - this.o)) unusual();
		this.o += n;
	}
}

/**
 * The one reader the column readers below use, pointed at each column in turn: reading is
 * synchronous and a value reader never starts another column, so one is enough.
 */
const column = new Reader(new Uint8Array(0), 0, 0);

/**
 * Most values a column read here may hold: a change's op limit (change-bounds.ts). A column
 * of more is left to Automerge, after change-bounds.ts has counted it (without materialising)
 * and refused it; so reading here never holds more than this many values a column.
 */
export const MAX_VALUES = MAX_CHANGE_OPS;

/** §RLE: runs of one value, literals, or nulls; `value` reads one value. */
export function rle<T>(
	b: Uint8Array,
	start: number,
	end: number,
	value: (r: Reader) => T
): (T | null)[] {
	const out: (T | null)[] = [];
	if (start === end) return out;
	const r = column.at(b, start, end);
	while (r.o < r.end) {
		const run = r.sleb();
		if (run > 0) {
			if (run > MAX_VALUES - out.length) unusual();
			const v = value(r);
			for (let i = 0; i < run; i++) out.push(v);
		} else if (run < 0) {
			if (-run > r.end - r.o || -run > MAX_VALUES - out.length) unusual();
			for (let i = 0; i < -run; i++) out.push(value(r));
		} else {
			const n = r.uleb();
			if (n === 0 || n > MAX_VALUES - out.length) unusual();
			for (let i = 0; i < n; i++) out.push(null);
		}
	}
	return out;
}

function readUleb(r: Reader): number {
	return r.uleb();
}
function readSleb(r: Reader): number {
	return r.sleb();
}
/** One length-prefixed UTF-8 string (a §RLE string column's value). */
export function readString(r: Reader): string {
	return textOf(r.take(r.uleb()));
}
/** A §RLE column of unsigned integers (actor indices, counters, actions, value metadata). */
export function uint(b: Uint8Array, start: number, end: number): (number | null)[] {
	return rle(b, start, end, readUleb);
}

/** §Delta: RLE of signed differences from the previous value. */
export function delta(b: Uint8Array, start: number, end: number): (number | null)[] {
	let last = 0;
	const out = rle(b, start, end, readSleb);
	for (let i = 0; i < out.length; i++) {
		const d = out[i]!;
		if (d !== null) out[i] = last += d;
	}
	return out;
}

/** §Boolean: run lengths alternating false, true, starting with false. */
export function bools(b: Uint8Array, start: number, end: number): boolean[] {
	const out: boolean[] = [];
	if (start === end) return out;
	const r = column.at(b, start, end);
	let v = false;
	while (r.o < r.end) {
		const n = r.uleb();
		if (n > MAX_VALUES - out.length) unusual();
		for (let i = 0; i < n; i++) out.push(v);
		v = !v;
	}
	return out;
}

/** Filled arrays of up to this many values are shared (most changes hold a few ops). */
const SHARED_FILLS = 32;
const fillsOf = (v: unknown): readonly (readonly unknown[])[] =>
	Array.from({ length: SHARED_FILLS + 1 }, (_, n) => Object.freeze(new Array<unknown>(n).fill(v)));
const fills = new Map<unknown, readonly (readonly unknown[])[]>([
	[null, fillsOf(null)],
	[false, fillsOf(false)],
	[0, fillsOf(0)]
]);

/**
 * A column's values, as many as ops (a missing column is all nulls, all false or all zero:
 * `absent`). Read only: a missing column's values may be an array shared by other changes.
 */
export function fit<T>(values: T[], n: number, absent: T): readonly T[] {
	if (values.length === 0) {
		const shared = n <= SHARED_FILLS ? fills.get(absent)?.[n] : undefined;
		return (shared as readonly T[] | undefined) ?? new Array<T>(n).fill(absent);
	}
	if (values.length !== n) unusual();
	return values;
}

/**
 * §Value encoding: each value's metadata (length << 4 | type) and raw bytes must agree, as
 * Automerge checks them: no bytes for null, false and true, exactly one LEB128 for integers,
 * counters and timestamps, 8 bytes for a float, UTF-8 for a string.
 */
export function checkValues(
	meta: readonly (number | null)[],
	data: Uint8Array,
	start = 0,
	end = data.length
): void {
	let o = start;
	for (const m of meta) {
		if (m === null) unusual();
		const len = Math.floor(m! / 16);
		const type = m! % 16;
		if (len > end - o) unusual();
		const at = o;
		o += len;
		if (type <= 2) {
			if (len) unusual();
		} else if (type === 3 || type === 4 || type === 8 || type === 9) {
			const r = column.at(data, at, o);
			if (type === 3) r.uleb();
			else r.sleb();
			if (r.o !== o) unusual();
		} else if (type === 5) {
			if (len !== 8) unusual();
		} else if (type === 6) {
			// Checked as UTF-8 (ASCII always is).
			const v = data.subarray(at, o);
			if (!isAscii(v)) utf8.decode(v);
		} else if (type !== 7) unusual();
	}
	if (o !== end) unusual();
}
