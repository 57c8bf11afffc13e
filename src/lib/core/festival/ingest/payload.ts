/**
 * The payload of a festival entry: one burst of Automerge changes by the log's author.
 *
 * ```
 * payload = version (varu64, 1) • count (varu64) • count × ( length (varu64) • change bytes )
 * ```
 * Changes appear in the order they were made. The encoding is a pure function of the change
 * bytes, so a peer holding the changes (from a saved document) can rebuild the payload and
 * check it against the entry's signed payload hash.
 * @module
 */
import {
	decode,
	decodePrefix,
	encode,
	fail,
	readBytes,
	readCount,
	readVarTag,
	writeVarBytes,
	writeVarUint,
	type Decoder
} from '../../codec/index.js';
import { err, ok, type Result } from '../../result.js';
import {
	changeCost,
	MAX_CHANGE_BYTES,
	MAX_CHANGE_OPS,
	MAX_ENTRY_BYTES,
	MAX_ENTRY_OPS
} from './change-bounds.js';
import type { ChangeColumns } from './change-parse.js';

/** An entry as it travels: encoded bytes and (usually) its payload. */
export interface EntryItem {
	readonly bytes: Uint8Array;
	readonly payload?: Uint8Array;
}

/**
 * Why a verified entry's payload cannot be used (the signing author's fault): `bomb` when its
 * changes would cost more than the limits of change-bounds.ts.
 */
export interface PayloadProblem {
	readonly code: 'payload' | 'actor' | 'bomb';
	readonly reason: string;
}

export const PAYLOAD_VERSION = 1;

/** Encodes changes as an entry payload. */
export function encodeChanges(changes: readonly Uint8Array[]): Uint8Array {
	let size = 20;
	for (const c of changes) size += c.length + 9;
	return encode((e) => {
		writeVarUint(e, PAYLOAD_VERSION);
		writeVarUint(e, changes.length);
		for (const c of changes) writeVarBytes(e, c);
	}, size);
}

/** Reads the version and change count (each change takes at least its 1-byte length). */
function readHeader(d: Decoder): number {
	const at = d.pos;
	const version = readVarTag(d, 'payload version', Number.MAX_SAFE_INTEGER);
	if (version !== PAYLOAD_VERSION) fail(d, 'bad-version', `unknown payload version ${version}`, at);
	const count = readCount(d, 'change count');
	if (count < 1) fail(d, 'invalid', 'a payload holds at least one change', d.pos - 1);
	return count;
}

/** Decodes an entry payload into change bytes (views into it); never throws. */
export function decodeChanges(payload: Uint8Array): Result<Uint8Array[], 'payload'> {
	const r = decode(payload, (d) => split(d, false), 'last change');
	if (r.ok) return ok(r.value);
	// Read again, naming each change, for the reason (a refusal is rare; names cost a string each).
	const named = decode(payload, (d) => split(d, true), 'last change');
	return err('payload', (named.ok ? r : named).error.reason);
}

function split(d: Decoder, named: boolean): Uint8Array[] {
	const count = readHeader(d);
	const out: Uint8Array[] = [];
	for (let i = 0; i < count; i++) {
		const what = named ? `change ${i + 1}` : 'change';
		out.push(readBytes(d, readCount(d, named ? `length of ${what}` : 'length'), what));
	}
	return out;
}

/** The number of changes a payload says it holds, read from its header only; undefined if malformed. */
export function changeCount(payload: Uint8Array): number | undefined {
	const r = decodePrefix(payload, readHeader);
	return r.ok ? r.value : undefined;
}

/**
 * Bounds what a payload's changes would cost Automerge, reading their chunks only
 * (change-bounds.ts): each change within the per-change limits, all of them within the
 * per-entry limits. Returns the problem, or undefined when the payload is within bounds.
 * `read[i]`, when given, is change `i` as change-parse.ts read it: its cost is known then
 * (the same `changeCost` counts), so it is not counted again unless it is over a limit.
 */
export function payloadCost(
	changes: readonly Uint8Array[],
	seqNum: number,
	read?: readonly (ChangeColumns | undefined)[]
): PayloadProblem | undefined {
	let ops = 0;
	let bytes = 0;
	for (let i = 0; i < changes.length; i++) {
		const budget = {
			ops: Math.min(MAX_CHANGE_OPS, MAX_ENTRY_OPS - ops),
			bytes: Math.min(MAX_CHANGE_BYTES, MAX_ENTRY_BYTES - bytes)
		};
		const known = read?.[i];
		if (known && known.ops <= budget.ops && known.bodyLength <= budget.bytes) {
			ops += known.ops;
			bytes += known.bodyLength;
			continue;
		}
		// Over a limit (for the exact reason) or not read: counted from the chunk.
		const cost = changeCost(changes[i]!, budget);
		if (!cost.ok) {
			const where = `entry ${seqNum}: change ${i + 1} of ${changes.length}`;
			if (cost.error.code === 'chunk')
				return { code: 'payload', reason: `${where} does not decode (${cost.error.reason})` };
			const limits = `at most ${MAX_CHANGE_OPS} ops and ${MAX_CHANGE_BYTES} bytes a change, ${MAX_ENTRY_OPS} ops and ${MAX_ENTRY_BYTES} bytes an entry`;
			return {
				code: 'bomb',
				reason: `${where}: ${cost.error.reason}, over the limits (${limits}); not decoded`
			};
		}
		ops += cost.value.ops;
		bytes += cost.value.bytes;
	}
	return undefined;
}
