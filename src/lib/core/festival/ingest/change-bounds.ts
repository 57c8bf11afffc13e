/**
 * What an Automerge chunk would cost, read before Automerge decodes it.
 *
 * Automerge accepts DEFLATE-compressed change chunks and run-length encoded columns, so a few
 * kilobytes can describe millions of ops (an "op bomb"): decoding, applying or loading them
 * costs seconds and gigabytes. This module reads the binary chunk format itself, inflating
 * with a hard output limit and counting column values from their run lengths without
 * materialising them, and refuses a chunk over the limits below before it reaches
 * `Automerge.decodeChange`, `applyChanges` or `load`. It runs wherever entries are prepared
 * (a Web Worker in the app, the calling thread in Node): no platform API beyond fflate.
 *
 * References are to the Automerge binary format specification
 * (automerge.org/automerge-binary-format-spec), checked against the reference
 * implementation's `storage` module:
 * - §Chunk container: magic `85 6f 4a 83`, 4-byte checksum, chunk type (0 document, 1 change,
 *   2 compressed change: the change chunk's body as raw DEFLATE; 3 bundle, never used here),
 *   uLEB128 length, body.
 * - §Change chunks: dependencies (uLEB count × 32-byte hash), actor (uLEB length + bytes), seq,
 *   start op (uLEB), time (sLEB), message (uLEB length + UTF-8), other actors (uLEB count ×
 *   actor), column metadata, column data, extra bytes. Change columns are never compressed.
 * - §Document chunks: actors, heads, change column metadata, op column metadata, change
 *   column data, op column data, head indices. A column with the deflate bit is raw DEFLATE.
 * - §Column metadata: uLEB count × (uLEB specification, uLEB length); specification = column
 *   id << 4 | deflate bit (8) | type (0 group, 1 actor, 2 uLEB, 3 delta, 4 boolean, 5 string,
 *   6 value metadata, 7 value).
 * - §RLE encoding: runs of sLEB length n, then one value repeated n times (n > 0), -n literal
 *   values (n < 0), or a uLEB count of nulls (n = 0). §Delta encoding: RLE of sLEB deltas.
 *   §Boolean encoding: uLEB run lengths alternating false, true, starting with false.
 *
 * Ops are counted as the most values any column holds: Automerge reads one op per value of
 * the action column, and list columns (a change's `pred`, a document's `succ`) hold one value
 * per list item, which costs as much. The value column is raw bytes, bounded by size.
 * @module
 */
import { Inflate } from 'fflate';
import { err, ok, type Result } from '../../result.js';

const MiB = 1024 * 1024;

/*
 * The limits. Measured on a 10,000-event festival (each event with a request and a decision,
 * written as a schedule import in changes of 50 talks): 190,249 ops in 202 changes, about 19
 * ops per event and 950 per change; saved in 651 KB that inflate to 8.9 MB; compressed,
 * 3.4 bytes an op. Applying them took 5.9 s (31 µs an op), loading the saved document 0.8 s.
 * Before these limits, a 179-byte change claiming 3,000,000 ops took 9 s and 2.6 GB to
 * refuse (Automerge materialises every op to decode a change).
 */

/** Most ops one change may hold: a local edit holds a few, a schedule import batch about 1,000. */
export const MAX_CHANGE_OPS = 100_000;
/**
 * Most ops all changes of one entry may hold together: about what a full 4 MiB payload of
 * honest changes holds (at 3.4 bytes an op), so a bomb costs no more than an honest entry.
 * Local edits are sealed into entries under this limit.
 */
export const MAX_ENTRY_OPS = 1_000_000;
/**
 * Most bytes one change may take once inflated. Changes Automerge makes are not compressed, so
 * an honest one is at most a payload (4 MiB); this leaves room for a compressing client.
 */
export const MAX_CHANGE_BYTES = 16 * MiB;
/** Most inflated bytes all changes of one entry may take together. */
export const MAX_ENTRY_BYTES = 64 * MiB;
/**
 * Most ops a newcomer's snapshot document may hold (and most changes): about 260,000 events
 * at 19 ops an event, 2.6 times a 100,000-event festival.
 */
export const MAX_DOC_OPS = 5_000_000;
/**
 * Most bytes a snapshot document may take once its columns are inflated: 10,000 events took
 * 8.9 MB, so this admits 100,000 events with descriptions of about 2,500 characters.
 */
export const MAX_DOC_BYTES = 256 * MiB;

/** How much of each a chunk (or a run of chunks) may take. */
export interface ChunkBudget {
	readonly ops: number;
	readonly bytes: number;
}

/** What a chunk costs: ops (see the module comment) and bytes once inflated. */
export interface ChunkCost {
	readonly ops: number;
	readonly bytes: number;
}

/** `bomb`: over a limit; `chunk`: not a well-formed chunk of the kind expected. */
export type BoundsProblem = 'bomb' | 'chunk';

/** A change's budget: the per-change limits. */
export const CHANGE_BUDGET: ChunkBudget = { ops: MAX_CHANGE_OPS, bytes: MAX_CHANGE_BYTES };
/** A snapshot document's budget. */
export const DOC_BUDGET: ChunkBudget = { ops: MAX_DOC_OPS, bytes: MAX_DOC_BYTES };

/** Thrown inside this module only; the exported readers turn it into a result. */
class Stop {
	constructor(
		readonly code: BoundsProblem,
		readonly reason: string
	) {}
}
const malformed = (why: string) => new Stop('chunk', why);

const MAGIC = [0x85, 0x6f, 0x4a, 0x83];
const TYPE_DOCUMENT = 0;
const TYPE_CHANGE = 1;
const TYPE_COMPRESSED = 2;

/** A cursor over bytes; every read is bounded by the bytes left. */
class Cursor {
	o: number;
	constructor(
		readonly b: Uint8Array,
		start = 0,
		readonly end = b.length
	) {
		this.o = start;
	}
	get left(): number {
		return this.end - this.o;
	}
	/** An unsigned LEB128 (at most 10 bytes); values past 2^53 come back inexact but huge. */
	uleb(): number {
		return this.#leb(false);
	}
	/** A signed LEB128 (at most 10 bytes). */
	sleb(): number {
		return this.#leb(true);
	}
	#leb(signed: boolean): number {
		let v = 0;
		let scale = 1;
		for (let i = 0; i < 10; i++) {
			if (this.o >= this.end) throw malformed('ends inside a number');
			const byte = this.b[this.o++]!;
			v += (byte & 0x7f) * scale;
			scale *= 128;
			if (byte < 0x80) return signed && byte & 0x40 ? v - scale : v;
		}
		throw malformed('a number longer than 64 bits');
	}
	skip(n: number, what: string): void {
		if (!(n <= this.left)) throw malformed(`${what} runs past the end`);
		this.o += n;
	}
	take(n: number, what: string): Uint8Array {
		const start = this.o;
		this.skip(n, what);
		return this.b.subarray(start, this.o);
	}
}

/**
 * Inflates raw DEFLATE, stopping as soon as the output passes `limit` bytes: the input goes
 * in 1 KiB pieces, and DEFLATE expands a piece at most about 1,032 times, so at most about a
 * megabyte more than the limit is ever produced.
 */
export function inflateBounded(data: Uint8Array, limit: number): Result<Uint8Array, BoundsProblem> {
	const parts: Uint8Array[] = [];
	let size = 0;
	let done = false;
	const inflater = new Inflate((chunk, final) => {
		parts.push(chunk);
		size += chunk.length;
		if (final) done = true;
	});
	try {
		const step = 1024;
		for (let o = 0; o < data.length; o += step) {
			inflater.push(data.subarray(o, Math.min(o + step, data.length)), o + step >= data.length);
			if (size > limit) return err('bomb', `inflates to more than ${limit} bytes`);
		}
		if (!data.length) return err('chunk', 'empty compressed data');
	} catch (e) {
		return err('chunk', `does not inflate (${(e as Error).message})`);
	}
	if (!done) return err('chunk', 'compressed data ends early');
	const out = new Uint8Array(size);
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return ok(out);
}

/** The stop for a failed inflation: over the budget, or malformed. */
function inflateStop(e: { code: BoundsProblem; reason: string }, meter: Meter, what: string): Stop {
	return e.code === 'bomb'
		? new Stop('bomb', `more than ${meter.budget.bytes} bytes once inflated`)
		: malformed(`${what} ${e.reason}`);
}

/** Running totals against a budget; throws a `bomb` stop when one is passed. */
class Meter {
	ops = 0;
	bytes = 0;
	constructor(readonly budget: ChunkBudget) {}
	addBytes(n: number): void {
		this.bytes += n;
		if (this.bytes > this.budget.bytes)
			throw new Stop('bomb', `more than ${this.budget.bytes} bytes once inflated`);
	}
	addOps(n: number, what = 'ops'): void {
		this.ops += n;
		if (this.ops > this.budget.ops) throw new Stop('bomb', `more than ${this.budget.ops} ${what}`);
	}
}

/**
 * Counts the values of one column without materialising them, stopping once the count
 * passes `max` (then it returns a number above `max`).
 */
function countValues(type: number, data: Uint8Array, max: number): number {
	const c = new Cursor(data);
	let n = 0;
	if (type === 7) return 0; // raw values: bytes, counted by size
	if (type === 4) {
		// §Boolean encoding: alternating run lengths.
		while (c.left > 0 && n <= max) n += c.uleb();
		return n;
	}
	while (c.left > 0 && n <= max) {
		const run = c.sleb();
		if (run > 0) {
			skipValue(c, type);
			n += run;
		} else if (run < 0) {
			// Every literal takes at least a byte: a run longer than the data is malformed.
			if (-run > c.left) throw malformed('a literal run longer than its column');
			for (let i = 0; i < -run; i++) skipValue(c, type);
			n += -run;
		} else n += c.uleb();
	}
	return n;
}

/** Skips one value of a column of `type` (a module function: no closure per column). */
function skipValue(c: Cursor, type: number): void {
	if (type === 3) c.sleb();
	else if (type === 5) c.skip(c.uleb(), 'a string');
	else c.uleb();
}

interface ColumnMeta {
	readonly spec: number;
	readonly len: number;
}

function readColumnMeta(c: Cursor): ColumnMeta[] {
	const count = c.uleb();
	if (count > c.left / 2) throw malformed('more columns than bytes');
	const out: ColumnMeta[] = [];
	for (let i = 0; i < count; i++) out.push({ spec: c.uleb(), len: c.uleb() });
	return out;
}

/**
 * Counts a block of columns (data at the cursor), inflating those with the deflate bit;
 * returns the most values a column holds, or throws once one holds more than `limit`.
 */
function countColumns(
	c: Cursor,
	meta: readonly ColumnMeta[],
	meter: Meter,
	deflateAllowed: boolean,
	limit: number
): number {
	let most = 0;
	for (const col of meta) {
		let data = c.take(col.len, 'a column');
		if (col.spec & 8) {
			if (!deflateAllowed) throw malformed('a compressed column in a change');
			const inflated = inflateBounded(data, meter.budget.bytes - meter.bytes);
			if (!inflated.ok) throw inflateStop(inflated.error, meter, 'a column');
			data = inflated.value;
			meter.addBytes(data.length - col.len);
		}
		most = Math.max(most, countValues(col.spec & 7, data, limit));
		if (most > limit) throw new Stop('bomb', `more than ${meter.budget.ops} ops`);
	}
	return most;
}

/** §Change chunks: the body after the chunk header. */
function countChangeBody(body: Uint8Array, meter: Meter): void {
	const c = new Cursor(body);
	c.skip(c.uleb() * 32, 'the dependencies');
	c.skip(c.uleb(), 'the actor');
	c.uleb(); // seq
	c.uleb(); // start op
	c.sleb(); // time
	c.skip(c.uleb(), 'the message');
	const others = c.uleb();
	if (others > c.left) throw malformed('more actors than bytes');
	for (let i = 0; i < others; i++) c.skip(c.uleb(), 'an actor');
	meter.addOps(countColumns(c, readColumnMeta(c), meter, false, meter.budget.ops - meter.ops));
}

/** §Document chunks: the body after the chunk header. */
function countDocumentBody(body: Uint8Array, meter: Meter): void {
	const c = new Cursor(body);
	const actors = c.uleb();
	if (actors > c.left) throw malformed('more actors than bytes');
	for (let i = 0; i < actors; i++) c.skip(c.uleb(), 'an actor');
	c.skip(c.uleb() * 32, 'the heads');
	const changeMeta = readColumnMeta(c);
	const opMeta = readColumnMeta(c);
	// The change columns count changes, not ops: a document may hold as many changes as ops.
	countColumns(c, changeMeta, meter, true, meter.budget.ops);
	meter.addOps(countColumns(c, opMeta, meter, true, meter.budget.ops - meter.ops));
}

/** Reads one chunk at the cursor and adds its cost; `kinds` are the chunk types allowed. */
function countChunk(c: Cursor, meter: Meter, kinds: readonly number[]): void {
	for (const m of MAGIC)
		if (c.left < 1 || c.b[c.o++] !== m) throw malformed('not an Automerge chunk (magic bytes)');
	c.skip(4, 'the checksum');
	if (c.left < 1) throw malformed('ends before the chunk type');
	const type = c.b[c.o++]!;
	if (!kinds.includes(type)) throw malformed(`chunk type ${type} is not allowed here`);
	const body = c.take(c.uleb(), 'the chunk');
	if (type !== TYPE_COMPRESSED) meter.addBytes(body.length);
	if (type === TYPE_DOCUMENT) return countDocumentBody(body, meter);
	if (type === TYPE_CHANGE) return countChangeBody(body, meter);
	const inflated = inflateBounded(body, meter.budget.bytes - meter.bytes);
	if (!inflated.ok) throw inflateStop(inflated.error, meter, 'the change');
	meter.addBytes(inflated.value.length);
	countChangeBody(inflated.value, meter);
}

function run(f: () => ChunkCost): Result<ChunkCost, BoundsProblem> {
	try {
		return ok(f());
	} catch (e) {
		if (e instanceof Stop) return err(e.code, e.reason);
		return err('chunk', `unreadable (${(e as Error).message})`);
	}
}

/**
 * The cost of one change chunk (type 1, or 2 compressed), which must span `bytes` exactly;
 * `bomb` if it passes `budget` (default: the per-change limits). Never throws.
 */
export function changeCost(
	bytes: Uint8Array,
	budget: ChunkBudget = CHANGE_BUDGET
): Result<ChunkCost, BoundsProblem> {
	return run(() => {
		const meter = new Meter(budget);
		const c = new Cursor(bytes);
		countChunk(c, meter, [TYPE_CHANGE, TYPE_COMPRESSED]);
		if (c.left) throw malformed('stray bytes after the change');
		return { ops: meter.ops, bytes: meter.bytes };
	});
}

/**
 * The cost of what `Automerge.load` would read: one or more chunks (documents and changes),
 * against `budget` (default: the snapshot document limits). Never throws.
 */
export function documentCost(
	bytes: Uint8Array,
	budget: ChunkBudget = DOC_BUDGET
): Result<ChunkCost, BoundsProblem> {
	return run(() => {
		const meter = new Meter(budget);
		const c = new Cursor(bytes);
		if (!c.left) throw malformed('an empty document');
		while (c.left) countChunk(c, meter, [TYPE_DOCUMENT, TYPE_CHANGE, TYPE_COMPRESSED]);
		return { ops: meter.ops, bytes: meter.bytes };
	});
}
