import { describe, expect, it } from 'vitest';
import { chunkMessage, LAST, MORE, Reassembler } from './chunking.js';

function bytes(n: number): Uint8Array {
	const b = new Uint8Array(n);
	for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) & 0xff;
	return b;
}

describe('chunking', () => {
	it('splits into frames of at most chunkBytes, flagged MORE then LAST', () => {
		const frames = chunkMessage(bytes(25), 10);
		expect(frames.map((f) => f.length)).toEqual([10, 10, 8]);
		expect(frames.map((f) => f[0])).toEqual([MORE, MORE, LAST]);
	});

	it('sends an empty message as one frame', () => {
		expect(chunkMessage(new Uint8Array(0), 10)).toEqual([new Uint8Array([LAST])]);
	});

	it('reassembles messages of every size around the frame boundary', () => {
		for (const n of [0, 1, 8, 9, 10, 17, 18, 19, 100, 1000]) {
			const r = new Reassembler();
			const frames = chunkMessage(bytes(n), 10);
			const results = frames.map((f) => r.push(f));
			expect(results.every((x) => x.ok)).toBe(true);
			const last = results.at(-1);
			expect(last?.ok && last.value).toEqual(bytes(n));
			expect(results.slice(0, -1).every((x) => x.ok && x.value === undefined)).toBe(true);
		}
	});

	it('reassembles several messages in a row', () => {
		const r = new Reassembler();
		const out: Uint8Array[] = [];
		for (const m of [bytes(30), bytes(3), bytes(0)]) {
			for (const f of chunkMessage(m, 8)) {
				const x = r.push(f);
				if (x.ok && x.value) out.push(x.value);
			}
		}
		expect(out).toEqual([bytes(30), bytes(3), bytes(0)]);
	});

	it('refuses empty frames, unknown flags and oversize messages, and stays refused', () => {
		expect(new Reassembler().push(new Uint8Array(0))).toMatchObject({
			ok: false,
			error: { code: 'empty-frame' }
		});
		const r = new Reassembler();
		expect(r.push(new Uint8Array([2, 1]))).toMatchObject({
			ok: false,
			error: { code: 'bad-flag' }
		});
		expect(r.push(new Uint8Array([LAST, 1])).ok).toBe(false);
		const small = new Reassembler(20);
		expect(small.push(new Uint8Array(16).fill(MORE)).ok).toBe(true);
		expect(small.push(new Uint8Array(16).fill(MORE))).toMatchObject({
			ok: false,
			error: { code: 'too-large' }
		});
		expect(small.pendingBytes).toBe(0);
	});

	it('rejects a frame size that cannot carry data', () => {
		expect(() => chunkMessage(bytes(3), 1)).toThrow(RangeError);
	});
});
