/**
 * An acceptance suite every {@link LogStore} implementation runs (vitest), in the manner of
 * automerge-repo's storage adapter suite. Imported by test files only.
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes, toHex } from '../bytes.js';
import { assembleEntry, encodeUnsigned } from '../log/entry.js';
import { hasLipmaaLink } from '../log/lipmaa.js';
import type { LogStore } from './log-store.js';

/** What a setup gives the suite: a fresh, empty store, and how to reopen it if it persists. */
export interface LogStoreSetup {
	readonly store: LogStore;
	/** Opens a new store over the same storage (for persistence across restarts). */
	readonly reopen?: () => Promise<LogStore>;
	readonly teardown?: () => void | Promise<void>;
}

/**
 * Entry bytes at a position, with random links and signature: the store verifies nothing, so
 * the suite needs only well-placed bytes. `salt` makes a different entry at the same place.
 */
export function fakeEntry(
	author: Uint8Array,
	logId: bigint,
	seqNum: number,
	payload = new Uint8Array(),
	salt = 0
): Uint8Array {
	const hash = () => Uint8Array.of(0, 64, ...randomBytes(64));
	const payloadHash = Uint8Array.of(0, 64, salt, ...randomBytes(63));
	const fields = {
		endOfLog: false,
		author,
		logId,
		seqNum,
		...(hasLipmaaLink(seqNum) ? { lipmaaLink: hash() } : {}),
		...(seqNum > 1 ? { backlink: hash() } : {}),
		payloadSize: payload.length,
		payloadHash
	};
	const unsigned = encodeUnsigned(fields);
	return assembleEntry(fields, unsigned, randomBytes(64)).bytes;
}

/** A recognisable 32-byte author key. */
export function fakeAuthor(n: number): Uint8Array {
	return new Uint8Array(32).fill(n);
}

const enc = (s: string) => new TextEncoder().encode(s);

/** Registers the LogStore acceptance tests for the stores `setup` makes. */
export function runLogStoreTests(setup: () => Promise<LogStoreSetup>, title?: string): void {
	describe(`LogStore acceptance tests${title ? ` (${title})` : ''}`, () => {
		let s: LogStoreSetup;
		beforeEach(async () => {
			s = await setup();
		});
		afterEach(async () => {
			await s.teardown?.();
		});
		const alice = fakeAuthor(0xa1);
		const aliceHex = toHex(alice);

		it('is empty at first', async () => {
			expect(await s.store.latest(alice, 0n)).toBe(0);
			expect(await s.store.logs()).toEqual([]);
			expect(await s.store.range(alice, 0n)).toEqual([]);
			expect(await s.store.get(alice, 0n, 1)).toBeUndefined();
			expect(await s.store.getPayload(alice, 0n, 1)).toBeUndefined();
		});

		it('stores an entry with and without a payload under its position', async () => {
			const e1 = fakeEntry(alice, 7n, 1, enc('one'));
			const e2 = fakeEntry(alice, 7n, 2);
			expect(await s.store.put(e1, enc('one'))).toBe('added');
			expect(await s.store.put(e2)).toBe('added');
			expect(await s.store.get(aliceHex, 7n, 1)).toEqual({
				author: aliceHex,
				logId: 7n,
				seqNum: 1,
				entry: e1,
				payload: enc('one')
			});
			expect(await s.store.get(alice, 7n, 2)).toEqual({
				author: aliceHex,
				logId: 7n,
				seqNum: 2,
				entry: e2
			});
			expect(await s.store.getPayload(alice, 7n, 1)).toEqual(enc('one'));
			expect(await s.store.latest(alice, 7n)).toBe(2);
			expect(await s.store.logs()).toEqual([{ author: aliceHex, logId: 7n }]);
		});

		it('accepts an upper-case author hex', async () => {
			await s.store.put(fakeEntry(alice, 0n, 1));
			expect((await s.store.get(aliceHex.toUpperCase(), 0n, 1))?.seqNum).toBe(1);
		});

		it('put is idempotent for identical bytes and adds a payload given later', async () => {
			const e = fakeEntry(alice, 0n, 1, enc('p'));
			expect(await s.store.put(e)).toBe('added');
			expect(await s.store.put(e)).toBe('unchanged');
			expect(await s.store.put(e.slice(), enc('p'))).toBe('unchanged');
			const all = await s.store.range(alice, 0n);
			expect(all).toHaveLength(1);
			expect(all[0]!.payload).toEqual(enc('p'));
			expect(await s.store.latest(alice, 0n)).toBe(1);
		});

		it('keeps the first entry when a different one claims its position', async () => {
			const first = fakeEntry(alice, 0n, 1, enc('a'), 1);
			const other = fakeEntry(alice, 0n, 1, enc('b'), 2);
			expect(await s.store.put(first, enc('a'))).toBe('added');
			expect(await s.store.put(other, enc('b'))).toBe('conflict');
			expect(await s.store.get(alice, 0n, 1)).toMatchObject({ entry: first, payload: enc('a') });
		});

		it('decides concurrent puts at one position one way', async () => {
			const [x, y] = [fakeEntry(alice, 0n, 1, undefined, 1), fakeEntry(alice, 0n, 1, undefined, 2)];
			const outcomes = await Promise.all([s.store.put(x), s.store.put(y)]);
			expect(outcomes.sort()).toEqual(['added', 'conflict']);
			const held = (await s.store.get(alice, 0n, 1))!.entry;
			expect(held).toEqual(outcomes[0] === 'added' ? x : y);
		});

		it('returns a range in seq order with gaps, from any seq', async () => {
			const seqs = [100, 1, 40, 4, 13, 80, 93, 97, 99, 98, 9, 10];
			for (const n of seqs) await s.store.put(fakeEntry(alice, 3n, n));
			const sorted = [...seqs].sort((a, b) => a - b);
			expect((await s.store.range(alice, 3n)).map((e) => e.seqNum)).toEqual(sorted);
			expect((await s.store.range(alice, 3n, 40)).map((e) => e.seqNum)).toEqual([
				40, 80, 93, 97, 98, 99, 100
			]);
			expect((await s.store.range(alice, 3n, 41)).map((e) => e.seqNum)).toEqual([
				80, 93, 97, 98, 99, 100
			]);
			expect(await s.store.range(alice, 3n, 101)).toEqual([]);
			expect(await s.store.latest(alice, 3n)).toBe(100);
		});

		it('keeps log 1 apart from logs 10 and 100, and handles extreme ids and seqs', async () => {
			const big = (1n << 64n) - 1n;
			for (const l of [1n, 10n, 100n, big])
				await s.store.put(fakeEntry(alice, l, l === 1n ? 2 ** 40 : 1));
			expect((await s.store.range(alice, 1n)).map((e) => e.seqNum)).toEqual([2 ** 40]);
			expect(await s.store.latest(alice, 10n)).toBe(1);
			expect(await s.store.latest(alice, 1n)).toBe(2 ** 40);
			expect(await s.store.latest(alice, big)).toBe(1);
			expect((await s.store.logs()).map((l) => l.logId)).toEqual([1n, 10n, 100n, big]);
		});

		it('holds many logs of many authors', async () => {
			const authors = Array.from({ length: 8 }, (_, i) => fakeAuthor(i + 1));
			const puts: Promise<unknown>[] = [];
			for (const [i, a] of authors.entries()) {
				for (let l = 0n; l < 5n; l++) {
					const count = 3 + ((i + Number(l)) % 4);
					for (let n = count; n >= 1; n--)
						puts.push(
							s.store.put(fakeEntry(a, l * 1000n, n, enc(`${i}/${l}/${n}`)), enc(`${i}/${l}/${n}`))
						);
				}
			}
			await Promise.all(puts);
			const logs = await s.store.logs();
			expect(logs).toHaveLength(40);
			expect(logs).toEqual(
				authors.flatMap((a) =>
					[0n, 1000n, 2000n, 3000n, 4000n].map((logId) => ({ author: toHex(a), logId }))
				)
			);
			for (const [i, a] of authors.entries()) {
				for (let l = 0n; l < 5n; l++) {
					const count = 3 + ((i + Number(l)) % 4);
					const r = await s.store.range(a, l * 1000n);
					expect(r.map((e) => e.seqNum)).toEqual(Array.from({ length: count }, (_, k) => k + 1));
					expect(r.map((e) => new TextDecoder().decode(e.payload))).toEqual(
						r.map((e) => `${i}/${l}/${e.seqNum}`)
					);
					expect(await s.store.latest(a, l * 1000n)).toBe(count);
				}
			}
		});

		it('stores a payload for a held entry only', async () => {
			expect(await s.store.putPayload(alice, 0n, 1, enc('x'))).toBe(false);
			expect(await s.store.getPayload(alice, 0n, 1)).toBeUndefined();
			await s.store.put(fakeEntry(alice, 0n, 1, enc('x')));
			expect(await s.store.putPayload(alice, 0n, 1, enc('x'))).toBe(true);
			expect((await s.store.get(alice, 0n, 1))?.payload).toEqual(enc('x'));
		});

		it('refuses bytes without a position and bad arguments', async () => {
			await expect(s.store.put(new Uint8Array())).rejects.toThrow(RangeError);
			await expect(s.store.put(Uint8Array.of(7, 1, 2))).rejects.toThrow(/tag/);
			await expect(s.store.put(Uint8Array.of(0, ...alice, 0, 0))).rejects.toThrow(
				/sequence number 0/
			);
			await expect(s.store.get('nope', 0n, 1)).rejects.toThrow(/author/);
			await expect(s.store.get(alice, 0n, 0)).rejects.toThrow(/sequence number/);
			expect(await s.store.logs()).toEqual([]);
		});

		it('keeps everything across a reopen', async (ctx) => {
			if (!s.reopen) return ctx.skip();
			const bob = fakeAuthor(0xb0);
			const e = [1, 2, 4].map((n) => fakeEntry(alice, 5n, n, enc(`p${n}`)));
			for (const [i, x] of e.entries()) await s.store.put(x, enc(`p${[1, 2, 4][i]}`));
			await s.store.put(fakeEntry(bob, 0n, 1));
			const again = await s.reopen();
			expect(await again.latest(alice, 5n)).toBe(4);
			expect(await again.logs()).toEqual([
				{ author: aliceHex, logId: 5n },
				{ author: toHex(bob), logId: 0n }
			]);
			const r = await again.range(alice, 5n);
			expect(r.map((x) => x.entry)).toEqual(e);
			expect(r.map((x) => new TextDecoder().decode(x.payload))).toEqual(['p1', 'p2', 'p4']);
			expect(await again.put(e[0]!)).toBe('unchanged');
			expect(await again.put(fakeEntry(alice, 5n, 1, undefined, 9))).toBe('conflict');
			expect(await again.put(fakeEntry(alice, 5n, 5))).toBe('added');
			expect(await again.latest(alice, 5n)).toBe(5);
		});
	});
}
