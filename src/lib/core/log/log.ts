/**
 * Log validation across entries (bamboo README, "Links and Entry Verification" and "Partial
 * Replication"). A {@link LogBook} holds the verified entries of any number of logs and
 * admits a new entry only when:
 * - it decodes and its signature (and payload, when given) verifies;
 * - its lipmaa target (for n > 1; the backlink when lipmaa(n) = n - 1) is held and the link
 *   hash matches, so every admitted entry is certified back to seq 1 (the certificate pool);
 * - its backlink matches entry n - 1 when that is held, and held successors that link to it
 *   match it in turn;
 * - no earlier held entry ends the log;
 * - it is not a second, different entry at an author/log/seq already held. That is a fork:
 *   both entries are kept as proof and the log is invalid from that seq on.
 * @module
 */
import { bytesEqual, toHex } from '../bytes.js';
import { err, ok, type Result } from '../result.js';
import { decodeEntry, type Entry } from './entry.js';
import { encodeHash, YAMF, type HashSuite } from './hash.js';
import { lipmaa } from './lipmaa.js';
import { logKey, Logs, type LogState as State } from './logs.js';
import type { CryptoOptions } from './sign.js';
import { verifyEntry, type VerifyProblem } from './verify.js';
import { verifyEntries } from './verify-batch.js';

export { logKey };

/** How many verified entries may wait for their certificate at once. */
export const MAX_ORPHANS = 100_000;

/** How many bytes (entries and payloads) the entries waiting for their certificate may hold. */
export const MAX_ORPHAN_BYTES = 64 * 1024 * 1024;

/** A verified entry waiting for the entry its certificate link names. */
interface Orphan {
	readonly key: string;
	readonly log: string;
	/** The seq it links to (lipmaa(n), or n - 1 when there is no separate lipmaa link). */
	readonly target: number;
	readonly entry: Entry;
	readonly hash: Uint8Array | undefined;
	readonly payload?: Uint8Array;
	readonly size: number;
}

/** Failure codes of {@link LogBook.add}. */
export type LogProblem =
	| VerifyProblem
	| 'missing-link'
	| 'lipmaa-mismatch'
	| 'backlink-mismatch'
	| 'after-end'
	| 'fork'
	| 'forked-log';

/** Two different, validly signed entries by one author for one log position. */
export interface ForkProof {
	readonly author: string;
	readonly logId: bigint;
	readonly seqNum: number;
	readonly held: Entry;
	readonly other: Entry;
}

/** An admitted entry and its encoded hash (what later entries link to). */
export interface HeldEntry {
	readonly entry: Entry;
	readonly hash: Uint8Array;
}

/** An entry that waited for its certificate and has been admitted since. */
export interface ReleasedOrphan {
	readonly held: HeldEntry;
	readonly payload?: Uint8Array;
	/** Set when the same entry had been admitted meanwhile (this copy may bring its payload). */
	readonly duplicate?: true;
}

/** A failure from {@link LogBook.add}; a fork carries its proof. */
export type LogResult = Result<HeldEntry, LogProblem> & {
	readonly fork?: ForkProof;
	/** Set when the entry was already held (same bytes). */
	readonly duplicate?: true;
};

/**
 * An entry admitted on trust: its hash is computed on first use, so resuming a long log costs
 * no hashing up front (a class: one object per entry, the getter shared).
 */
class TrustedEntry implements HeldEntry {
	readonly entry: Entry;
	readonly #suite: HashSuite;
	#hash: Uint8Array | undefined;

	constructor(entry: Entry, suite: HashSuite) {
		this.entry = entry;
		this.#suite = suite;
	}

	get hash(): Uint8Array {
		return (this.#hash ??= encodeHash(this.#suite, this.entry.bytes));
	}
}

/** Verified entries of many logs, admitting new ones by the bamboo rules. */
export class LogBook {
	readonly #logs = new Logs<HeldEntry>();
	readonly #suite: HashSuite;
	readonly #opts: CryptoOptions;
	/** Every fork seen, with both entries. */
	readonly forks: ForkProof[] = [];
	/**
	 * Verified entries that arrived before their certificate (the entry they link to), kept
	 * until it arrives: by log and by the seq they wait for, so admitting an entry looks only
	 * at the orphans waiting for exactly it. Bounded by count ({@link MAX_ORPHANS}) and bytes
	 * ({@link MAX_ORPHAN_BYTES}): past either the oldest are dropped (a peer offers them again).
	 */
	readonly #orphans = new Map<string, Map<number, Map<string, Orphan>>>();
	/** Every orphan by its key, oldest first (for eviction). */
	readonly #orphanOrder = new Map<string, Orphan>();
	#orphanBytes = 0;
	/** Orphans admitted since the last {@link takeReleased}. */
	#released: ReleasedOrphan[] = [];

	constructor(opts: CryptoOptions = {}) {
		this.#suite = opts.suite ?? YAMF;
		this.#opts = opts;
	}

	/** The held entry at a position, if any. */
	get(author: Uint8Array | string, logId: bigint, seqNum: number): HeldEntry | undefined {
		return this.#logs.find(author, logId)?.entries.get(seqNum);
	}

	/** The seqs held in a log, ascending. */
	seqs(author: Uint8Array | string, logId: bigint): number[] {
		const log = this.#logs.find(author, logId);
		return log ? [...log.entries.keys()].sort((a, b) => a - b) : [];
	}

	/** Highest seq held in a log (0 if none). */
	latest(author: Uint8Array | string, logId: bigint): number {
		return this.#logs.find(author, logId)?.top ?? 0;
	}

	/** The seq from which a log is invalid because of a fork, if it is forked. */
	forkedFrom(author: Uint8Array | string, logId: bigint): number | undefined {
		return this.#logs.find(author, logId)?.forkedFrom;
	}

	/**
	 * Admits an entry that is already known to be valid (from our own store), without
	 * verifying it again. Used to resume from persisted state.
	 */
	trust(entry: Entry): HeldEntry {
		const log = this.#logs.make(entry.author, entry.logId);
		// Trusted again (a writer's entry, then its festival storing it): the held entry stays,
		// with its hash if that was computed.
		const same = log.entries.get(entry.seqNum);
		if (same?.entry === entry) return same;
		const held = new TrustedEntry(entry, this.#suite);
		log.entries.set(entry.seqNum, held);
		log.top = Math.max(log.top, entry.seqNum);
		if (entry.endOfLog) log.endAt = Math.min(log.endAt ?? Infinity, entry.seqNum);
		return held;
	}

	/** Decodes, verifies and admits untrusted bytes. Never throws. */
	async add(bytes: Uint8Array, payload?: Uint8Array): Promise<LogResult> {
		const decoded = decodeEntry(bytes, this.#suite);
		if (!decoded.ok) return decoded;
		return this.#admitOrKeep(decoded.value, await this.#verify(decoded.value, payload), payload);
	}

	/**
	 * Entries kept as orphans (verified, waiting for their certificate) that have since been
	 * admitted, with their payloads. Each is returned once.
	 */
	takeReleased(): ReleasedOrphan[] {
		const out = this.#released;
		this.#released = [];
		return out;
	}

	/** Number of verified entries waiting for the entry they link to. */
	get orphanCount(): number {
		return this.#orphanOrder.size;
	}

	/** Bytes (entries and payloads) held by entries waiting for the entry they link to. */
	get orphanBytes(): number {
		return this.#orphanBytes;
	}

	#keepOrphan(entry: Entry, payload: Uint8Array | undefined, hash: Uint8Array | undefined): void {
		const log = logKey(entry.author, entry.logId);
		const key = `${log}/${entry.seqNum}/${toHex(entry.signature)}`;
		const held = this.#orphanOrder.get(key);
		// A copy with its payload replaces one without (a relay may have stripped it).
		if (held && (held.payload || !payload)) return;
		if (held) this.#dropOrphan(held);
		const size = entry.bytes.length + (payload?.length ?? 0);
		if (size > MAX_ORPHAN_BYTES) return;
		while (this.#orphanOrder.size >= MAX_ORPHANS || this.#orphanBytes + size > MAX_ORPHAN_BYTES) {
			this.#dropOrphan(this.#orphanOrder.values().next().value!);
		}
		const target = lipmaa(entry.seqNum);
		const o: Orphan = { key, log, target, entry, hash, size, ...(payload ? { payload } : {}) };
		let byTarget = this.#orphans.get(log);
		if (!byTarget) this.#orphans.set(log, (byTarget = new Map()));
		let waiting = byTarget.get(target);
		if (!waiting) byTarget.set(target, (waiting = new Map()));
		waiting.set(key, o);
		this.#orphanOrder.set(key, o);
		this.#orphanBytes += size;
	}

	#dropOrphan(o: Orphan): void {
		this.#orphanOrder.delete(o.key);
		this.#orphanBytes -= o.size;
		const byTarget = this.#orphans.get(o.log);
		const waiting = byTarget?.get(o.target);
		waiting?.delete(o.key);
		if (waiting && !waiting.size) byTarget!.delete(o.target);
		if (byTarget && !byTarget.size) this.#orphans.delete(o.log);
	}

	#admitOrKeep(
		entry: Entry,
		verified: Result<Entry, VerifyProblem>,
		payload?: Uint8Array,
		hash?: Uint8Array
	): LogResult {
		const r = this.admit(entry, verified, hash);
		if (!r.ok && r.error.code === 'missing-link') this.#keepOrphan(entry, payload, hash);
		else if (r.ok && this.#orphanOrder.size) this.#releaseAfter(r.value.entry);
		return r;
	}

	/**
	 * Admits the orphans of the same log that wait for the newly admitted entry, and those
	 * waiting for them in turn. Only orphans waiting for exactly an admitted seq are looked at.
	 */
	#releaseAfter(admitted: Entry): void {
		const log = logKey(admitted.author, admitted.logId);
		const todo = [admitted.seqNum];
		while (todo.length) {
			const seq = todo.pop()!;
			const waiting = this.#orphans.get(log)?.get(seq);
			if (!waiting) continue;
			for (const o of [...waiting.values()]) {
				this.#dropOrphan(o);
				const r = this.admit(o.entry, { ok: true, value: o.entry }, o.hash);
				if (r.ok && !r.duplicate) {
					this.#released.push({ held: r.value, ...(o.payload ? { payload: o.payload } : {}) });
					todo.push(o.entry.seqNum);
				} else if (r.ok && o.payload) {
					// The same entry was admitted meanwhile, perhaps without its payload.
					this.#released.push({ held: r.value, payload: o.payload, duplicate: true });
				}
			}
		}
	}

	/**
	 * Verifies many entries (verify-batch.ts: concurrently, or on worker threads when the
	 * options give a batch verifier), then admits them in the given order. Results are in
	 * input order.
	 */
	async addMany(
		items: readonly { bytes: Uint8Array; payload?: Uint8Array }[]
	): Promise<LogResult[]> {
		const checked = await verifyEntries(items, { ...this.#opts, suite: this.#suite });
		return checked.map(({ result, hash }, i) =>
			result.ok ? this.#admitOrKeep(result.value, result, items[i]!.payload, hash) : result
		);
	}

	async #verify(entry: Entry, payload?: Uint8Array): Promise<Result<Entry, VerifyProblem>> {
		return verifyEntry(entry, payload, this.#opts);
	}

	/**
	 * Admits an entry verified elsewhere (signature and payload checked by `prepareEntries`,
	 * perhaps on another thread), with its hash computed there: link checks, forks, and
	 * keeping it until its certificate arrives, as {@link add} does.
	 */
	admitVerified(entry: Entry, hash: Uint8Array, payload?: Uint8Array): LogResult {
		return this.#admitOrKeep(entry, ok(entry), payload, hash);
	}

	/** Link checks for an entry whose signature check has run (`verified`); `known` is its hash if computed already. */
	admit(entry: Entry, verified: Result<Entry, VerifyProblem>, known?: Uint8Array): LogResult {
		if (!verified.ok) return verified;
		const log = this.#logs.make(entry.author, entry.logId);
		const n = entry.seqNum;
		const same = log.entries.get(n);
		if (same) {
			if (bytesEqual(same.entry.bytes, entry.bytes)) return { ...ok(same), duplicate: true };
			const fork: ForkProof = {
				author: toHex(entry.author),
				logId: entry.logId,
				seqNum: n,
				held: same.entry,
				other: entry
			};
			this.forks.push(fork);
			log.forkedFrom = Math.min(log.forkedFrom ?? Infinity, n);
			return {
				...err(
					'fork',
					`fork: a second, different entry ${n} signed by this author for log ${entry.logId}`
				),
				fork
			};
		}
		if (log.forkedFrom !== undefined && n >= log.forkedFrom) {
			return err(
				'forked-log',
				`log ${entry.logId} is forked at entry ${log.forkedFrom}; later entries are not admitted`
			);
		}
		if (log.endAt !== undefined && n > log.endAt) {
			return err('after-end', `entry ${log.endAt} ended this log; entry ${n} comes after it`);
		}
		const hash = known ?? encodeHash(this.#suite, entry.bytes);
		if (n > 1) {
			const target = lipmaa(n);
			const link = entry.lipmaaLink ?? entry.backlink!;
			const cert = log.entries.get(target);
			if (!cert)
				return err(
					'missing-link',
					`entry ${n} links to entry ${target}, which is not held (certificate pool incomplete)`
				);
			if (!bytesEqual(cert.hash, link)) {
				return this.#linkFork(
					log,
					entry,
					entry.lipmaaLink ? 'lipmaa-mismatch' : 'backlink-mismatch',
					target
				);
			}
			const prev = log.entries.get(n - 1);
			if (prev && !bytesEqual(prev.hash, entry.backlink!))
				return this.#linkFork(log, entry, 'backlink-mismatch', n - 1);
		}
		const next = log.entries.get(n + 1);
		if (next && next.entry.backlink && !bytesEqual(next.entry.backlink, hash)) {
			return this.#linkFork(log, entry, 'backlink-mismatch', n + 1);
		}
		if (entry.endOfLog) {
			for (const k of log.entries.keys()) {
				if (k > n)
					return err('after-end', `entry ${n} ends the log but entry ${k} is already held`);
			}
		}
		const held = { entry, hash };
		log.entries.set(n, held);
		log.top = Math.max(log.top, n);
		if (entry.endOfLog) log.endAt = n;
		return ok(held);
	}

	// A validly signed entry whose link disagrees with a held entry: the author signed two
	// histories. Not admitted; the log is marked invalid from the lower of the two seqs.
	#linkFork(
		log: State<HeldEntry>,
		entry: Entry,
		code: 'lipmaa-mismatch' | 'backlink-mismatch',
		other: number
	): LogResult {
		const at = Math.min(entry.seqNum, other);
		log.forkedFrom = Math.min(log.forkedFrom ?? Infinity, at);
		const what = code === 'lipmaa-mismatch' ? 'lipmaa link' : 'backlink';
		return err(
			code,
			`entry ${entry.seqNum}'s ${what} does not match held entry ${other}: the author signed a different history (log invalid from ${at})`
		);
	}
}
