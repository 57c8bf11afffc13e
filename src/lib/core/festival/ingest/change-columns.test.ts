import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkValues, messageOf, textOf, utf8 } from './change-columns.js';

const bytes = (s: string) => new TextEncoder().encode(s);

/** What `utf8.decode` gives, or 'throws'. */
function strict(b: Uint8Array): string {
	try {
		return utf8.decode(b);
	} catch {
		return 'throws';
	}
}
function ours(read: (b: Uint8Array) => string, b: Uint8Array): string {
	try {
		return read(b);
	} catch {
		return 'throws';
	}
}

describe('textOf', () => {
	it('gives what strict UTF-8 decoding gives, ASCII or not, valid or not', () => {
		for (const s of ['', 'a', 'meta', 'f'.repeat(64), 'hé', '\u{1f600}', 'x'.repeat(300)])
			expect(textOf(bytes(s))).toBe(s);
		// Not UTF-8: a lone continuation byte, a truncated sequence, an overlong NUL.
		for (const b of [[0x80], [0x61, 0xc3], [0xc0, 0x80]])
			expect(() => textOf(new Uint8Array(b))).toThrow();
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
				expect(ours(textOf, b)).toBe(strict(b));
			}),
			{ numRuns: 3000 }
		);
	});
});

describe('messageOf', () => {
	it('reuses the text read last only for the same bytes, and keeps its own copy of them', () => {
		const a = bytes('a'.repeat(64));
		expect(messageOf(a)).toBe('a'.repeat(64));
		a.fill(0x62); // the caller's bytes change: the next read must not see the old text
		expect(messageOf(a)).toBe('b'.repeat(64));
		expect(messageOf(bytes('c'.repeat(64)))).toBe('c'.repeat(64));
		expect(messageOf(bytes('c'.repeat(63)))).toBe('c'.repeat(63));
		expect(() => messageOf(new Uint8Array([0xff]))).toThrow();
		fc.assert(
			fc.property(fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 20 }), (list) => {
				for (const b of list) expect(ours(messageOf, b)).toBe(strict(b));
			}),
			{ numRuns: 500 }
		);
	});
});

describe('checkValues', () => {
	it('refuses a string value that is not UTF-8, ASCII or not', () => {
		const str = (b: number[]) => () => checkValues([(b.length << 4) | 6], new Uint8Array(b));
		expect(str([0x61, 0x62])).not.toThrow();
		expect(str([0x68, 0xc3, 0xa9])).not.toThrow();
		expect(str([0x61, 0xff])).toThrow();
		expect(str([0xc3])).toThrow();
	});
});
