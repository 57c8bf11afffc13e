/**
 * What {@link VerifyPool} and its workers send each other: a chunk as one transferred buffer
 * (packItems of log/pack.ts), verdicts as one buffer of hashes and a list of problems.
 * @module
 */
import type { HashSuiteName } from '../../lib/core/log/hash.js';
import type { BatchVerdict } from '../../lib/core/log/sign.js';
import type { Problem } from '../../lib/core/result.js';

/** A chunk to verify. */
export interface ChunkRequest {
	readonly id: number;
	readonly suite: HashSuiteName;
	readonly buffer: ArrayBuffer;
	readonly offsets: Uint32Array;
}

/** The verdicts on a chunk: per entry, its hash at `i * hashLength` or its problem. */
export interface ChunkReply {
	readonly id: number;
	readonly hashes: ArrayBuffer;
	readonly problems: (Problem | null)[];
	readonly error?: string;
}

/** Packs verdicts for the way back. */
export function packVerdicts(id: number, verdicts: BatchVerdict[], hashLength: number): ChunkReply {
	const hashes = new Uint8Array(verdicts.length * hashLength);
	const problems = verdicts.map((v, i) => {
		if (!v.ok) return { code: v.error.code, reason: v.error.reason };
		hashes.set(v.hash, i * hashLength);
		return null;
	});
	return { id, hashes: hashes.buffer, problems };
}

/** Unpacks {@link packVerdicts}; `undefined` when the reply is not for `count` entries. */
export function unpackVerdicts(
	reply: ChunkReply,
	count: number,
	hashLength: number
): BatchVerdict[] | undefined {
	const { hashes, problems } = reply;
	if (
		!Array.isArray(problems) ||
		problems.length !== count ||
		!(hashes instanceof ArrayBuffer) ||
		hashes.byteLength !== count * hashLength
	)
		return undefined;
	const all = new Uint8Array(hashes);
	return problems.map((p, i): BatchVerdict =>
		p === null
			? { ok: true, hash: all.subarray(i * hashLength, (i + 1) * hashLength) }
			: { ok: false, error: { code: String(p.code), reason: String(p.reason) } }
	);
}
