/**
 * Appending to one's own log: the next entry of (author, log id) signs a payload, with the
 * backlink and lipmaa link taken from the entries the LogBook holds.
 * @module
 */
import { lipmaa, hasLipmaaLink } from '../../log/lipmaa.js';
import type { LogBook } from '../../log/log.js';
import {
	signEntry,
	signEntrySync,
	type CryptoOptions,
	type NewEntry,
	type Signer
} from '../../log/sign.js';
import { YAMF } from '../../log/hash.js';
import type { Entry } from '../../log/entry.js';
import { toHex } from '../../bytes.js';

/** Signs entries for one log, keeping the LogBook up to date. */
export class LogWriter {
	readonly #signer: Signer;
	readonly #logId: bigint;
	readonly #book: LogBook;
	readonly #opts: CryptoOptions;
	/** The author as the book's keys spell it, made once. */
	readonly #author: string;
	#queue: Promise<unknown> = Promise.resolve();
	/** Appends queued and not yet done (those waiting for an asynchronous signature). */
	#pending = 0;

	constructor(signer: Signer, logId: bigint, book: LogBook, opts: CryptoOptions = {}) {
		this.#signer = signer;
		this.#logId = logId;
		this.#book = book;
		this.#opts = opts;
		this.#author = toHex(signer.publicKey);
	}

	get logId(): bigint {
		return this.#logId;
	}

	/**
	 * Appends one entry with `payload`; appends are serialised, so seq numbers never collide.
	 * With a back end that signs synchronously (node:crypto, noble) and no append waiting, the
	 * entry is made and signed right away, with no hop through the event loop.
	 */
	append(payload: Uint8Array): Promise<Entry> {
		if (this.#pending === 0 && this.#opts.backend?.signSync) {
			try {
				return Promise.resolve(this.#appendSync(payload, this.#opts.backend.signSync));
			} catch (e) {
				return Promise.reject(e instanceof Error ? e : new Error(String(e)));
			}
		}
		this.#pending++;
		const next = this.#queue.then(() => this.#append(payload));
		this.#queue = next.catch(() => undefined).finally(() => this.#pending--);
		return next;
	}

	/** The next entry's position and links, from the entries the book holds. */
	#next(payload: Uint8Array): NewEntry {
		const pk = this.#author;
		const n = this.#book.latest(pk, this.#logId) + 1;
		const prev = n > 1 ? this.#book.get(pk, this.#logId, n - 1) : undefined;
		const lip = hasLipmaaLink(n) ? this.#book.get(pk, this.#logId, lipmaa(n)) : undefined;
		if (n > 1 && (!prev || (hasLipmaaLink(n) && !lip))) {
			throw new Error(`cannot append entry ${n}: the log's earlier entries are not loaded`);
		}
		// Written out rather than spread: this runs once per entry.
		const e: { -readonly [K in keyof NewEntry]: NewEntry[K] } = {
			logId: this.#logId,
			seqNum: n,
			payload
		};
		// The book holds their hashes already (computed once per entry).
		if (prev) {
			e.previous = prev.entry.bytes;
			e.previousHash = prev.hash;
		}
		if (lip) {
			e.lipmaaEntry = lip.entry.bytes;
			e.lipmaaHash = lip.hash;
		}
		return e;
	}

	#appendSync(
		payload: Uint8Array,
		signSync: (secret: Uint8Array, message: Uint8Array) => Uint8Array
	): Entry {
		const suite = this.#opts.suite ?? YAMF;
		const entry = signEntrySync(this.#signer, this.#next(payload), suite, signSync);
		this.#book.trust(entry);
		return entry;
	}

	async #append(payload: Uint8Array): Promise<Entry> {
		const entry = await signEntry(this.#signer, this.#next(payload), this.#opts);
		this.#book.trust(entry);
		return entry;
	}
}
