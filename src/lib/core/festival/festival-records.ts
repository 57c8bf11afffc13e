/**
 * A festival's integrity and replication bookkeeping: which payloads it refused and which
 * entries prove a log forked, loaded from storage into the engine when it opens; what an
 * ingest decided, stored; changes left waiting, taken up again; and what sync asks of the
 * festival's entries. The festival itself (festival.ts) delegates to this.
 * @module
 */
import { decodeEntry } from '../log/entry.js';
import type { HashSuite } from '../log/hash.js';
import { logKey } from '../log/log.js';
import { bytesEqual, toHex } from '../bytes.js';
import { entryPosition, type EntryPosition } from '../store/log-store.js';
import type { FestivalEngine, EntryItem, IngestReport } from './ingest/engine.js';
import { MAX_MISSING, TIP_LENGTH, type LogHave } from './ingest/have.js';
import { changeCount } from './ingest/payload.js';
import type { SnapshotEntry, SnapshotLog } from './files/snapshot.js';
import type { FestivalStorage } from './files/storage.js';

/** Refusal codes of a forked log: noted once per log by the engine, not per entry. */
const FORK_CODES = new Set([
	'fork',
	'lipmaa-mismatch',
	'backlink-mismatch',
	'forked-log',
	'refused'
]);

/** Key of an entry position (author/log/seq). */
function positionKey(author: string, logId: bigint, seqNum: number): string {
	return `${logKey(author, logId)}/${seqNum}`;
}

/** Key of a fork proof: its position and the end of its signature. */
function proofKey(pos: EntryPosition, entry: Uint8Array): string {
	return `${positionKey(pos.author, pos.logId, pos.seqNum)}/${toHex(entry.subarray(entry.length - 8))}`;
}

/** Refusals, fork proofs and waiting changes of one festival, kept in storage and the engine. */
export class FestivalRecords {
	readonly #store: FestivalStorage;
	readonly #engine: FestivalEngine;
	readonly #suite: HashSuite | undefined;
	/** Logs whose stored entries the engine knows. */
	readonly #loadedLogs = new Set<string>();
	/** Positions (author/log/seq) whose payload was refused as unusable. */
	readonly #refused = new Set<string>();
	/** Entries proving a log forked, by position and signature. */
	readonly #proofs = new Map<string, Uint8Array>();

	constructor(store: FestivalStorage, engine: FestivalEngine, suite: HashSuite | undefined) {
		this.#store = store;
		this.#engine = engine;
		this.#suite = suite;
	}

	/** Loads what storage knows of refusals and forks into the engine. */
	async loadIntegrity(): Promise<void> {
		for (const r of await this.#store.loadRefused()) {
			this.#refused.add(positionKey(r.pos.author, r.pos.logId, r.pos.seqNum));
			this.#engine.noteRefusal(r.pos.author, r.pos.logId, r.pos.seqNum);
		}
		for (const v of await this.#store.loadVoid())
			this.#engine.noteFork(v.author, v.logId, v.reason);
		for (const n of await this.#store.loadNotes()) this.#engine.note(n.where, n.reason);
		for (const p of await this.#store.loadProofs()) {
			this.#proofs.set(proofKey(p.pos, p.entry), p.entry);
			this.#engine.noteFork(
				p.pos.author,
				p.pos.logId,
				`entry ${p.pos.seqNum} was signed twice, differently (a forked log)`
			);
		}
	}

	/**
	 * Loads integrity records, then takes up again what was left waiting when the festival was
	 * last open: changes whose dependencies had not arrived (their entries are stored, so peers
	 * will not send them again). A festival stored before those were recorded is reconciled
	 * once in full: every stored entry's changes that the document lacks are queued. `persist`
	 * stores what the engine decided.
	 */
	async resume(persist: (report: IngestReport) => Promise<void>): Promise<void> {
		await this.loadIntegrity();
		const reconciled = await this.#store.isReconciled();
		const marked = reconciled ? await this.#store.loadWaiting() : [];
		if (!reconciled || marked.length) {
			const items: EntryItem[] = [];
			if (!reconciled) items.push(...(await this.entries()).filter((e) => e.payload));
			for (const p of marked) {
				const e = await this.#store.entries.get(p.author, p.logId, p.seqNum);
				if (e?.payload) items.push({ bytes: e.entry, payload: e.payload });
			}
			await this.ensureLogsOf(items);
			const report = await this.#engine.requeue(items);
			await persist(report);
			for (const p of marked)
				if (!this.#engine.isWaiting(p.author, p.logId, p.seqNum)) await this.#store.dropWaiting(p);
		}
		if (!reconciled) await this.#store.markReconciled();
	}

	/** Makes the engine know a log's stored entries (once per log). */
	async ensureLog(author: string, logId: bigint): Promise<void> {
		const key = logKey(author, logId);
		if (this.#loadedLogs.has(key)) return;
		this.#loadedLogs.add(key);
		for (const e of await this.#store.entries.range(author, logId)) {
			const d = decodeEntry(e.entry, this.#suite);
			const refused = this.#refused.has(`${key}/${e.seqNum}`);
			if (d.ok)
				this.#engine.trustStored(d.value, e.payload ? 'taken' : refused ? 'refused' : undefined);
		}
	}

	/** Makes the engine know the stored entries of every log these items are in. */
	async ensureLogsOf(items: readonly EntryItem[]): Promise<void> {
		const logs = new Map<string, [string, bigint]>();
		for (const it of items) {
			const d = decodeEntry(it.bytes, this.#suite);
			if (d.ok)
				logs.set(logKey(d.value.author, d.value.logId), [toHex(d.value.author), d.value.logId]);
		}
		for (const [author, logId] of logs.values()) await this.ensureLog(author, logId);
	}

	/**
	 * Stores what an ingest decided, after the document (saved by the caller first): refused
	 * payloads, void logs, waiting records before their entries (so a stored entry whose
	 * changes wait is always known to wait), new entries, fork proofs and what a signing author
	 * did wrong. Returns the fork proofs not held before, to pass on.
	 */
	async persist(report: IngestReport): Promise<EntryItem[]> {
		for (const r of report.refusedPayloads) {
			if (r.drop === 'entry') {
				await this.#store.entries.remove(r.author, r.logId, r.seqNum);
				await this.#store.dropWaiting(r);
			} else {
				await this.#store.entries.removePayload(r.author, r.logId, r.seqNum);
				await this.#store.saveRefused(r, r.reason);
				this.#refused.add(positionKey(r.author, r.logId, r.seqNum));
			}
		}
		for (const v of report.voidLogs) await this.#store.saveVoid(v.author, v.logId, v.reason);
		for (const w of report.waitingEntries) await this.#store.saveWaiting(w);
		for (const e of report.newEntries) await this.#store.entries.put(e.bytes, e.payload);
		for (const s of report.settledEntries) await this.#store.dropWaiting(s);
		const proofs: EntryItem[] = [];
		for (const p of report.forkProofs) {
			const pos = entryPosition(p.bytes);
			if (!pos.ok) continue;
			const key = proofKey(pos.value, p.bytes);
			if (this.#proofs.has(key)) continue;
			this.#proofs.set(key, p.bytes);
			await this.#store.saveProof(pos.value, p.bytes);
			proofs.push(p);
		}
		// What a signing author did wrong stays listed among the festival's problems.
		for (const x of report.refused) {
			if (x.blame !== 'author' || !x.author || FORK_CODES.has(x.code ?? '')) continue;
			const where = `${x.seqNum !== undefined ? `entry ${x.seqNum} ` : ''}by ${x.author.slice(0, 8)}`;
			if (this.#engine.note(where, `refused: ${x.reason}`))
				await this.#store.saveNote(where, `refused: ${x.reason}`);
		}
		return proofs;
	}

	/** Every stored entry with its payload, each log in seq order. */
	async entries(): Promise<EntryItem[]> {
		const out: EntryItem[] = [];
		for (const log of await this.#store.entries.logs()) {
			for (const e of await this.#store.entries.range(log.author, log.logId)) {
				out.push({ bytes: e.entry, ...(e.payload ? { payload: e.payload } : {}) });
			}
		}
		return out;
	}

	/** Per log: the highest seq held, a short hash of that entry, and the seqs below it lacking. */
	async have(): Promise<LogHave[]> {
		const out: LogHave[] = [];
		for (const log of await this.#store.entries.logs()) {
			await this.ensureLog(log.author, log.logId);
			const seqs = this.#engine.book.seqs(log.author, log.logId);
			if (!seqs.length) continue;
			const held = new Set(seqs);
			let seq = seqs[seqs.length - 1]!;
			let missing: number[] = [];
			for (let s = 1; s <= seq; s++) {
				if (!held.has(s) || !this.#engine.payloadState(log.author, log.logId, s)) missing.push(s);
			}
			if (missing.length > MAX_MISSING) {
				seq = missing[0]! - 1;
				missing = [];
			}
			const tip = seq > 0 ? this.#engine.book.get(log.author, log.logId, seq)?.hash : undefined;
			out.push({
				...log,
				seq,
				missing,
				...(tip ? { tip: tip.slice(tip.length - TIP_LENGTH) } : {})
			});
		}
		return out;
	}

	/** Stored entries of one log after `seq`, in seq order, with payloads. */
	async entriesAfter(author: string, logId: bigint, seq: number): Promise<EntryItem[]> {
		return (await this.#store.entries.range(author, logId, seq + 1)).map((e) => ({
			bytes: e.entry,
			...(e.payload ? { payload: e.payload } : {})
		}));
	}

	/** Held entries at these seqs of a log that carry their payload. */
	async entriesAt(author: string, logId: bigint, seqs: readonly number[]): Promise<EntryItem[]> {
		const out: EntryItem[] = [];
		for (const s of seqs) {
			const e = await this.#store.entries.get(author, logId, s);
			if (e?.payload) out.push({ bytes: e.entry, payload: e.payload });
		}
		return out;
	}

	/** The entry held at a position, without its payload, if its hash does not end in `tip`. */
	forkEvidence(author: string, logId: bigint, seq: number, tip: Uint8Array): EntryItem | undefined {
		const held = this.#engine.book.get(author, logId, seq);
		if (!held) return undefined;
		const mine = held.hash.subarray(held.hash.length - TIP_LENGTH);
		return bytesEqual(mine, tip) ? undefined : { bytes: held.entry.bytes };
	}

	/** Entries proving that a log forked. */
	proofs(author: string, logId: bigint): EntryItem[] {
		const prefix = `${logKey(author, logId)}/`;
		return [...this.#proofs].filter(([k]) => k.startsWith(prefix)).map(([, bytes]) => ({ bytes }));
	}

	/** Per log, the signatures and change counts of its stored entries from seq 1 on (for a snapshot). */
	async snapshotLogs(): Promise<SnapshotLog[]> {
		const logs: SnapshotLog[] = [];
		for (const log of await this.#store.entries.logs()) {
			const entries: SnapshotEntry[] = [];
			for (const e of await this.#store.entries.range(log.author, log.logId)) {
				const count = e.payload ? changeCount(e.payload) : undefined;
				if (e.seqNum !== entries.length + 1 || count === undefined) break;
				entries.push({
					endOfLog: e.entry[0] === 1,
					changes: count,
					signature: e.entry.subarray(e.entry.length - 64)
				});
			}
			if (entries.length) logs.push({ author: log.author, logId: log.logId, entries });
		}
		return logs;
	}
}
