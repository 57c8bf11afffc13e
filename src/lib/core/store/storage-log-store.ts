/**
 * A {@link LogStore} over any automerge-repo `StorageAdapterInterface` (IndexedDB in the
 * browser, NodeFS in Node, {@link MemoryStorageAdapter} in tests).
 *
 * Keys (after an optional namespace):
 * - `['entries', authorHex, logId decimal, seq]`: the entry bytes;
 * - `['payloads', authorHex, logId decimal, seq]`: the payload, when held;
 * - `['logs', authorHex, logId decimal]`: a marker per log, so listing logs reads no entries.
 *
 * `seq` is zero-padded to 16 digits (2^53 - 1 has 16), so keys sort in seq order; results are
 * sorted anyway, since adapters promise no order. Prefix matches are re-checked element by
 * element, since some adapters match string prefixes (the NodeFS adapter's cache lets log 1
 * match log 10).
 *
 * One `StorageLogStore` should own its keys: it caches each log's highest seq after first
 * reading it, and serialises writes per log within this instance only.
 * @module
 */
import type { StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo/slim';
import { bytesEqual } from '../bytes.js';
import {
	authorHex,
	checkSeq,
	compareLogs,
	requirePosition,
	type AuthorRef,
	type LogRef,
	type LogStore,
	type PutOutcome,
	type StoredEntry
} from './log-store.js';

/** Options of {@link StorageLogStore}. */
export interface StorageLogStoreOptions {
	/**
	 * Key elements put before every key, to share one adapter with other data. With the NodeFS
	 * adapter the first key element should be at least 3 characters (it splits it in two).
	 */
	readonly namespace?: readonly string[];
}

const MARKER = Uint8Array.of(1);

/** The seq as a fixed-width key element: 16 decimal digits. */
export function seqKey(seqNum: number): string {
	return String(checkSeq(seqNum)).padStart(16, '0');
}

/** Entries in an automerge-repo storage adapter; see the module comment for the key layout. */
export class StorageLogStore implements LogStore {
	readonly #storage: StorageAdapterInterface;
	readonly #ns: readonly string[];
	/** Highest seq per log, once read. */
	readonly #latest = new Map<string, number>();
	/** Tail of the queue of operations per log. */
	readonly #queues = new Map<string, Promise<unknown>>();

	constructor(storage: StorageAdapterInterface, opts: StorageLogStoreOptions = {}) {
		this.#storage = storage;
		this.#ns = opts.namespace ?? [];
	}

	#key(...parts: string[]): StorageKey {
		return [...this.#ns, ...parts];
	}

	/** The elements after `prefix` when `key` starts with it and has `rest` more; else undefined. */
	#tail(key: StorageKey, prefix: StorageKey, rest: number): string[] | undefined {
		if (key.length !== prefix.length + rest) return undefined;
		for (let i = 0; i < prefix.length; i++) if (key[i] !== prefix[i]) return undefined;
		return key.slice(prefix.length);
	}

	/** Runs `fn` after every earlier operation queued for the same log. */
	#serial<T>(log: string, fn: () => Promise<T>): Promise<T> {
		const prev = this.#queues.get(log) ?? Promise.resolve();
		const run = prev.then(fn, fn);
		const tail = run.catch(() => undefined);
		this.#queues.set(log, tail);
		void tail.then(() => {
			if (this.#queues.get(log) === tail) this.#queues.delete(log);
		});
		return run;
	}

	async #readLatest(author: string, logId: string): Promise<number> {
		const cached = this.#latest.get(`${author}/${logId}`);
		if (cached !== undefined) return cached;
		const prefix = this.#key('entries', author, logId);
		let max = 0;
		for (const chunk of await this.#storage.loadRange(prefix)) {
			const t = this.#tail(chunk.key, prefix, 1);
			const n = t && chunk.data ? Number(t[0]) : NaN;
			if (Number.isSafeInteger(n) && n > max) max = n;
		}
		this.#latest.set(`${author}/${logId}`, max);
		return max;
	}

	async put(entry: Uint8Array, payload?: Uint8Array): Promise<PutOutcome> {
		const p = requirePosition(entry);
		const log = String(p.logId);
		return this.#serial(`${p.author}/${log}`, async () => {
			const key = this.#key('entries', p.author, log, seqKey(p.seqNum));
			const held = await this.#storage.load(key);
			if (held && !bytesEqual(held, entry)) return 'conflict';
			const savePayload = payload
				? this.#storage.save(this.#key('payloads', p.author, log, seqKey(p.seqNum)), payload)
				: undefined;
			if (held) {
				await savePayload;
				return 'unchanged';
			}
			const latest = await this.#readLatest(p.author, log);
			// The marker first: after a crash it may name a log with no entries, never the reverse.
			if (latest === 0) await this.#storage.save(this.#key('logs', p.author, log), MARKER);
			// Entry and payload are written side by side; an entry whose payload did not make it
			// before a crash is a known state (putPayload, or a peer, fills it in).
			await Promise.all([this.#storage.save(key, entry), savePayload]);
			if (p.seqNum > latest) this.#latest.set(`${p.author}/${log}`, p.seqNum);
			return 'added';
		});
	}

	async putPayload(
		author: AuthorRef,
		logId: bigint,
		seqNum: number,
		payload: Uint8Array
	): Promise<boolean> {
		const a = authorHex(author);
		const seq = seqKey(seqNum);
		return this.#serial(`${a}/${logId}`, async () => {
			if (!(await this.#storage.load(this.#key('entries', a, String(logId), seq)))) return false;
			await this.#storage.save(this.#key('payloads', a, String(logId), seq), payload);
			return true;
		});
	}

	/** Forgets the payload held at a position (a payload refused as unusable). */
	async removePayload(author: AuthorRef, logId: bigint, seqNum: number): Promise<void> {
		const a = authorHex(author);
		await this.#serial(`${a}/${logId}`, () =>
			this.#storage.remove(this.#key('payloads', a, String(logId), seqKey(seqNum)))
		);
	}

	/**
	 * Forgets an entry and its payload (an entry this festival must not keep). The log's
	 * marker goes when its last entry does.
	 */
	async remove(author: AuthorRef, logId: bigint, seqNum: number): Promise<void> {
		const a = authorHex(author);
		const l = String(logId);
		await this.#serial(`${a}/${l}`, async () => {
			await this.#storage.remove(this.#key('payloads', a, l, seqKey(seqNum)));
			await this.#storage.remove(this.#key('entries', a, l, seqKey(seqNum)));
			this.#latest.delete(`${a}/${l}`);
			if ((await this.#readLatest(a, l)) === 0) await this.#storage.remove(this.#key('logs', a, l));
		});
	}

	async get(author: AuthorRef, logId: bigint, seqNum: number): Promise<StoredEntry | undefined> {
		const a = authorHex(author);
		const seq = seqKey(seqNum);
		const [entry, payload] = await Promise.all([
			this.#storage.load(this.#key('entries', a, String(logId), seq)),
			this.#storage.load(this.#key('payloads', a, String(logId), seq))
		]);
		if (!entry) return undefined;
		return { author: a, logId, seqNum, entry, ...(payload ? { payload } : {}) };
	}

	async getPayload(
		author: AuthorRef,
		logId: bigint,
		seqNum: number
	): Promise<Uint8Array | undefined> {
		return this.#storage.load(
			this.#key('payloads', authorHex(author), String(logId), seqKey(seqNum))
		);
	}

	async latest(author: AuthorRef, logId: bigint): Promise<number> {
		const a = authorHex(author);
		return this.#serial(`${a}/${logId}`, () => this.#readLatest(a, String(logId)));
	}

	async logs(): Promise<LogRef[]> {
		const prefix = this.#key('logs');
		const out: LogRef[] = [];
		for (const chunk of await this.#storage.loadRange(prefix)) {
			const t = this.#tail(chunk.key, prefix, 2);
			if (!t || !chunk.data || !/^[0-9a-f]{64}$/.test(t[0]!) || !/^[0-9]+$/.test(t[1]!)) continue;
			out.push({ author: t[0]!, logId: BigInt(t[1]!) });
		}
		return out.sort(compareLogs);
	}

	async range(author: AuthorRef, logId: bigint, fromSeq = 1): Promise<StoredEntry[]> {
		const a = authorHex(author);
		const l = String(logId);
		const entryPrefix = this.#key('entries', a, l);
		const payloadPrefix = this.#key('payloads', a, l);
		const [entries, payloads] = await Promise.all([
			this.#storage.loadRange(entryPrefix),
			this.#storage.loadRange(payloadPrefix)
		]);
		const payloadBySeq = new Map<number, Uint8Array>();
		for (const c of payloads) {
			const t = this.#tail(c.key, payloadPrefix, 1);
			if (t && c.data) payloadBySeq.set(Number(t[0]), c.data);
		}
		const out: StoredEntry[] = [];
		for (const c of entries) {
			const t = this.#tail(c.key, entryPrefix, 1);
			const seqNum = t ? Number(t[0]) : NaN;
			if (!c.data || !Number.isSafeInteger(seqNum) || seqNum < fromSeq) continue;
			const payload = payloadBySeq.get(seqNum);
			out.push({ author: a, logId, seqNum, entry: c.data, ...(payload ? { payload } : {}) });
		}
		return out.sort((x, y) => x.seqNum - y.seqNum);
	}
}
