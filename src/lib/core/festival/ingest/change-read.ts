/**
 * Reading what ingest needs of an Automerge change without `Automerge.decodeChange`: the
 * header (hash, actor, seq, start op, message, dependencies) and, per op, the object, the key
 * and the ids it overwrites, which is all the write rules read (rules.ts). `decodeChange`
 * materialises every op with its value and writes every op id as a hex string in WebAssembly,
 * then copies it all into JavaScript: most of what ingest spent beyond verifying and applying.
 *
 * Only a plain, well-formed change chunk is read here (change-parse.ts reads and checks its
 * header and columns). Anything else returns undefined, and the caller decodes it with
 * `Automerge.decodeChange` as before, so every unusual or hostile change still gets
 * Automerge's own verdict.
 * @module
 */
import * as A from '@automerge/automerge';
import { flatHex } from './change-columns.js';
import { chunkHash, objectId, opId, readColumns, type ChangeColumns } from './change-parse.js';

/** One op as the write rules read it (the shape of `Automerge.decodeChange`'s ops, in part). */
export interface ReadOp {
	readonly obj: string;
	/** The key, for an op on a map (undefined for an op on a list or text). */
	readonly key?: string;
	readonly insert?: boolean;
	/** Ids of the ops it overwrites or deletes. */
	readonly pred: readonly string[];
}

/** What {@link readChange} reads of a change: the header and the ops as the rules see them. */
export interface ReadChange {
	readonly hash: string;
	readonly actor: string;
	readonly seq: number;
	readonly startOp: number;
	readonly message: string | null;
	readonly deps: string[];
	readonly ops: ReadOp[];
}

/** A change as read by {@link readChange}, or as `Automerge.decodeChange` gives it. */
export type SomeChange = ReadChange | A.DecodedChange;

/**
 * {@link readChange}, or `Automerge.decodeChange` for a change it leaves (which may throw) and
 * for one whose message is `decodeFor` (a genesis: its own rule reads every op and value).
 */
export function readOrDecode(bytes: Uint8Array, decodeFor: string, trusted = false): SomeChange {
	const read = readChange(bytes, trusted);
	return read && read.message !== decodeFor ? read : A.decodeChange(bytes);
}

/** Whether a change came from `Automerge.decodeChange` (with every op and value). */
export function isDecoded(c: SomeChange): c is A.DecodedChange {
	return 'time' in c;
}

/**
 * Reads a plain change chunk (see the module comment); undefined when it is anything else
 * (then decode it with `Automerge.decodeChange`). Never throws. `trusted`: the bytes are
 * Automerge's own encoding (`getAllChanges` of a loaded document), so the checksum is not
 * checked and the hash is computed only when read.
 */
export function readChange(bytes: Uint8Array, trusted = false): ReadChange | undefined {
	const c = readColumns(bytes, trusted);
	if (!c) return undefined;
	const ops = opsOf(c);
	if (c.digest) {
		const hash = flatHex(c.digest);
		return {
			hash,
			actor: c.actors[0]!,
			seq: c.seq,
			startOp: c.startOp,
			message: c.message,
			deps: hexDeps(c.depBytes),
			ops
		};
	}
	return new TrustedChange(bytes, c.depBytes, c.actors[0]!, c.seq, c.startOp, c.message, ops);
}

/** The ops of checked columns, as the write rules read them. */
function opsOf(c: ChangeColumns): ReadOp[] {
	const { actors, objActor, objCtr, keyStr, insert, groups, predActor, predCtr } = c;
	const ops: ReadOp[] = [];
	let p = 0;
	for (let i = 0; i < c.n; i++) {
		const oa = objActor[i]!;
		const oc = objCtr[i]!;
		const obj = oa === null ? '_root' : objectId(actors[oa]!, oc!);
		const pred: string[] = [];
		for (let g = groups[i]!; g > 0; g--, p++) pred.push(opId(actors, predActor[p]!, predCtr[p]!));
		const key = keyStr[i]!;
		// No key on a list op, no insert flag unless set, as decodeChange gives them.
		ops.push(
			key !== null
				? insert[i]
					? { obj, key, insert: true, pred }
					: { obj, key, pred }
				: insert[i]
					? { obj, insert: true, pred }
					: { obj, pred }
		);
	}
	return ops;
}

/** The hex of each 32-byte hash in `bytes` (a change's dependencies). */
export function hexDeps(bytes: Uint8Array): string[] {
	const deps: string[] = [];
	for (let o = 0; o < bytes.length; o += 32) deps.push(flatHex(bytes.subarray(o, o + 32)));
	return deps;
}

/**
 * A change Automerge itself encoded (see {@link readChange}): its hash and the hex of its
 * dependencies are made when first read (a snapshot check reads them for a few changes only).
 */
class TrustedChange implements ReadChange {
	readonly #bytes: Uint8Array;
	readonly #depBytes: Uint8Array;
	#hash: string | undefined;
	#deps: string[] | undefined;
	readonly actor: string;
	readonly seq: number;
	readonly startOp: number;
	readonly message: string | null;
	readonly ops: ReadOp[];

	constructor(
		bytes: Uint8Array,
		depBytes: Uint8Array,
		actor: string,
		seq: number,
		startOp: number,
		message: string | null,
		ops: ReadOp[]
	) {
		this.#bytes = bytes;
		this.#depBytes = depBytes;
		this.actor = actor;
		this.seq = seq;
		this.startOp = startOp;
		this.message = message;
		this.ops = ops;
	}

	get hash(): string {
		return (this.#hash ??= flatHex(chunkHash(this.#bytes)));
	}

	get deps(): string[] {
		return (this.#deps ??= hexDeps(this.#depBytes));
	}
}
