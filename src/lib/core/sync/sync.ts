/**
 * Festival replication over any set of links (PROTOCOL.md, "Festival sync").
 *
 * - On a new link both sides send HAVE: per log, the highest seq held. Each side answers a
 *   HAVE with ENTRIES the other lacks, in log order. Every entry received is verified by the
 *   festival before it is stored (Festival.ingest).
 * - New entries (local edits, or entries that arrived from one neighbour) are pushed to the
 *   other neighbours at once, so peers relay what they hold and peers that are never online
 *   together converge through others.
 * - To keep messages per edit near the number of peers rather than the number of links,
 *   eager pushes are pruned like Plumtree's: a push that brought nothing new is answered with
 *   PRUNE, and the sender pushes to that neighbour lazily from then on (it still learns via
 *   the periodic HAVE digest). A neighbour that learns something new through a digest reply,
 *   or by a push from a neighbour it had pruned (pushes of one edit racing on two links), GRAFTs
 *   the link back to eager (after a push, with a HAVE: what was pushed before the GRAFT arrived
 *   comes as its answer). The neighbour whose push last brought something new (our parent in the
 *   tree) is pushed to even if it pruned us, so our own edits always have a way out.
 * - A neighbour that sends an undecodable frame or an entry that fails verification (bad
 *   bytes, signature, links, payload hash) is dropped and banned for a while; its data is
 *   neither stored nor relayed. Faults of a signing author (a fork, a broken write rule) are
 *   not the relay's fault.
 * @module
 */
import type { EntryItem, IngestReport } from '../festival/ingest/engine.js';
import type { FestivalId } from '../festival/document/ids.js';
import { entryPosition } from '../store/log-store.js';
import { toHex } from '../bytes.js';
import {
	readMessage,
	writeEntries,
	writeGraft,
	writeHave,
	writePrune,
	type LogHave
} from './messages.js';
import { writeSnapshot, type Snapshot } from '../festival/files/snapshot.js';
import type { Result } from '../result.js';
import { Ticker } from './ticker.js';

/** What sync needs from a festival (Festival implements it). */
export interface SyncSource {
	readonly id: FestivalId;
	have(): Promise<LogHave[]>;
	entriesAfter(author: string, logId: bigint, seq: number): Promise<EntryItem[]>;
	/** Held entries at these seqs that carry their payload (to fill a peer's holes). */
	entriesAt?(author: string, logId: bigint, seqs: readonly number[]): Promise<EntryItem[]>;
	/**
	 * The entry held at a position if its hash does not end in `tip` (a peer holds another entry
	 * there: it learns that the log forked).
	 */
	forkEvidence?(author: string, logId: bigint, seq: number, tip: Uint8Array): EntryItem | undefined;
	/** Entries proving that a log forked. */
	proofs?(author: string, logId: bigint): EntryItem[];
	ingest(items: readonly EntryItem[], origin?: unknown): Promise<IngestReport>;
	onEntries(fn: (entries: readonly EntryItem[], origin: unknown) => void): () => void;
	/** The newcomer fast path (optional): a snapshot to send, and adopting one. */
	snapshot?(): Promise<Snapshot>;
	adoptSnapshot?(s: Snapshot): Promise<Result<number, 'snapshot'>>;
	readonly isEmpty?: boolean;
}

/** A newcomer gets a snapshot instead of entries once the festival has this many entries. */
export const SNAPSHOT_MIN_ENTRIES = 64;

/** What happened in one exchange, for logs and tests. */
export interface SyncEvent {
	readonly peer: string;
	readonly kind: 'received' | 'sent' | 'dropped';
	readonly entries?: number;
	readonly fresh?: number;
	readonly reason?: string;
}

export interface SyncOptions {
	/** How often every neighbour gets a HAVE digest, ms (default 10 s; 0 = never). */
	readonly digestMs?: number;
	/** The session's ticker the digest runs on (else the sync runs one of its own). */
	readonly ticker?: Ticker;
	/** Byte budget of one ENTRIES message (default 256 KiB). */
	readonly maxBatchBytes?: number;
	/** How long a dropped neighbour stays banned, ms (default 10 minutes). */
	readonly banMs?: number;
	/** Told when a neighbour misbehaved and was dropped (the transport should close it). */
	readonly onBadPeer?: (peer: string, reason: string) => void;
	readonly onEvent?: (e: SyncEvent) => void;
}

interface Neighbour {
	readonly send: (bytes: Uint8Array) => void;
	/** Highest seq the neighbour holds per log, as far as we know. */
	readonly theirs: Map<string, number>;
	/** Seqs below that the neighbour said it lacks (per log, from its last HAVE). */
	readonly missing: Map<string, Set<number>>;
	/** Fork proofs sent to it already. */
	readonly sentProofs: Set<string>;
	/** Whether new entries are pushed to it at once. */
	eager: boolean;
	/** Whether we asked it to stop pushing to us. */
	prunedIt: boolean;
}

const key = (author: string, logId: bigint) => `${author}/${logId}`;

/** Replicates one festival with a changing set of neighbours. */
export class FestivalSync {
	readonly source: SyncSource;
	/** Messages and bytes sent, for the simulation and the bench. */
	readonly stats = { messages: 0, bytes: 0 };
	readonly #peers = new Map<string, Neighbour>();
	readonly #banned = new Map<string, number>();
	readonly #opts: SyncOptions;
	readonly #unsubscribe: () => void;
	readonly #stopDigest: (() => void) | undefined;
	#queue: Promise<void> = Promise.resolve();
	/** The neighbour whose push last brought new entries (see the module comment). */
	#parent: string | undefined;

	constructor(source: SyncSource, opts: SyncOptions = {}) {
		this.source = source;
		this.#opts = opts;
		this.#unsubscribe = source.onEntries((entries, origin) => this.#push(entries, origin));
		const every = opts.digestMs ?? 10_000;
		const ticker = opts.ticker ?? new Ticker();
		if (every > 0) this.#stopDigest = ticker.every(every, () => void this.digest());
	}

	/** Current neighbours. */
	get peers(): string[] {
		return [...this.#peers.keys()];
	}

	/** Whether a peer is banned now. */
	isBanned(peer: string): boolean {
		const until = this.#banned.get(peer);
		if (until === undefined) return false;
		if (Date.now() < until) return true;
		this.#banned.delete(peer);
		return false;
	}

	/** Adds a neighbour and sends it our HAVE. Banned peers are refused (returns false). */
	addPeer(peer: string, send: (bytes: Uint8Array) => void): boolean {
		if (this.isBanned(peer)) return false;
		this.#peers.set(peer, {
			send,
			theirs: new Map(),
			missing: new Map(),
			sentProofs: new Set(),
			eager: true,
			prunedIt: false
		});
		this.#enqueue(() => this.#sendHave(peer));
		return true;
	}

	/**
	 * Forgets a neighbour (its link closed). The eager overlay may have run through it, so every
	 * remaining link goes back to eager both ways (GRAFT); the next pushes prune it again.
	 */
	removePeer(peer: string): void {
		if (!this.#peers.delete(peer)) return;
		if (this.#parent === peer) this.#parent = undefined;
		for (const [p, n] of this.#peers) {
			n.eager = true;
			if (n.prunedIt) {
				n.prunedIt = false;
				this.#send(p, writeGraft(this.source.id));
			}
		}
	}

	/** Sends every neighbour a HAVE digest (also runs on a timer). */
	digest(): Promise<void> {
		return this.#enqueue(async () => {
			for (const p of this.#peers.keys()) await this.#sendHave(p);
		});
	}

	/** Handles bytes from a neighbour. Messages are handled one at a time, in arrival order. */
	receive(peer: string, bytes: Uint8Array): Promise<void> {
		return this.#enqueue(() => this.#receive(peer, bytes));
	}

	/** Resolves when every queued message has been handled. */
	idle(): Promise<void> {
		return this.#queue;
	}

	/** Stops the digest timer and the push subscription. */
	close(): void {
		this.#stopDigest?.();
		this.#unsubscribe();
		this.#peers.clear();
	}

	#enqueue(fn: () => Promise<void>): Promise<void> {
		this.#queue = this.#queue.then(fn).catch(() => undefined);
		return this.#queue;
	}

	#send(peer: string, bytes: Uint8Array): void {
		const n = this.#peers.get(peer);
		if (!n) return;
		this.stats.messages++;
		this.stats.bytes += bytes.length;
		try {
			n.send(bytes);
		} catch {
			this.#peers.delete(peer);
		}
	}

	async #sendHave(peer: string, noSnapshot = false): Promise<void> {
		if (!this.#peers.has(peer)) return;
		this.#send(peer, writeHave(this.source.id, await this.source.have(), noSnapshot));
	}

	#drop(peer: string, reason: string): void {
		this.removePeer(peer);
		this.#banned.set(peer, Date.now() + (this.#opts.banMs ?? 600_000));
		this.#opts.onEvent?.({ peer, kind: 'dropped', reason });
		this.#opts.onBadPeer?.(peer, reason);
	}

	/**
	 * Entries the neighbour holds now (sent by it, or to it): only those with their payload
	 * count, and a log's held prefix grows only by the next seq. An entry past a gap (pushed
	 * before its predecessors reached them) may wait there for them, so it does not count: the
	 * answer to their next HAVE sends the predecessors, and it again.
	 */
	#noteTheirs(n: Neighbour, entries: readonly EntryItem[]): void {
		for (const e of entries) {
			if (!e.payload) continue;
			const p = entryPosition(e.bytes);
			if (!p.ok) continue;
			const k = key(p.value.author, p.value.logId);
			n.missing.get(k)?.delete(p.value.seqNum);
			if (p.value.seqNum === (n.theirs.get(k) ?? 0) + 1) n.theirs.set(k, p.value.seqNum);
		}
	}

	/** Whether the neighbour lacks the entry at a position, as far as we know. */
	#lacks(n: Neighbour, author: string, logId: bigint, seq: number): boolean {
		const k = key(author, logId);
		return (n.theirs.get(k) ?? 0) < seq || n.missing.get(k)?.has(seq) === true;
	}

	#sendEntries(peer: string, entries: readonly EntryItem[], push: boolean): void {
		const n = this.#peers.get(peer);
		if (!n || !entries.length) return;
		const budget = this.#opts.maxBatchBytes ?? 256 * 1024;
		let batch: EntryItem[] = [];
		let size = 0;
		const flush = () => {
			if (!batch.length) return;
			this.#send(peer, writeEntries(this.source.id, batch, push));
			this.#opts.onEvent?.({ peer, kind: 'sent', entries: batch.length });
			batch = [];
			size = 0;
		};
		for (const e of entries) {
			const s = e.bytes.length + (e.payload?.length ?? 0) + 8;
			if (size + s > budget) flush();
			batch.push(e);
			size += s;
		}
		flush();
		this.#noteTheirs(n, entries);
	}

	#push(entries: readonly EntryItem[], origin: unknown): void {
		for (const [peer, n] of this.#peers) {
			if (peer === origin || !(n.eager || peer === this.#parent)) continue;
			const lacking = entries.filter((e) => {
				const p = entryPosition(e.bytes);
				// Entries without a payload are fork proofs or certificates: always passed on.
				return (
					p.ok && (!e.payload || this.#lacks(n, p.value.author, p.value.logId, p.value.seqNum))
				);
			});
			this.#sendEntries(peer, lacking, true);
		}
	}

	/**
	 * Answers a HAVE: per log, the entries after what the neighbour holds, the ones it lists
	 * as missing that we hold with their payload, our entry at its highest seq if the tip it
	 * gave differs from ours there (so it learns the log forked), and the log's fork proofs.
	 */
	async #answerHave(
		peer: string,
		n: Neighbour,
		have: readonly LogHave[],
		theirs: ReadonlyMap<string, LogHave>
	): Promise<void> {
		const out: EntryItem[] = [];
		for (const mine of have) {
			const k = key(mine.author, mine.logId);
			const their = theirs.get(k);
			const t = Math.max(their?.seq ?? 0, n.theirs.get(k) ?? 0);
			if (their?.missing.length && this.source.entriesAt)
				out.push(...(await this.source.entriesAt(mine.author, mine.logId, their.missing)));
			if (their?.tip && their.seq > 0 && their.seq <= mine.seq) {
				const at = this.source.forkEvidence?.(mine.author, mine.logId, their.seq, their.tip);
				if (at) out.push(at);
			}
			if (mine.seq > t) out.push(...(await this.source.entriesAfter(mine.author, mine.logId, t)));
			for (const p of this.source.proofs?.(mine.author, mine.logId) ?? []) {
				const id = toHex(p.bytes.subarray(p.bytes.length - 16));
				if (n.sentProofs.has(id)) continue;
				n.sentProofs.add(id);
				out.push(p);
			}
		}
		this.#sendEntries(peer, out, false);
	}

	async #receive(peer: string, bytes: Uint8Array): Promise<void> {
		const n = this.#peers.get(peer);
		if (!n) return;
		const msg = readMessage(bytes);
		if (!msg.ok) return this.#drop(peer, `undecodable message: ${msg.error.reason}`);
		const m = msg.value;
		const festival = m.type === 'snapshot' ? m.snapshot.festival : m.festival;
		if (festival !== this.source.id)
			return this.#drop(peer, 'a message for another festival on this link');
		switch (m.type) {
			case 'prune':
				n.eager = false;
				return;
			case 'graft':
				n.eager = true;
				return;
			case 'have': {
				for (const l of m.logs) {
					const k = key(l.author, l.logId);
					if ((n.theirs.get(k) ?? 0) < l.seq) n.theirs.set(k, l.seq);
					if (l.missing.length) n.missing.set(k, new Set(l.missing));
					else n.missing.delete(k);
				}
				const theirs = new Map(m.logs.map((l) => [key(l.author, l.logId), l]));
				const have = await this.source.have();
				const total = have.reduce((sum, l) => sum + l.seq, 0);
				if (
					m.logs.length === 0 &&
					!m.noSnapshot &&
					this.source.snapshot &&
					total >= SNAPSHOT_MIN_ENTRIES
				) {
					const snap = await this.source.snapshot();
					this.#send(peer, writeSnapshot(snap));
					for (const l of snap.logs) n.theirs.set(key(l.author, l.logId), l.entries.length);
					this.#opts.onEvent?.({
						peer,
						kind: 'sent',
						entries: snap.logs.reduce((x, l) => x + l.entries.length, 0)
					});
					// Entries a snapshot could not carry (gaps, pending changes) follow as usual.
				}
				await this.#answerHave(peer, n, have, theirs);
				return;
			}
			case 'snapshot': {
				if (!this.source.adoptSnapshot || !this.source.isEmpty) return;
				const r = await this.source.adoptSnapshot(m.snapshot);
				this.#opts.onEvent?.({
					peer,
					kind: 'received',
					entries: m.snapshot.logs.reduce((x, l) => x + l.entries.length, 0),
					...(r.ok ? { fresh: r.value } : { reason: r.error.reason })
				});
				// A snapshot that does not check out is not adopted; ask for plain entries instead.
				if (!r.ok) await this.#sendHave(peer, true);
				return;
			}
			case 'entries': {
				this.#noteTheirs(n, m.entries);
				const report = await this.source.ingest(m.entries, peer);
				const bad = report.refused.find((r) => r.blame === 'entry');
				this.#opts.onEvent?.({
					peer,
					kind: 'received',
					entries: m.entries.length,
					fresh: report.newEntries.length
				});
				if (bad) return this.#drop(peer, `sent an invalid entry: ${bad.reason}`);
				if (m.push && report.newEntries.length > 0) this.#parent = peer;
				if (m.push && report.newEntries.length === 0 && report.duplicates > 0 && !n.prunedIt) {
					n.prunedIt = true;
					this.#send(peer, writePrune(this.source.id));
				} else if (report.newEntries.length > 0 && n.prunedIt) {
					n.prunedIt = false;
					this.#send(peer, writeGraft(this.source.id));
					if (m.push) await this.#sendHave(peer, true);
				}
				return;
			}
		}
	}
}
