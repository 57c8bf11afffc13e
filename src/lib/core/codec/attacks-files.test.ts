/** Hostile input against the file-like formats: bundles and entry payloads. */
import { describe, expect, it } from 'vitest';
import { BUNDLE_MAGIC, readBundle, writeBundle } from '../festival/files/bundle.js';
import { changeCount, decodeChanges, encodeChanges } from '../festival/ingest/payload.js';
import { MAX_ENTRY_SIZE, MAX_PAYLOAD_SIZE } from '../log/entry.js';
import { commonAttacks, verdict, type Target } from './attack-kit.fixture.js';
import { BUNDLE, CHANGES, FID_A } from './golden.fixture.js';
import { encode, writeBytes, writeUint8, writeVarUint, type Encoder } from './index.js';

const U64_MAX = 2n ** 64n - 1n;

describe('bundle attacks', () => {
	const bundle: Target<string> = {
		good: writeBundle(BUNDLE),
		read: readBundle,
		truncated: ['truncated', 'magic'],
		trailing: 'malformed'
	};
	commonAttacks(() => bundle);

	/** A bundle: magic, version 1, one festival (id A) and then `rest`. */
	const one = (rest: (e: Encoder) => void) =>
		encode((e) => {
			writeBytes(e, BUNDLE_MAGIC);
			writeVarUint(e, 1);
			writeVarUint(e, 1);
			writeBytes(e, new Uint8Array(32).fill(0xa1));
			rest(e);
		});
	const v = (b: Uint8Array) => verdict(bundle, b);
	const head = (...fields: (number | bigint)[]) =>
		encode((e) => {
			writeBytes(e, BUNDLE_MAGIC);
			for (const f of fields) writeVarUint(e, f);
		});

	it('wrong magic, the empty file: magic', () => {
		expect(v(new TextEncoder().encode('PK\u0003\u0004 a zip file'))).toMatch(/^magic: /);
		expect(v(new Uint8Array(0))).toMatch(/^magic: /);
		expect(v(new TextEncoder().encode('FESTBNDX'))).toMatch(/^magic: /);
	});

	it('wrong version: version, even one as large as a varu64 holds', () => {
		expect(v(head(2, 0))).toMatch(/^version: bundle version 2 is not supported/);
		expect(v(head(0, 0))).toMatch(/^version: /);
		expect(v(head(U64_MAX, 0))).toMatch(/^version: bundle version 18446744073709551615/);
	});

	it('overlong varints (non-canonical) are malformed, wherever they are', () => {
		const overlong = Uint8Array.of(0xf8, 0x01);
		expect(v(encode((e) => (writeBytes(e, BUNDLE_MAGIC), writeBytes(e, overlong))))).toMatch(
			/^malformed: the bundle version is not a canonical varu64/
		);
		expect(v(one((e) => (writeVarUint(e, 1), writeBytes(e, Uint8Array.of(0xf9, 0, 5)))))).toMatch(
			/^malformed: the length of entry 1 of festival 1 is not a canonical/
		);
	});

	it('varint cut short or overflowing the count: truncated or too-large', () => {
		expect(v(encode((e) => (writeBytes(e, BUNDLE_MAGIC), writeUint8(e, 0xff))))).toMatch(
			/^truncated: .*ends inside the bundle version/
		);
		expect(v(head(1, U64_MAX))).toMatch(/^too-large: the festival count is 18446744073709551615/);
	});

	it('huge declared counts are refused before anything is allocated', () => {
		const t = Date.now();
		expect(v(head(1, 2n ** 40n))).toMatch(/^truncated: .*festival count is 1099511627776/);
		expect(v(one((e) => writeVarUint(e, 2n ** 50n)))).toMatch(
			/^truncated: .*entry count of festival 1 is 1125899906842624/
		);
		expect(Date.now() - t).toBeLessThan(1000);
	});

	it('a length prefix larger than the rest: truncated', () => {
		const entry = (len: number, sent: number) =>
			one((e) => (writeVarUint(e, 1), writeVarUint(e, len), writeBytes(e, new Uint8Array(sent))));
		expect(v(entry(50, 10))).toMatch(/^truncated: .*length of entry 1 of festival 1 is 50/);
		const payload = one((e) => {
			writeVarUint(e, 1);
			writeVarUint(e, 3);
			writeBytes(e, Uint8Array.of(1, 2, 3));
			writeVarUint(e, 1000);
			writeBytes(e, Uint8Array.of(1, 2, 3));
		});
		expect(v(payload)).toMatch(/^truncated: .*payload length of entry 1 of festival 1 is 1000/);
	});

	it('an entry over MAX_ENTRY_SIZE or a payload over MAX_PAYLOAD_SIZE: too-large', () => {
		const entry = (len: number) =>
			writeBundle([{ id: FID_A, entries: [{ bytes: new Uint8Array(len) }] }]);
		expect(v(entry(MAX_ENTRY_SIZE))).toBe('ok');
		expect(v(entry(MAX_ENTRY_SIZE + 1))).toMatch(
			new RegExp(`^too-large: the length of entry 1 of festival 1 is ${MAX_ENTRY_SIZE + 1}`)
		);
		const big = one((e) => {
			writeVarUint(e, 1);
			writeVarUint(e, 1);
			writeUint8(e, 1);
			writeVarUint(e, MAX_PAYLOAD_SIZE + 1);
		});
		expect(v(big)).toMatch(/^too-large: the payload length of entry 1 of festival 1/);
	});

	it('an empty entry or a festival listed twice: malformed', () => {
		expect(
			v(one((e) => (writeVarUint(e, 1), writeVarUint(e, 0), writeVarUint(e, 0), writeUint8(e, 0))))
		).toMatch(/^malformed: entry 1 of festival 1 is empty/);
		const twice = encode((e) => {
			writeBytes(e, BUNDLE_MAGIC);
			writeVarUint(e, 1);
			writeVarUint(e, 2);
			for (let i = 0; i < 2; i++) writeBytes(e, new Uint8Array(33).fill(7, 0, 32));
		});
		expect(v(twice)).toMatch(/^malformed: festival 070707070707… is listed twice/);
	});
});

describe('payload attacks', () => {
	const payload: Target<'payload'> = {
		good: encodeChanges(CHANGES),
		read: decodeChanges,
		truncated: ['payload'],
		trailing: 'payload'
	};
	commonAttacks(() => payload);
	const v = (...fields: (number | bigint | Uint8Array)[]) =>
		verdict(
			payload,
			encode((e) => {
				for (const f of fields) {
					if (f instanceof Uint8Array) writeBytes(e, f);
					else writeVarUint(e, f);
				}
			})
		);

	it('truncated at every byte offset says where it ends', () => {
		for (let n = 0; n < payload.good.length; n++)
			expect(verdict(payload, payload.good.subarray(0, n))).toMatch(/ends inside|bytes left/);
	});

	it('wrong version: refused, the number named', () => {
		expect(v(2, 1, 0)).toBe('payload: unknown payload version 2');
		expect(v(0, 1, 0)).toBe('payload: unknown payload version 0');
		expect(v(U64_MAX, 1, 0)).toMatch(/^payload: .*payload version 18446744073709551615/);
	});

	it('overlong varints: not canonical', () => {
		expect(v(Uint8Array.of(0xf8, 1), 1, 0)).toMatch(/payload version is not a canonical varu64/);
		expect(v(1, Uint8Array.of(0xf8, 1), 0)).toMatch(/change count is not a canonical varu64/);
		expect(v(1, 1, Uint8Array.of(0xf8, 0))).toMatch(/length of change 1 is not a canonical/);
	});

	it('no changes, or a huge change count: refused before anything is allocated', () => {
		expect(v(1, 0)).toBe('payload: a payload holds at least one change');
		expect(v(1, U64_MAX, 0)).toMatch(/change count is 18446744073709551615, over the limit/);
		expect(v(1, 2n ** 40n, new Uint8Array(20))).toMatch(/more than the 20 bytes left/);
	});

	it('a change length larger than the rest: refused', () => {
		expect(v(1, 1, 50, new Uint8Array(10))).toMatch(/length of change 1 is 50, more than the 10/);
		expect(v(1, 2, 1, Uint8Array.of(9), 2, Uint8Array.of(1))).toMatch(/length of change 2 is 2/);
	});

	it('changeCount reads the header only and answers undefined for hostile ones', () => {
		expect(changeCount(payload.good)).toBe(CHANGES.length);
		expect(changeCount(Uint8Array.of(1, 2, 0, 0, 0xff))).toBe(2);
		for (const bad of [[], [1], [2, 1, 0], [1, 0], [0xf8, 1, 1, 0], [1, 0xff, 1, 2]])
			expect(changeCount(Uint8Array.from(bad)), `${bad}`).toBeUndefined();
	});
});
