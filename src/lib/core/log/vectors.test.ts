import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes.js';
import { nobleBackend, webCryptoBackend } from '../crypto/ed25519.js';
import {
	decodeEntry,
	encodeHash,
	lipmaa,
	LogBook,
	signEntry,
	signEntrySync,
	verifyLog,
	YAMF,
	YASMF,
	type Entry,
	type HashSuite
} from './index.js';

// The published bamboo vectors (tests/fixtures/bamboo/README.md: source and licence).
const dir = new URL('../../../../tests/fixtures/bamboo/', import.meta.url);
const read = (f: string) => JSON.parse(readFileSync(new URL(f, dir), 'utf8'));

interface VectorEntry {
	encoded: string;
	payload?: string;
	decoded: {
		author: string;
		backlink: Record<string, string> | null;
		lipmaaLink: Record<string, string> | null;
		isEndOfFeed: boolean;
		logId: number;
		seqNum: number;
		payloadSize: number;
		payloadHash: Record<string, string>;
		sig: string;
	};
}

const hex = (h: string) => fromHex(h)!;
/** An entry's fields with every array as hex, to compare entries made and decoded. */
const fieldsOf = (e: Entry) =>
	Object.fromEntries(
		Object.entries(e).map(([k, v]) => [k, v instanceof Uint8Array ? toHex(v) : v])
	);
const digestOf = (h: Record<string, string> | null) => (h ? Object.values(h)[0]! : null);
const backends = [nobleBackend, webCryptoBackend(globalThis.crypto.subtle)];

for (const [file, suite] of [
	['blake2b-yamf.json', YAMF],
	['blake3-yasmf.json', YASMF]
] as [string, HashSuite][]) {
	const v = read(file);
	const secret = hex(v.fiveValidEntries.author.secret);
	const publicKey = hex(v.fiveValidEntries.author.public);
	const sets: [string, VectorEntry[]][] = [
		['validFirstEntry', [v.validFirstEntry]],
		['fiveValidEntries', v.fiveValidEntries.entries],
		['valid_partial_replicated_seq_100', v.valid_partial_replicated_seq_100.entries]
	];

	describe(`bamboo vectors, ${suite.name}`, () => {
		for (const [name, entries] of sets) {
			it(`${name}: decodes every entry to the published fields`, () => {
				for (const e of entries) {
					const d = decodeEntry(hex(e.encoded), suite);
					expect(d.ok, JSON.stringify(!d.ok && d.error)).toBe(true);
					if (!d.ok) continue;
					const x = d.value;
					expect(toHex(x.author)).toBe(e.decoded.author);
					expect(x.logId).toBe(BigInt(e.decoded.logId));
					expect(x.seqNum).toBe(e.decoded.seqNum);
					expect(x.endOfLog).toBe(e.decoded.isEndOfFeed);
					expect(x.payloadSize).toBe(e.decoded.payloadSize);
					expect(toHex(x.payloadHash.subarray(2))).toBe(digestOf(e.decoded.payloadHash));
					expect(x.backlink ? toHex(x.backlink.subarray(2)) : null).toBe(
						digestOf(e.decoded.backlink)
					);
					expect(x.lipmaaLink ? toHex(x.lipmaaLink.subarray(2)) : null).toBe(
						digestOf(e.decoded.lipmaaLink)
					);
					expect(toHex(x.signature)).toBe(e.decoded.sig);
				}
			});

			for (const backend of backends) {
				it(`${name}: verifies as a log (${backend.name})`, async () => {
					const verdicts = await verifyLog(
						entries.map((e) => ({
							bytes: hex(e.encoded),
							...(e.payload ? { payload: hex(e.payload) } : {})
						})),
						{ suite, backend }
					);
					for (const v of verdicts)
						expect(v.result.ok, JSON.stringify(!v.result.ok && v.result.error)).toBe(true);
				});
			}
		}

		for (const [title, byHash, sync] of [
			['fiveValidEntries: signing reproduces every entry byte for byte', false, false],
			["fiveValidEntries: signing from the links' hashes alone gives the same bytes", true, false],
			['fiveValidEntries: signing synchronously gives the same bytes and fields', true, true]
		] as const) {
			it(title, async () => {
				const made: Uint8Array[] = [];
				// the links as the entries they are, or as those entries' hashes only
				const link = (i: number) =>
					byHash ? encodeHash(suite, made[i]!) : (made[i] as Uint8Array);
				for (const e of v.fiveValidEntries.entries as VectorEntry[]) {
					const n = e.decoded.seqNum;
					const lip = n > 1 && lipmaa(n) !== n - 1;
					const links = byHash
						? {
								...(n > 1 ? { previousHash: link(n - 2) } : {}),
								...(lip ? { lipmaaHash: link(lipmaa(n) - 1) } : {})
							}
						: {
								...(n > 1 ? { previous: link(n - 2) } : {}),
								...(lip ? { lipmaaEntry: link(lipmaa(n) - 1) } : {})
							};
					const signer = { publicKey, secretKey: secret };
					const made1 = {
						logId: BigInt(e.decoded.logId),
						seqNum: n,
						payload: hex(e.payload!),
						...links,
						endOfLog: e.decoded.isEndOfFeed
					};
					const entry = sync
						? signEntrySync(signer, made1, suite, nobleBackend.signSync!)
						: await signEntry(signer, made1, { suite });
					expect(toHex(entry.bytes)).toBe(e.encoded);
					// The made entry's fields are those its bytes decode to.
					const decoded = decodeEntry(entry.bytes, suite);
					expect(decoded.ok && fieldsOf(decoded.value)).toEqual(fieldsOf(entry));
					made.push(entry.bytes);
				}
			});
		}

		it('validFirstEntry: payload hash is the suite hash of the payload', () => {
			const e = v.validFirstEntry as VectorEntry;
			expect(toHex(encodeHash(suite, hex(e.payload!)))).toBe(
				toHex(Uint8Array.of(...suite.prefix)) + digestOf(e.decoded.payloadHash)
			);
		});

		it('the partial log lacks the middle entries yet every entry is certified', async () => {
			const entries = v.valid_partial_replicated_seq_100.entries as VectorEntry[];
			expect(entries.map((e) => e.decoded.seqNum)).toEqual([1, 4, 13, 40, 80, 93, 97, 98, 99, 100]);
			const book = new LogBook({ suite });
			for (const e of entries) expect((await book.add(hex(e.encoded))).ok).toBe(true);
			expect(book.latest(entries[0]!.decoded.author, 0n)).toBe(100);
		});

		it('the partial log with a hole in its certificate pool is refused with a reason', async () => {
			const entries = (v.valid_partial_replicated_seq_100.entries as VectorEntry[]).filter(
				(e) => e.decoded.seqNum !== 40
			);
			const verdicts = await verifyLog(
				entries.map((e) => ({ bytes: hex(e.encoded) })),
				{ suite }
			);
			const bad = verdicts.find((x) => !x.result.ok)!;
			expect(bad.index).toBe(3); // seq 80 links to 40
			expect(!bad.result.ok && bad.result.error.code).toBe('missing-link');
			expect(!bad.result.ok && bad.result.error.reason).toMatch(/entry 40/);
		});
	});
}
