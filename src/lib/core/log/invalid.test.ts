import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../bytes.js';
import { nobleBackend } from '../crypto/ed25519.js';
import {
	decodeAndVerify,
	decodeEntry,
	encodeHash,
	encodeVaru64,
	LogBook,
	MAX_PAYLOAD_SIZE,
	signEntry,
	YAMF,
	type Entry
} from './index.js';

const dir = new URL('../../../../tests/fixtures/bamboo/', import.meta.url);
const v = JSON.parse(readFileSync(new URL('blake2b-yamf.json', dir), 'utf8'));
const five = v.fiveValidEntries.entries.map((e: { encoded: string; payload: string }) => ({
	bytes: fromHex(e.encoded)!,
	payload: fromHex(e.payload)!
}));
const signer = {
	publicKey: fromHex(v.fiveValidEntries.author.public)!,
	secretKey: fromHex(v.fiveValidEntries.author.secret)!
};
const entry2 = five[1]!.bytes as Uint8Array;

/** Re-encodes the signed part with some bytes spliced in and signs it properly. */
async function resign(unsigned: Uint8Array): Promise<Uint8Array> {
	const { detectBackend } = await import('../crypto/ed25519.js');
	const sig = await (await detectBackend()).sign(signer.secretKey, unsigned);
	return concatBytes(unsigned, sig);
}

async function writeLog(
	n: number,
	opts: { endAt?: number; payload?: (i: number) => Uint8Array } = {}
): Promise<Entry[]> {
	const out: Entry[] = [];
	const { lipmaa } = await import('./lipmaa.js');
	for (let i = 1; i <= n; i++) {
		out.push(
			await signEntry(signer, {
				logId: 7n,
				seqNum: i,
				payload: opts.payload?.(i) ?? new TextEncoder().encode(`payload ${i}`),
				...(i > 1 ? { previous: out[i - 2]!.bytes } : {}),
				...(i > 1 && lipmaa(i) !== i - 1 ? { lipmaaEntry: out[lipmaa(i) - 1]!.bytes } : {}),
				endOfLog: opts.endAt === i
			})
		);
	}
	return out;
}

describe('untrusted entry bytes', () => {
	it('every single-bit flip of a valid entry is rejected, never thrown', async () => {
		// Entry 2 with its payload and predecessor: a flip anywhere must fail decoding,
		// the signature, the payload check, or the backlink check.
		const book = new LogBook();
		expect((await book.add(five[0]!.bytes, five[0]!.payload)).ok).toBe(true);
		const flips: { bytes: Uint8Array; payload: Uint8Array }[] = [];
		for (let i = 0; i < entry2.length * 8; i++) {
			const b = entry2.slice();
			b[i >> 3]! ^= 1 << (i & 7);
			flips.push({ bytes: b, payload: five[1]!.payload });
		}
		const results = await book.addMany(flips);
		const accepted = results.filter((r) => r.ok).length;
		expect(accepted).toBe(0);
		for (const r of results) expect(!r.ok && r.error.reason.length).toBeGreaterThan(5);
		// And the honest entry still goes in afterwards: nothing was poisoned.
		expect((await book.add(entry2, five[1]!.payload)).ok).toBe(true);
	});

	it('a flipped payload bit is caught by the payload hash', async () => {
		const p = five[1]!.payload.slice();
		p[3] ^= 4;
		const r = await decodeAndVerify(entry2, p);
		expect(!r.ok && r.error.code).toBe('payload-hash-mismatch');
		const short = await decodeAndVerify(entry2, p.subarray(1));
		expect(!short.ok && short.error.code).toBe('payload-size-mismatch');
	});

	it('every truncation of a valid entry is rejected as truncated', () => {
		for (let len = 0; len < entry2.length; len++) {
			const r = decodeEntry(entry2.subarray(0, len));
			expect(r.ok).toBe(false);
			expect(!r.ok && r.error.code).toBe('truncated');
		}
	});

	it('trailing bytes are rejected', () => {
		const r = decodeEntry(concatBytes(entry2, Uint8Array.of(0)));
		expect(!r.ok && r.error.code).toBe('trailing');
	});

	it('unknown tags are rejected', () => {
		for (const tag of [2, 3, 0x80, 0xff]) {
			const b = entry2.slice();
			b[0] = tag;
			const r = decodeEntry(b);
			expect(!r.ok && r.error.code).toBe('tag');
			expect(!r.ok && r.error.reason).toContain(String(tag));
		}
	});

	it('non-canonical varu64 for log id, seq and payload size is rejected even when signed', async () => {
		const author = entry2.subarray(1, 33);
		const rest = entry2.subarray(35, entry2.length - 64); // backlink, size, payload hash
		const cases = [
			concatBytes(Uint8Array.of(0), author, Uint8Array.of(248, 0), Uint8Array.of(2), rest), // log id 0 in two bytes
			concatBytes(Uint8Array.of(0), author, Uint8Array.of(0), Uint8Array.of(248, 2), rest), // seq 2 in two bytes
			concatBytes(
				Uint8Array.of(0),
				author,
				Uint8Array.of(0),
				Uint8Array.of(2),
				entry2.subarray(35, 35 + 66),
				Uint8Array.of(249, 0, 16),
				entry2.subarray(35 + 67, entry2.length - 64)
			)
		];
		for (const unsigned of cases) {
			const r = decodeEntry(await resign(unsigned));
			expect(!r.ok && r.error.code).toBe('non-canonical');
		}
	});

	it('seq 0 is rejected', async () => {
		const first = five[0]!.bytes as Uint8Array;
		const b = first.slice(0, first.length - 64);
		b[34] = 0;
		const r = decodeEntry(await resign(b));
		expect(!r.ok && r.error.code).toBe('seq-zero');
	});

	it('a missing backlink or an extra lipmaa link does not decode', async () => {
		// Entry 2 with its backlink removed: the payload size is read where the link should be.
		const noLink = concatBytes(
			entry2.subarray(0, 35),
			entry2.subarray(35 + 66, entry2.length - 64)
		);
		expect(decodeEntry(await resign(noLink)).ok).toBe(false);
		// Entry 2 with an extra lipmaa link (lipmaa(2) = 1 = n - 1, so none is allowed).
		const extra = concatBytes(
			entry2.subarray(0, 35),
			encodeHash(YAMF, Uint8Array.of(1)),
			entry2.subarray(35, entry2.length - 64)
		);
		expect(decodeEntry(await resign(extra)).ok).toBe(false);
		// Entry 1 with a backlink it must not have.
		const first = five[0]!.bytes as Uint8Array;
		const withLink = concatBytes(
			first.subarray(0, 35),
			encodeHash(YAMF, Uint8Array.of(1)),
			first.subarray(35, first.length - 64)
		);
		expect(decodeEntry(await resign(withLink)).ok).toBe(false);
	});

	it('a link hash with the wrong suite prefix is rejected with the reason', async () => {
		const b = entry2.slice(0, entry2.length - 64);
		b[36] = 0x20; // 00 20 is YASMF, not YAMF
		const r = decodeEntry(await resign(b));
		expect(!r.ok && r.error.code).toBe('hash-format');
		expect(!r.ok && r.error.reason).toMatch(/YAMF/);
	});

	it('a payload size over the limit is refused before hashing', async () => {
		const first = five[0]!.bytes as Uint8Array;
		const unsigned = concatBytes(
			first.subarray(0, 35),
			encodeVaru64(MAX_PAYLOAD_SIZE + 1),
			first.subarray(36, first.length - 64)
		);
		const r = decodeEntry(await resign(unsigned));
		expect(!r.ok && r.error.code).toBe('payload-size');
		expect(
			await signEntry(signer, {
				logId: 0n,
				seqNum: 1,
				payload: new Uint8Array(MAX_PAYLOAD_SIZE + 1)
			}).catch((e) => e)
		).toBeInstanceOf(RangeError);
	});

	it('random garbage never throws', async () => {
		let seed = 42;
		const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed & 0xff);
		for (let i = 0; i < 2000; i++) {
			const len = rnd() + (i % 3) * 100;
			const b = Uint8Array.from({ length: len }, rnd);
			if (i % 2) b[0] = 0;
			const r = await decodeAndVerify(b);
			expect(r.ok).toBe(false);
		}
	});
});

describe('log validation', () => {
	let log: Entry[];
	beforeAll(async () => {
		log = await writeLog(20);
	});

	it('admits a whole log in order, and again idempotently', async () => {
		const book = new LogBook();
		for (const e of log) expect((await book.add(e.bytes)).ok).toBe(true);
		for (const e of log) expect((await book.add(e.bytes)).ok).toBe(true);
		expect(book.latest(signer.publicKey, 7n)).toBe(20);
	});

	it('refuses an entry whose certificate pool is not held', async () => {
		const book = new LogBook();
		await book.add(log[0]!.bytes);
		const r = await book.add(log[2]!.bytes); // 3 -> needs 2
		expect(!r.ok && r.error.code).toBe('missing-link');
		expect(!r.ok && r.error.reason).toMatch(/entry 2/);
	});

	it('detects a fork at one seq and keeps both entries as proof', async () => {
		const other = await signEntry(signer, {
			logId: 7n,
			seqNum: 5,
			payload: Uint8Array.of(9),
			previous: log[3]!.bytes,
			lipmaaEntry: log[3]!.bytes
		});
		const book = new LogBook();
		for (const e of log.slice(0, 5)) await book.add(e.bytes);
		const r = await book.add(other.bytes);
		expect(!r.ok && r.error.code).toBe('fork');
		expect(r.fork?.held.bytes).toEqual(log[4]!.bytes);
		expect(r.fork?.other.bytes).toEqual(other.bytes);
		expect(book.forks).toHaveLength(1);
		expect(book.forkedFrom(signer.publicKey, 7n)).toBe(5);
		// The log is invalid from 5 on: entry 6 is no longer admitted.
		const six = await book.add(log[5]!.bytes);
		expect(!six.ok && six.error.code).toBe('forked-log');
		// Entries before the fork are still held.
		expect(book.get(signer.publicKey, 7n, 4)).toBeDefined();
	});

	it('detects a fork through a backlink that disagrees with the held predecessor', async () => {
		const alt = await writeLog(6, { payload: (i) => Uint8Array.of(i, 1) });
		const book = new LogBook();
		for (const e of log.slice(0, 5)) await book.add(e.bytes);
		const r = await book.add(alt[5]!.bytes); // links to alt's 5 (and lipmaa 4?)
		expect(r.ok).toBe(false);
		expect(!r.ok && ['backlink-mismatch', 'lipmaa-mismatch'].includes(r.error.code)).toBe(true);
		expect(book.forkedFrom(signer.publicKey, 7n)).toBeDefined();
	});

	it('refuses entries after the end of the log', async () => {
		const ended = await writeLog(4, { endAt: 3 });
		const book = new LogBook();
		for (const e of ended.slice(0, 3)) expect((await book.add(e.bytes)).ok).toBe(true);
		const r = await book.add(ended[3]!.bytes);
		expect(!r.ok && r.error.code).toBe('after-end');
	});

	it('an entry signed by another key is rejected', async () => {
		const b = log[0]!.bytes.slice();
		b[5]! ^= 1; // author key changed: signature no longer matches
		const r = await new LogBook().add(b);
		expect(!r.ok && r.error.code).toBe('signature');
	});
});

describe('LogBook lookups', () => {
	it('keeps the held entry when the same entry is trusted again, its hash computed once', async () => {
		const book = new LogBook({ backend: nobleBackend });
		const d = decodeEntry(five[0]!.bytes);
		if (!d.ok) throw new Error('vector did not decode');
		const held = book.trust(d.value);
		const hash = held.hash;
		expect(book.trust(d.value)).toBe(held);
		expect(book.get(signer.publicKey, d.value.logId, 1)!.hash).toBe(hash);
		// Another copy of the same bytes is another entry object: it replaces the held one.
		const copy = decodeEntry(five[0]!.bytes.slice());
		expect(copy.ok && book.trust(copy.value)).not.toBe(held);
	});

	it('finds a log by its author bytes or hex, whichever asked last, and never by stale bytes', async () => {
		const book = new LogBook({ backend: nobleBackend });
		const a = await nobleBackend.publicKey(new Uint8Array(32).fill(1));
		const b = await nobleBackend.publicKey(new Uint8Array(32).fill(2));
		const entryOf = async (pk: Uint8Array, sk: Uint8Array) =>
			signEntry(
				{ publicKey: pk, secretKey: sk },
				{ logId: 1n, seqNum: 1, payload: new Uint8Array(1) },
				{ backend: nobleBackend }
			);
		book.trust(await entryOf(a, new Uint8Array(32).fill(1)));
		// One array reused for two authors: the lookup follows its bytes, not its identity.
		const reused = a.slice();
		expect(book.latest(reused, 1n)).toBe(1);
		reused.set(b);
		expect(book.latest(reused, 1n)).toBe(0);
		reused.set(a);
		expect(book.latest(toHex(a), 1n)).toBe(1);
		// Keys are lower-case hex: an upper-case spelling is another key, as it always was.
		expect(book.latest(toHex(a).toUpperCase(), 1n)).toBe(0);
		expect(book.latest(reused, 1n)).toBe(1);
		expect(book.latest(reused, 2n)).toBe(0);
	});
});
