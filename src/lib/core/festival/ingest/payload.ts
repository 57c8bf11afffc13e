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
import { err, ok, type Result } from '../../result.js';
import { readVaru64, varu64Length, writeVaru64 } from '../../log/varu64.js';
import {
	changeCost,
	MAX_CHANGE_BYTES,
	MAX_CHANGE_OPS,
	MAX_ENTRY_BYTES,
	MAX_ENTRY_OPS
} from './change-bounds.js';

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
	let len = varu64Length(PAYLOAD_VERSION) + varu64Length(changes.length);
	for (const c of changes) len += varu64Length(c.length) + c.length;
	const out = new Uint8Array(len);
	let o = writeVaru64(out, 0, PAYLOAD_VERSION);
	o = writeVaru64(out, o, changes.length);
	for (const c of changes) {
		o = writeVaru64(out, o, c.length);
		out.set(c, o);
		o += c.length;
	}
	return out;
}

/** Decodes an entry payload into change bytes; never throws. */
export function decodeChanges(payload: Uint8Array): Result<Uint8Array[], 'payload'> {
	const v = readVaru64(payload, 0);
	if (!v.ok) return err('payload', `payload version: ${v.error.reason}`);
	if (v.value.value !== BigInt(PAYLOAD_VERSION))
		return err('payload', `unknown payload version ${v.value.value}`);
	let o = v.value.length;
	const n = readVaru64(payload, o);
	if (!n.ok) return err('payload', `change count: ${n.error.reason}`);
	o += n.value.length;
	const count = Number(n.value.value);
	if (count < 1 || count > payload.length)
		return err('payload', `implausible change count ${n.value.value}`);
	const out: Uint8Array[] = [];
	for (let i = 0; i < count; i++) {
		const l = readVaru64(payload, o);
		if (!l.ok) return err('payload', `change ${i + 1} length: ${l.error.reason}`);
		o += l.value.length;
		const len = Number(l.value.value);
		if (o + len > payload.length)
			return err('payload', `change ${i + 1} runs past the end of the payload`);
		out.push(payload.subarray(o, o + len));
		o += len;
	}
	if (o !== payload.length)
		return err('payload', `${payload.length - o} stray bytes after the last change`);
	return ok(out);
}

/** The number of changes a payload says it holds, read from its header only; undefined if malformed. */
export function changeCount(payload: Uint8Array): number | undefined {
	const v = readVaru64(payload, 0);
	if (!v.ok || v.value.value !== BigInt(PAYLOAD_VERSION)) return undefined;
	const n = readVaru64(payload, v.value.length);
	return n.ok && n.value.value >= 1n ? Number(n.value.value) : undefined;
}

/**
 * Bounds what a payload's changes would cost Automerge, reading their chunks only
 * (change-bounds.ts): each change within the per-change limits, all of them within the
 * per-entry limits. Returns the problem, or undefined when the payload is within bounds.
 */
export function payloadCost(
	changes: readonly Uint8Array[],
	seqNum: number
): PayloadProblem | undefined {
	let ops = 0;
	let bytes = 0;
	for (let i = 0; i < changes.length; i++) {
		const budget = {
			ops: Math.min(MAX_CHANGE_OPS, MAX_ENTRY_OPS - ops),
			bytes: Math.min(MAX_CHANGE_BYTES, MAX_ENTRY_BYTES - bytes)
		};
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
