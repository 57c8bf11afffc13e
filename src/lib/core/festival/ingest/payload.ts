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
