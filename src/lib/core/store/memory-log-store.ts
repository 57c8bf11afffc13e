/**
 * A {@link LogStore} in memory: for tests, and for peers that keep nothing.
 * @module
 */
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

interface Held {
	entry: Uint8Array;
	payload?: Uint8Array;
}

interface MemoryLog extends LogRef {
	readonly entries: Map<number, Held>;
	latest: number;
}

/** Entries in maps; copies bytes in and out so callers cannot change what is stored. */
export class MemoryLogStore implements LogStore {
	readonly #logs = new Map<string, MemoryLog>();

	#log(author: string, logId: bigint, create: true): MemoryLog;
	#log(author: string, logId: bigint, create?: false): MemoryLog | undefined;
	#log(author: string, logId: bigint, create = false): MemoryLog | undefined {
		const key = `${author}/${logId}`;
		let log = this.#logs.get(key);
		if (!log && create) {
			log = { author, logId, entries: new Map(), latest: 0 };
			this.#logs.set(key, log);
		}
		return log;
	}

	async put(entry: Uint8Array, payload?: Uint8Array): Promise<PutOutcome> {
		const p = requirePosition(entry);
		const log = this.#log(p.author, p.logId, true);
		const held = log.entries.get(p.seqNum);
		if (held) {
			if (!bytesEqual(held.entry, entry)) return 'conflict';
			if (payload) held.payload = payload.slice();
			return 'unchanged';
		}
		log.entries.set(p.seqNum, {
			entry: entry.slice(),
			...(payload ? { payload: payload.slice() } : {})
		});
		if (p.seqNum > log.latest) log.latest = p.seqNum;
		return 'added';
	}

	async putPayload(
		author: AuthorRef,
		logId: bigint,
		seqNum: number,
		payload: Uint8Array
	): Promise<boolean> {
		const a = authorHex(author);
		checkSeq(seqNum);
		const held = this.#log(a, logId)?.entries.get(seqNum);
		if (!held) return false;
		held.payload = payload.slice();
		return true;
	}

	async get(author: AuthorRef, logId: bigint, seqNum: number): Promise<StoredEntry | undefined> {
		const a = authorHex(author);
		checkSeq(seqNum);
		const held = this.#log(a, logId)?.entries.get(seqNum);
		return held ? stored(a, logId, seqNum, held) : undefined;
	}

	async getPayload(
		author: AuthorRef,
		logId: bigint,
		seqNum: number
	): Promise<Uint8Array | undefined> {
		const a = authorHex(author);
		checkSeq(seqNum);
		return this.#log(a, logId)?.entries.get(seqNum)?.payload?.slice();
	}

	async latest(author: AuthorRef, logId: bigint): Promise<number> {
		return this.#log(authorHex(author), logId)?.latest ?? 0;
	}

	async logs(): Promise<LogRef[]> {
		return [...this.#logs.values()]
			.filter((l) => l.entries.size > 0)
			.map((l) => ({ author: l.author, logId: l.logId }))
			.sort(compareLogs);
	}

	async range(author: AuthorRef, logId: bigint, fromSeq = 1): Promise<StoredEntry[]> {
		const a = authorHex(author);
		const log = this.#log(a, logId);
		if (!log) return [];
		return [...log.entries.keys()]
			.filter((n) => n >= fromSeq)
			.sort((x, y) => x - y)
			.map((n) => stored(a, logId, n, log.entries.get(n)!));
	}
}

function stored(author: string, logId: bigint, seqNum: number, held: Held): StoredEntry {
	return {
		author,
		logId,
		seqNum,
		entry: held.entry.slice(),
		...(held.payload ? { payload: held.payload.slice() } : {})
	};
}
