/**
 * Reading a plain Automerge change chunk's header and op columns (change-read.ts reads its ops
 * from them, change-rules.ts its write-rule summary), checked as Automerge would check them: a
 * plain, well-formed change chunk (type 1, uncompressed columns of the kinds Automerge writes,
 * every column as long as the others, a matching checksum, ids within Automerge's limits).
 * Anything else is "unusual" and left to `Automerge.decodeChange`. Formats are those of
 * change-bounds.ts (Automerge binary format: §Change chunks, §Column metadata, §RLE encoding).
 * @module
 */
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

/**
 * A plain change's header and op columns, as {@link readColumns} reads and checks them: one
 * value per op in each op column (`n` ops), and the ids its ops overwrite in the pred columns
 * (`groups[i]` of them for op `i`, in order). Every op id, object id and key is well formed.
 */
export interface ChangeColumns {
	readonly bytes: Uint8Array;
	/** SHA-256 of type, length and body: the change's hash (undefined when trusted). */
	readonly digest: Uint8Array | undefined;
	readonly depBytes: Uint8Array;
	/** The change's actor first, then the other actors its op ids name (hex). */
	readonly actors: readonly string[];
	readonly seq: number;
	readonly startOp: number;
	readonly message: string | null;
	readonly n: number;
	/** Per op: the object's actor index and counter (both null for the root). */
	readonly objActor: readonly (number | null)[];
	readonly objCtr: readonly (number | null)[];
	/** Per op: the map key, or null for a list op (then `keyActor`/`keyCtr` name the element). */
	readonly keyStr: readonly (string | null)[];
	readonly keyActor: readonly (number | null)[];
	readonly keyCtr: readonly (number | null)[];
	readonly insert: readonly boolean[];
	readonly groups: readonly number[];
	readonly predActor: readonly number[];
	readonly predCtr: readonly number[];
	/**
	 * What the chunk costs as change-bounds.ts `changeCost` counts it (the most values a column
	 * holds: the ops, or the ids they overwrite; the body's bytes), known without counting again.
	 */
	readonly ops: number;
	readonly bodyLength: number;
}

/**
 * The header and op columns of a plain change chunk, checked as {@link readChange} checks
 * them (the same changes are read, the same left to Automerge); undefined for anything else.
 * Never throws.
 */
export function readColumns(bytes: Uint8Array, trusted = false): ChangeColumns | undefined {
	try {
		return columns(bytes, trusted);
	} catch (e) {
		if (e instanceof Unusual || e instanceof TypeError || e instanceof RangeError) return undefined;
		throw e;
	}
}

function columns(bytes: Uint8Array, trusted: boolean): ChangeColumns {
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
	for (let p = 0; p < preds; p++) checkId(actors, predActor[p]!, predCtr[p]!);

	for (let i = 0; i < n; i++) {
		const oa = objActor[i]!;
		const oc = objCtr[i]!;
		if (oa !== null || oc !== null) {
			if (oc === 0) unusual();
			checkId(actors, oa, oc);
		}
		const key = keyStr[i]!;
		if (key === null && keyCtr[i] === null) unusual();
		if (key !== null && (keyActor[i] !== null || keyCtr[i] !== null)) unusual();
		if ((keyActor[i] ?? 0) >= actors.length) unusual();
		// An element id: the list head (counter 0, no actor) or an op id.
		if (key === null && (keyCtr[i] === 0) !== (keyActor[i] === null)) unusual();
		if ((keyCtr[i] ?? 0) < 0 || (keyCtr[i] ?? 0) > MAX_CTR) unusual();
	}
	return {
		bytes,
		digest,
		depBytes,
		actors,
		seq,
		startOp,
		message,
		n,
		objActor,
		objCtr,
		keyStr,
		keyActor,
		keyCtr,
		insert,
		groups: groups as number[],
		predActor: predActor as number[],
		predCtr: predCtr as number[],
		ops: Math.max(n, preds),
		bodyLength: len
	};
}

/** An op id's parts are those of an id Automerge writes (else the change is unusual). */
function checkId(actors: readonly string[], actor: number | null, ctr: number | null): void {
	if (actor === null || ctr === null || ctr < 0 || ctr > MAX_CTR || actor >= actors.length)
		unusual();
}

/** One number for an object id's actor index and counter (checked: counter <= 2^31 - 1). */
export function objKey(actor: number, ctr: number): number {
	return actor * 0x8000_0000 + ctr;
}

/** An op id as Automerge writes it: counter@actor (parts checked by {@link columns}). */
export function opId(actors: readonly string[], actor: number, ctr: number): string {
	return `${ctr}@${actors[actor]}`;
}
