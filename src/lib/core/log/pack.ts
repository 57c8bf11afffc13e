/**
 * A batch of entries (and their payloads) as one buffer, to transfer to another thread
 * without copying each entry, and back.
 * @module
 */
import type { BatchItem } from './verify-batch.js';

const NO_PAYLOAD = 0xffffffff;

/** Packs a batch into one transferable buffer. */
export function packItems(items: readonly BatchItem[]): {
	buffer: ArrayBuffer;
	offsets: Uint32Array;
} {
	let size = 0;
	for (const it of items) size += it.bytes.length + (it.payload?.length ?? 0);
	const buf = new Uint8Array(size);
	const offsets = new Uint32Array(items.length * 4);
	let o = 0;
	items.forEach((it, i) => {
		buf.set(it.bytes, o);
		offsets[i * 4] = o;
		offsets[i * 4 + 1] = o += it.bytes.length;
		if (it.payload) {
			buf.set(it.payload, o);
			offsets[i * 4 + 2] = o;
			offsets[i * 4 + 3] = o += it.payload.length;
		} else {
			offsets[i * 4 + 2] = offsets[i * 4 + 3] = NO_PAYLOAD;
		}
	});
	return { buffer: buf.buffer, offsets };
}

/** Unpacks {@link packItems}; views into the one buffer. */
export function unpackItems(buffer: ArrayBuffer, offsets: Uint32Array): BatchItem[] {
	const buf = new Uint8Array(buffer);
	const out: BatchItem[] = [];
	for (let i = 0; i + 3 < offsets.length; i += 4) {
		const bytes = buf.subarray(offsets[i]!, offsets[i + 1]!);
		const ps = offsets[i + 2]!;
		out.push(ps === NO_PAYLOAD ? { bytes } : { bytes, payload: buf.subarray(ps, offsets[i + 3]!) });
	}
	return out;
}
