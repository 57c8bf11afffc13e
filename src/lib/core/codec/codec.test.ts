import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes.js';
import { encodeVaru64 } from '../log/varu64.js';
import {
	CodecError,
	decode,
	decodePrefix,
	encode,
	fail,
	readBytes,
	readCount,
	readMagic,
	readUint8,
	readVarBigUint,
	readVarBytes,
	readVarString,
	readVarTag,
	readVarUint,
	writeBytes,
	writeUint8,
	writeVarBytes,
	writeVarString,
	writeVarUint,
	type Decoder
} from './index.js';

const refusal = <T>(bytes: Uint8Array, read: (d: Decoder) => T) => {
	const r = decode(bytes, read);
	return r.ok ? 'ok' : `${r.error.code}@${r.error.offset}: ${r.error.reason}`;
};

describe('byte codec', () => {
	it('writes varu64s, bytes and strings as lib0-style pairs read back', () => {
		const bytes = encode((e) => {
			writeUint8(e, 7);
			writeVarUint(e, 300);
			writeVarUint(e, 2n ** 64n - 1n);
			writeBytes(e, Uint8Array.of(1, 2));
			writeVarBytes(e, new Uint8Array(300).fill(9));
			writeVarString(e, 'Zürich ✓');
		}, 1);
		expect(toHex(bytes.subarray(0, 13))).toBe('07f9012cffffffffffffffffff');
		const r = decode(bytes, (d) => ({
			byte: readUint8(d, 'byte'),
			n: readVarUint(d, 'n'),
			big: readVarBigUint(d, 'big'),
			two: readBytes(d, 2, 'pair'),
			blob: readVarBytes(d, 'blob', 300),
			text: readVarString(d, 'text')
		}));
		expect(r).toEqual({
			ok: true,
			value: {
				byte: 7,
				n: 300,
				big: 2n ** 64n - 1n,
				two: Uint8Array.of(1, 2),
				blob: new Uint8Array(300).fill(9),
				text: 'Zürich ✓'
			}
		});
	});

	it('writers refuse values no reader could take back', () => {
		expect(() => encode((e) => writeUint8(e, 256))).toThrow(RangeError);
		expect(() => encode((e) => writeVarUint(e, -1))).toThrow(RangeError);
		expect(() => encode((e) => writeVarUint(e, 2 ** 53))).toThrow(RangeError);
		expect(() => encode((e) => writeVarUint(e, 2n ** 64n))).toThrow(RangeError);
	});

	it('refuses with a code and the offset of the field', () => {
		const u = (d: Decoder) => readVarUint(d, 'count');
		expect(refusal(new Uint8Array(0), u)).toBe('truncated@0: ends inside the count');
		expect(refusal(Uint8Array.of(0xf9, 1), u)).toBe('truncated@0: ends inside the count');
		expect(refusal(Uint8Array.of(0xf8, 5), u)).toMatch(
			/^bad-varint@0: the count is not a canonical varu64/
		);
		expect(refusal(Uint8Array.of(0xf9, 0, 0xff), u)).toMatch(/^bad-varint@0/);
		// Overflow: a 9-byte varu64 is not a number this field can hold.
		expect(refusal(encodeVaru64(2n ** 53n), u)).toMatch(/^bad-varint@0: the count is 9007/);
		expect(refusal(Uint8Array.of(1, 2), u)).toBe('trailing-bytes@1: 1 stray bytes after the value');
		expect(refusal(Uint8Array.of(3), (d) => readVarTag(d, 'kind', 2))).toBe(
			'bad-tag@0: unknown kind 3'
		);
		expect(refusal(Uint8Array.of(5, 1), (d) => readCount(d, 'n', { limit: 4 }))).toMatch(
			/^too-long@0: the n is 5, over the limit of 4/
		);
		expect(refusal(Uint8Array.of(2, 1, 1, 1), (d) => readCount(d, 'n', { each: 2 }))).toMatch(
			/^truncated@0: the n is 2, more than the 3 bytes left/
		);
		expect(refusal(Uint8Array.of(3, 1, 2), (d) => readVarBytes(d, 'blob'))).toMatch(/^truncated@0/);
		expect(refusal(Uint8Array.of(2, 0xff, 0xfe), (d) => readVarString(d, 's'))).toBe(
			'invalid@0: the s is not UTF-8'
		);
		expect(refusal(Uint8Array.of(1, 2), (d) => (d.pos++, fail(d, 'invalid', 'no')))).toBe(
			'invalid@1: no'
		);
	});

	it('a huge declared count is refused before anything is allocated', () => {
		const r = decode(encodeVaru64(2n ** 64n - 1n), (d) => readCount(d, 'n'));
		expect(!r.ok && r.error.code).toBe('too-long');
		const s = decode(encodeVaru64(2n ** 40n), (d) => readVarBytes(d, 'blob'));
		expect(!s.ok && s.error.code).toBe('truncated');
	});

	it('magic: a proper prefix is truncated, anything else (empty too) is bad-magic', () => {
		const magic = new TextEncoder().encode('MAGIC');
		const m = (s: string) => refusal(new TextEncoder().encode(s), (d) => readMagic(d, magic, 'x'));
		expect(m('MAGIC')).toBe('ok');
		expect(m('MAG')).toBe('truncated@0: ends inside its magic bytes');
		expect(m('')).toBe('bad-magic@0: not a x');
		expect(m('MAX')).toBe('bad-magic@0: not a x');
		expect(m('MAGICAL')).toMatch(/^trailing-bytes@5/);
	});

	it('decodePrefix leaves trailing bytes; other exceptions are bugs and propagate', () => {
		expect(decodePrefix(Uint8Array.of(1, 2), (d) => readUint8(d, 'b'))).toEqual({
			ok: true,
			value: 1
		});
		expect(() =>
			decode(new Uint8Array(0), () => {
				throw new TypeError('bug');
			})
		).toThrow(TypeError);
		const r = decode(new Uint8Array(0), (d) => readUint8(d, 'b'));
		expect(!r.ok && r.error).toBeInstanceOf(CodecError);
	});

	it('reads small varu64s without BigInt exactly as the full reader reads every varu64', () => {
		// The readers as they were: every varu64 through readVarBigUint, then the bounds.
		const full = {
			uint: (d: Decoder, max: number) => {
				const at = d.pos;
				const v = readVarBigUint(d, 'n');
				if (v > BigInt(max)) fail(d, 'bad-varint', `the n is ${v}, more than ${max}`, at);
				return Number(v);
			},
			tag: (d: Decoder, max: number) => {
				const at = d.pos;
				const v = readVarBigUint(d, 'n');
				if (v > BigInt(max)) fail(d, 'bad-tag', `unknown n ${v}`, at);
				return Number(v);
			},
			count: (d: Decoder, limit: number, each: number) => {
				const at = d.pos;
				const n = readVarBigUint(d, 'n');
				if (n > BigInt(limit)) fail(d, 'too-long', `the n is ${n}, over the limit of ${limit}`, at);
				if (n > BigInt(Math.floor(d.left / each)))
					fail(d, 'truncated', `the n is ${n}, more than the ${d.left} bytes left can hold`, at);
				return Number(n);
			}
		};
		const outcome = <T>(bytes: Uint8Array, read: (d: Decoder) => T) =>
			decodePrefix(bytes, (d) => [read(d), d.pos]);
		fc.assert(
			fc.property(
				fc.oneof(fc.integer({ min: 240, max: 255 }), fc.nat(255)),
				fc.uint8Array({ maxLength: 12 }),
				fc.oneof(fc.nat(300), fc.constant(Number.MAX_SAFE_INTEGER), fc.nat()),
				fc.integer({ min: 1, max: 4 }),
				(first, rest, max, each) => {
					const b = Uint8Array.of(first, ...rest);
					expect(outcome(b, (d) => readVarUint(d, 'n', max))).toEqual(
						outcome(b, (d) => full.uint(d, max))
					);
					expect(outcome(b, (d) => readVarTag(d, 'n', max))).toEqual(
						outcome(b, (d) => full.tag(d, max))
					);
					expect(outcome(b, (d) => readCount(d, 'n', { limit: max, each }))).toEqual(
						outcome(b, (d) => full.count(d, max, each))
					);
				}
			),
			{ numRuns: 20_000 }
		);
	});
});
