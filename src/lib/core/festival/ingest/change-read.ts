/**
 * Reading what ingest needs of an Automerge change without `Automerge.decodeChange`: the
 * header (hash, actor, seq, start op, message, dependencies) and, per op, the object, the key
 * and the ids it overwrites, which is all the write rules read (rules.ts). `decodeChange`
 * materialises every op with its value and writes every op id as a hex string in WebAssembly,
 * then copies it all into JavaScript: most of what ingest spent beyond verifying and applying.
 *
 * Only a plain, well-formed change chunk (type 1, uncompressed columns of the kinds Automerge
 * writes, every column as long as the others, a matching checksum) is read here. Anything
 * else returns undefined, and the caller decodes it with `Automerge.decodeChange` as before,
 * so every unusual or hostile change still gets Automerge's own verdict. Formats are those of
 * change-bounds.ts (Automerge binary format: §Change chunks, §Column metadata, §RLE encoding).
 * @module
 */
import * as A from '@automerge/automerge';
import { sha256 } from '@noble/hashes/sha2.js';
import {
	bools,
	checkValues,
	delta,
	fit,
	hexOf,
	messageOf,
	Reader,
	readString,
	rle,
	uint,
	Unusual,
	unusual
} from './change-columns.js';

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

const MAGIC = [0x85, 0x6f, 0x4a, 0x83];

/**
 * Counters above this (start op, op ids) are left to Automerge, which refuses some of them
 * ("counter too large"); well under its limits, so nothing read here is refused there.
 */
const MAX_CTR = 0x7fff_ffff;

/** Column specs (id << 4 | type) Automerge writes in a change; change-bounds.ts has the types. */
const OBJ_ACTOR = 0x01;
const OBJ_CTR = 0x02;
const KEY_ACTOR = 0x11;
const KEY_CTR = 0x13;
const KEY_STR = 0x15;
const INSERT = 0x34;
const ACTION = 0x42;
const VAL_META = 0x56;
const VAL_RAW = 0x57;
const PRED_GROUP = 0x70;
const PRED_ACTOR = 0x71;
const PRED_CTR = 0x73;
const EXPAND = 0x94;
const MARK_NAME = 0xa5;
const KNOWN = new Set([
	OBJ_ACTOR,
	OBJ_CTR,
	KEY_ACTOR,
	KEY_CTR,
	KEY_STR,
	INSERT,
	ACTION,
	VAL_META,
	VAL_RAW,
	PRED_GROUP,
	PRED_ACTOR,
	PRED_CTR,
	EXPAND,
	MARK_NAME
]);

/** An op id as Automerge writes it: counter@actor. */
function opId(actors: readonly string[], actor: number | null, ctr: number | null): string {
	if (actor === null || ctr === null || ctr < 0 || ctr > MAX_CTR || actor >= actors.length)
		return unusual();
	return `${ctr}@${actors[actor]}`;
}

/**
 * The actor and seq of a plain change chunk, from its header alone (no checksum, no ops):
 * enough to put a trusted document's changes in their logs' order before reading them.
 * Undefined for anything else.
 */
export function changeHeader(bytes: Uint8Array): { actor: string; seq: number } | undefined {
	try {
		if (bytes.length < 10 || bytes[8] !== 1) return undefined;
		for (let i = 0; i < 4; i++) if (bytes[i] !== MAGIC[i]) return undefined;
		const r = new Reader(bytes, 9, bytes.length);
		r.uleb(); // length
		r.take(r.uleb() * 32);
		const actor = hexOf(r.take(r.uleb()));
		return { actor, seq: r.uleb() };
	} catch (e) {
		if (e instanceof Unusual) return undefined;
		throw e;
	}
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
	try {
		return read(bytes, trusted);
	} catch (e) {
		if (e instanceof Unusual || e instanceof TypeError || e instanceof RangeError) return undefined;
		throw e;
	}
}

function read(bytes: Uint8Array, trusted: boolean): ReadChange {
	if (bytes.length < 10) unusual();
	for (let i = 0; i < 4; i++) if (bytes[i] !== MAGIC[i]) unusual();
	if (bytes[8] !== 1) unusual(); // a plain change chunk
	const head = new Reader(bytes, 9, bytes.length);
	const len = head.uleb();
	if (len !== bytes.length - head.o) unusual();
	// The hash is SHA-256 of type, length and body; the checksum is its first 4 bytes. A change
	// Automerge itself encoded (trusted) has the right checksum: its hash is taken when asked.
	const digest = trusted ? undefined : sha256(bytes.subarray(8));
	if (digest) for (let i = 0; i < 4; i++) if (digest[i] !== bytes[4 + i]) unusual();
	const r = new Reader(bytes, head.o, bytes.length);
	const depCount = r.uleb();
	if (depCount > 10_000) unusual();
	const depBytes = r.take(depCount * 32);
	const actors = [hexOf(r.take(r.uleb()))];
	const seq = r.uleb();
	const startOp = r.uleb();
	if (seq < 1 || startOp < 1 || startOp > MAX_CTR || actors[0]!.length === 0) unusual();
	r.sleb(); // time
	const msgLen = r.uleb();
	const message = msgLen === 0 ? null : messageOf(r.take(msgLen));
	const others = r.uleb();
	if (others > r.end - r.o) unusual();
	for (let i = 0; i < others; i++) actors.push(hexOf(r.take(r.uleb())));
	const count = r.uleb();
	if (count > 64) unusual();
	const specs: number[] = [];
	const lens: number[] = [];
	for (let i = 0; i < count; i++) {
		const spec = r.uleb();
		// Known, uncompressed, in increasing order, as Automerge writes them.
		if (!KNOWN.has(spec) || (i > 0 && spec <= specs[i - 1]!)) unusual();
		specs.push(spec);
		lens.push(r.uleb());
	}
	const cols = new Map<number, Uint8Array>();
	for (let i = 0; i < count; i++) {
		// Automerge writes no empty column; one here is left to it.
		if (lens[i] === 0) unusual();
		cols.set(specs[i]!, r.take(lens[i]!));
	}

	const action = uint(cols.get(ACTION));
	const n = action.length;
	if (startOp + n > MAX_CTR) unusual();
	for (const a of action) if (a === null || a > 7) unusual();
	const objActor = fit(uint(cols.get(OBJ_ACTOR)), n, null);
	const objCtr = fit(uint(cols.get(OBJ_CTR)), n, null);
	const keyActor = fit(uint(cols.get(KEY_ACTOR)), n, null);
	const keyCtr = fit(delta(cols.get(KEY_CTR)), n, null);
	const keyStr = fit(rle(cols.get(KEY_STR), readString), n, null);
	const insert = fit(bools(cols.get(INSERT)), n, false);
	fit(bools(cols.get(EXPAND)), n, false);
	fit(rle(cols.get(MARK_NAME), readString), n, null);
	const valMeta = fit(uint(cols.get(VAL_META)), n, 0);
	checkValues(valMeta, cols.get(VAL_RAW));
	// An increment carries an integer; anything else is for Automerge to judge.
	for (let i = 0; i < n; i++) if (action[i] === 5 && ![3, 4].includes(valMeta[i]! % 16)) unusual();
	const groups = fit(uint(cols.get(PRED_GROUP)), n, 0);
	let preds = 0;
	for (const g of groups) preds += g ?? unusual();
	const predActor = uint(cols.get(PRED_ACTOR));
	const predCtr = delta(cols.get(PRED_CTR));
	if (predActor.length !== preds || predCtr.length !== preds) unusual();

	const objIds = new Map<string, string>();
	const ops: ReadOp[] = [];
	let p = 0;
	for (let i = 0; i < n; i++) {
		const oa = objActor[i]!;
		const oc = objCtr[i]!;
		let obj = '_root';
		if (oa !== null || oc !== null) {
			if (oc === 0) unusual();
			const k = `${oa}/${oc}`;
			obj = objIds.get(k) ?? opId(actors, oa, oc);
			objIds.set(k, obj);
		}
		const pred: string[] = [];
		for (let g = groups[i]!; g > 0; g--, p++) pred.push(opId(actors, predActor[p]!, predCtr[p]!));
		const key = keyStr[i] as string | null;
		if (key === null && keyCtr[i] === null) unusual();
		if (key !== null && (keyActor[i] !== null || keyCtr[i] !== null)) unusual();
		if ((keyActor[i] ?? 0) >= actors.length) unusual();
		// An element id: the list head (counter 0, no actor) or an op id.
		if (key === null && (keyCtr[i] === 0) !== (keyActor[i] === null)) unusual();
		if ((keyCtr[i] ?? 0) < 0 || (keyCtr[i] ?? 0) > MAX_CTR) unusual();
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
	if (digest) {
		const hash = hexOf(digest);
		return { hash, actor: actors[0]!, seq, startOp, message, deps: hexDeps(depBytes), ops };
	}
	return new TrustedChange(bytes, depBytes, actors[0]!, seq, startOp, message, ops);
}

/** The hex of each 32-byte hash in `bytes`. */
function hexDeps(bytes: Uint8Array): string[] {
	const deps: string[] = [];
	for (let o = 0; o < bytes.length; o += 32) deps.push(hexOf(bytes.subarray(o, o + 32)));
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
		return (this.#hash ??= hexOf(sha256(this.#bytes.subarray(8))));
	}

	get deps(): string[] {
		return (this.#deps ??= hexDeps(this.#depBytes));
	}
}
