/**
 * Test helper: Automerge change chunks built byte by byte (see change-bounds.ts for the
 * format), so that a test can make an "op bomb" (millions of ops in a few bytes, through
 * run-length encoding and DEFLATE) without asking Automerge to make millions of ops.
 * @module
 */
import { deflateSync } from 'fflate';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromHex } from '../../bytes.js';

/** An unsigned LEB128. */
export function uleb(n: number): Uint8Array {
	const out: number[] = [];
	do {
		let byte = n % 128;
		n = Math.floor(n / 128);
		if (n > 0) byte |= 0x80;
		out.push(byte);
	} while (n > 0);
	return Uint8Array.from(out);
}

/** A signed LEB128. */
export function sleb(n: number): Uint8Array {
	const out: number[] = [];
	for (;;) {
		const byte = ((n % 128) + 128) % 128;
		n = Math.floor(n / 128);
		const done = (n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40);
		out.push(done ? byte : byte | 0x80);
		if (done) return Uint8Array.from(out);
	}
}

const MAGIC = Uint8Array.of(0x85, 0x6f, 0x4a, 0x83);

/**
 * Wraps a change body in a chunk with a valid checksum (the hash is over the uncompressed
 * change chunk), compressed (type 2, raw DEFLATE) or not (type 1).
 */
export function changeChunk(body: Uint8Array, compress: boolean): Uint8Array {
	const hashed = concatBytes(Uint8Array.of(1), uleb(body.length), body);
	const checksum = sha256(hashed).subarray(0, 4);
	const data = compress ? deflateSync(body, { level: 9 }) : body;
	return concatBytes(MAGIC, checksum, Uint8Array.of(compress ? 2 : 1), uleb(data.length), data);
}

/** The body of a chunk (after magic, checksum, type and length). */
export function chunkBody(chunk: Uint8Array): Uint8Array {
	let o = 9;
	let len = 0;
	let scale = 1;
	for (;;) {
		const b = chunk[o++]!;
		len += (b & 0x7f) * scale;
		scale *= 128;
		if (b < 0x80) break;
	}
	return chunk.subarray(o, o + len);
}

/** What a bomb change claims to be. */
export interface BombOptions {
	readonly actor: string;
	readonly seq: number;
	readonly startOp: number;
	readonly deps: readonly string[];
	readonly message: string;
	/** How many ops: each sets the root's key `k` to null. */
	readonly ops: number;
	readonly compress?: boolean;
}

/** The body of a change whose columns say "`ops` times: set root.k = null", in a few bytes. */
export function bombBody(o: BombOptions): Uint8Array {
	const msg = new TextEncoder().encode(o.message);
	const actor = fromHex(o.actor)!;
	// Columns (id << 4 | type): key string 21, insert boolean 52, action 66, value metadata 86, pred group 112.
	const cols: [number, Uint8Array][] = [
		[21, concatBytes(sleb(o.ops), uleb(1), Uint8Array.of(0x6b))],
		[52, uleb(o.ops)],
		[66, concatBytes(sleb(o.ops), uleb(1))],
		[86, concatBytes(sleb(o.ops), uleb(0))],
		[112, concatBytes(sleb(o.ops), uleb(0))]
	];
	return concatBytes(
		uleb(o.deps.length),
		...o.deps.map((d) => fromHex(d)!),
		uleb(actor.length),
		actor,
		uleb(o.seq),
		uleb(o.startOp),
		sleb(0),
		uleb(msg.length),
		msg,
		uleb(0),
		uleb(cols.length),
		...cols.flatMap(([spec, data]) => [uleb(spec), uleb(data.length)]),
		...cols.map(([, data]) => data)
	);
}

/** A change chunk holding `ops` ops in a few dozen bytes. */
export function bombChange(o: BombOptions): Uint8Array {
	return changeChunk(bombBody(o), o.compress ?? true);
}
