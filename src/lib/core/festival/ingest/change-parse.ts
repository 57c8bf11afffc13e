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

/** A fresh SHA-256, and the hasher {@link chunkHash} resets from it for each change. */
const freshSha = sha256.create();
const sha = sha256.create();

/**
 * A change chunk's hash: SHA-256 of its type, length and body (its checksum is the first 4
 * bytes). One hasher is reset for each change rather than one made per change (a hasher, its
 * buffer and views: a third of hashing a small change).
 */
export function chunkHash(bytes: Uint8Array): Uint8Array {
	return freshSha._cloneInto(sha).update(bytes.subarray(8)).digest();
}

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
/** The column specs read here, in the increasing order Automerge writes them: a spec's slot is its index. */
const KNOWN = [
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
];
/** Each known spec's slot, by spec (all are below 256); -1 for any other. */
const SLOT = new Int8Array(256).fill(-1);
KNOWN.forEach((spec, slot) => (SLOT[spec] = slot));

/**
 * Each known column's length, then where its data is (start, end; 0, 0 when absent), by slot:
 * for the change being read (reading is synchronous, one change at a time).
 */
const lens = new Float64Array(KNOWN.length);
const pos = new Int32Array(2 * KNOWN.length);
const startOf = (spec: number): number => pos[2 * SLOT[spec]!]!;
const endOf = (spec: number): number => pos[2 * SLOT[spec]! + 1]!;

/**
 * Whether `bytes` is exactly one plain change chunk by its frame: the magic, type 1 and a
 * length that covers the rest, no more and no less (neither checksum nor body is read). Such
 * chunks laid end to end read back as the same chunks, and none of them is a whole document.
 */
export function isOneChangeChunk(bytes: Uint8Array): boolean {
	if (bytes.length < 10 || bytes[8] !== 1) return false;
	for (let i = 0; i < 4; i++) if (bytes[i] !== MAGIC[i]) return false;
	try {
		const r = new Reader(bytes, 9, bytes.length);
		return r.uleb() === bytes.length - r.o;
	} catch (e) {
		if (e instanceof Unusual) return false;
		throw e;
	}
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
		r.skip(r.uleb() * 32);
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
	const digest = trusted ? undefined : chunkHash(bytes);
	if (digest) for (let i = 0; i < 4; i++) if (digest[i] !== bytes[4 + i]) unusual();
	const r = new Reader(bytes, head.o, bytes.length);
	const depCount = r.uleb();
	if (depCount > 10_000) unusual();
	const depBytes = r.take(depCount * 32);
	const actorLen = r.uleb();
	r.skip(actorLen);
	const actors = [hexOf(bytes, r.o - actorLen, r.o)];
	const seq = r.uleb();
	const startOp = r.uleb();
	if (seq < 1 || startOp < 1 || startOp > MAX_CTR || actors[0]!.length === 0) unusual();
	r.sleb(); // time
	const msgLen = r.uleb();
	r.skip(msgLen);
	const message = msgLen === 0 ? null : messageOf(bytes, r.o - msgLen, r.o);
	const others = r.uleb();
	if (others > r.end - r.o) unusual();
	for (let i = 0; i < others; i++) {
		const l = r.uleb();
		r.skip(l);
		actors.push(hexOf(bytes, r.o - l, r.o));
	}
	const count = r.uleb();
	if (count > 64) unusual();
	lens.fill(0);
	pos.fill(0);
	let prev = -1;
	for (let i = 0; i < count; i++) {
		const spec = r.uleb();
		// Known, uncompressed, in increasing order, as Automerge writes them.
		const slot = spec < 256 ? SLOT[spec]! : -1;
		if (slot < 0 || spec <= prev) unusual();
		prev = spec;
		const len = r.uleb();
		// Automerge writes no empty column; one here is left to it.
		if (len === 0) unusual();
		lens[slot] = len;
	}
	// Slots follow the specs' order, so the data comes in slot order.
	for (let s = 0; s < KNOWN.length; s++) {
		if (!lens[s]) continue;
		pos[2 * s] = r.o;
		r.skip(lens[s]!);
		pos[2 * s + 1] = r.o;
	}

	const action = uint(bytes, startOf(ACTION), endOf(ACTION));
	const n = action.length;
	if (startOp + n > MAX_CTR) unusual();
	for (const a of action) if (a === null || a > 7) unusual();
	const objActor = fit(uint(bytes, startOf(OBJ_ACTOR), endOf(OBJ_ACTOR)), n, null);
	const objCtr = fit(uint(bytes, startOf(OBJ_CTR), endOf(OBJ_CTR)), n, null);
	const keyActor = fit(uint(bytes, startOf(KEY_ACTOR), endOf(KEY_ACTOR)), n, null);
	const keyCtr = fit(delta(bytes, startOf(KEY_CTR), endOf(KEY_CTR)), n, null);
	const keyStr = fit(rle(bytes, startOf(KEY_STR), endOf(KEY_STR), readString), n, null);
	const insert = fit(bools(bytes, startOf(INSERT), endOf(INSERT)), n, false);
	fit(bools(bytes, startOf(EXPAND), endOf(EXPAND)), n, false);
	fit(rle(bytes, startOf(MARK_NAME), endOf(MARK_NAME), readString), n, null);
	const valMeta = fit(uint(bytes, startOf(VAL_META), endOf(VAL_META)), n, 0);
	checkValues(valMeta, bytes, startOf(VAL_RAW), endOf(VAL_RAW));
	// An increment carries an integer; anything else is for Automerge to judge.
	for (let i = 0; i < n; i++) if (action[i] === 5 && ![3, 4].includes(valMeta[i]! % 16)) unusual();
	const groups = fit(uint(bytes, startOf(PRED_GROUP), endOf(PRED_GROUP)), n, 0);
	let preds = 0;
	for (const g of groups) preds += g ?? unusual();
	const predActor = uint(bytes, startOf(PRED_ACTOR), endOf(PRED_ACTOR));
	const predCtr = delta(bytes, startOf(PRED_CTR), endOf(PRED_CTR));
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

/**
 * Object ids (counter@actor) made lately, by actor and counter: a festival's changes write
 * inside the same few shared containers, so each id is one string, made and hashed once.
 */
const objectIds = new Map<string, Map<number, string>>();
/** How many ids {@link objectIds} holds: all are forgotten past 16,384. */
let objectIdCount = 0;
export function objectId(actor: string, ctr: number): string {
	let byCtr = objectIds.get(actor);
	if (!byCtr) objectIds.set(actor, (byCtr = new Map()));
	let id = byCtr.get(ctr);
	if (id === undefined) {
		if (++objectIdCount > 16_384) {
			objectIds.clear();
			objectIdCount = 1;
			objectIds.set(actor, (byCtr = new Map()));
		}
		byCtr.set(ctr, (id = `${ctr}@${actor}`));
	}
	return id;
}
