/**
 * The newcomer fast path (PROTOCOL.md, "Snapshots"): instead of every entry with its payload,
 * a peer sends the compressed document (`Automerge.save`) and, per log, the entries'
 * signatures and change counts. The newcomer rebuilds each entry exactly: Automerge reproduces
 * change bytes, so the payload (the entry's changes, in the actor's seq order) is rebuilt and
 * hashed, and the links are the hashes of the rebuilt predecessors. Then every entry's
 * signature is verified as usual: a snapshot carries no trust the entries do not.
 *
 * ```
 * SNAPSHOT = 4 • festival (32) • doc length • doc
 *            • log count × ( author (32) • log id • entry count
 *                            × ( tag • change count • signature (64) ) )
 * ```
 * Each log's entries run from seq 1 without gaps.
 * @module
 */
import * as A from '@automerge/automerge';
import { fromHex, toHex } from '../../bytes.js';
import { actorFor, type FestivalId } from '../document/ids.js';
import { encodeChanges, type EntryItem } from '../ingest/payload.js';
import type { AuthorId } from '../../identity/identity.js';
import {
	assembleEntry,
	encodeUnsigned,
	SIGNATURE_LENGTH,
	type EntryFields
} from '../../log/entry.js';
import { encodeHash, YAMF, type HashSuite } from '../../log/hash.js';
import { hasLipmaaLink, lipmaa } from '../../log/lipmaa.js';
import {
	decode,
	encode,
	fail,
	readBytes,
	readCount,
	readUint8,
	readVarBigUint,
	readVarTag,
	readVarUint,
	writeBytes,
	writeUint8,
	writeVarBytes,
	writeVarUint
} from '../../codec/index.js';
import { err, ok, type Result } from '../../result.js';
import { documentCost, MAX_DOC_BYTES, MAX_DOC_OPS } from '../ingest/change-bounds.js';
import { changeHeader } from '../ingest/change-parse.js';

export const MSG_SNAPSHOT = 4;

/** One entry as a snapshot carries it. */
export interface SnapshotEntry {
	readonly endOfLog: boolean;
	readonly changes: number;
	readonly signature: Uint8Array;
}

/** One log of a snapshot: entries from seq 1. */
export interface SnapshotLog {
	readonly author: string;
	readonly logId: bigint;
	readonly entries: readonly SnapshotEntry[];
}

export interface Snapshot {
	readonly festival: FestivalId;
	readonly doc: Uint8Array;
	readonly logs: readonly SnapshotLog[];
}

/** Most changes one snapshot entry may claim. */
const MAX_SNAPSHOT_CHANGES = 1_000_000;

/** Encodes a SNAPSHOT message. */
export function writeSnapshot(s: Snapshot): Uint8Array {
	let size = s.doc.length + 64;
	for (const l of s.logs) size += 50 + l.entries.length * (SIGNATURE_LENGTH + 10);
	return encode((w) => {
		writeVarUint(w, MSG_SNAPSHOT);
		writeBytes(w, fromHex(s.festival)!);
		writeVarBytes(w, s.doc);
		writeVarUint(w, s.logs.length);
		for (const l of s.logs) {
			writeBytes(w, fromHex(l.author)!);
			writeVarUint(w, l.logId);
			writeVarUint(w, l.entries.length);
			for (const e of l.entries) {
				writeUint8(w, e.endOfLog ? 1 : 0);
				writeVarUint(w, e.changes);
				writeBytes(w, e.signature);
			}
		}
	}, size);
}

/**
 * Decodes a SNAPSHOT message (after checking its type); never throws. The document and the
 * signatures are views into `b`.
 */
export function readSnapshot(b: Uint8Array): Result<Snapshot, 'snapshot'> {
	const r = decode(
		b,
		(d) => {
			const at = d.pos;
			if (readVarTag(d, 'message type', 1000) !== MSG_SNAPSHOT)
				fail(d, 'bad-tag', 'not a snapshot message', at);
			const festival = toHex(readBytes(d, 32, 'festival id')) as FestivalId;
			const doc = readBytes(d, readCount(d, 'document length'), 'document');
			// A log takes at least 34 bytes (author, log id, entry count), an entry 66.
			const logCount = readCount(d, 'log count', { each: 34 });
			const logs: SnapshotLog[] = [];
			for (let i = 0; i < logCount; i++) {
				const author = toHex(readBytes(d, 32, 'author'));
				const logId = readVarBigUint(d, 'log id');
				const n = readCount(d, 'entry count', { each: SIGNATURE_LENGTH + 2 });
				const entries: SnapshotEntry[] = [];
				for (let k = 0; k < n; k++) {
					const tagAt = d.pos;
					const tag = readUint8(d, 'entry tag');
					if (tag > 1) fail(d, 'bad-tag', `an entry tag is 0 or 1, not ${tag}`, tagAt);
					const changes = readVarUint(d, 'change count', MAX_SNAPSHOT_CHANGES);
					const signature = readBytes(d, SIGNATURE_LENGTH, 'signature');
					entries.push({ endOfLog: tag === 1, changes, signature });
				}
				logs.push({ author, logId, entries });
			}
			return { festival, doc, logs };
		},
		'snapshot'
	);
	return r.ok ? ok(r.value) : err('snapshot', r.error.reason);
}

/**
 * The changes of each actor in seq order (a stable order where seqs repeat), read from their
 * headers alone. A document's changes come in causal order, so each actor's already run in
 * seq order; only an actor whose do not is sorted. Throws on a change that does not decode.
 */
export function changesByActor(all: readonly Uint8Array[]): Map<string, Uint8Array[]> {
	const byActor = new Map<string, { seqs: number[]; changes: Uint8Array[]; sorted: boolean }>();
	for (const bytes of all) {
		const c = changeHeader(bytes) ?? A.decodeChange(bytes);
		let mine = byActor.get(c.actor);
		if (!mine) byActor.set(c.actor, (mine = { seqs: [], changes: [], sorted: true }));
		if (mine.seqs.length && c.seq < mine.seqs[mine.seqs.length - 1]!) mine.sorted = false;
		mine.seqs.push(c.seq);
		mine.changes.push(bytes);
	}
	const out = new Map<string, Uint8Array[]>();
	for (const [actor, { seqs, changes, sorted }] of byActor) {
		if (sorted) out.set(actor, changes);
		else {
			const at = seqs.map((_, i) => i).sort((x, y) => seqs[x]! - seqs[y]!);
			out.set(
				actor,
				at.map((i) => changes[i]!)
			);
		}
	}
	return out;
}

/** A document and the entries rebuilt from a snapshot, ready for the engine to verify. */
export interface Rebuilt {
	readonly doc: A.Doc<Record<string, unknown>>;
	readonly entries: EntryItem[];
	/** Per entry (in the same order): its seq number and the changes its payload holds. */
	readonly parts: { readonly seq: number; readonly changes: readonly Uint8Array[] }[];
	/** The document's changes (`Automerge.getAllChanges`), to read and check. */
	readonly changes: Uint8Array[];
}

/**
 * Loads the document and rebuilds every entry the snapshot lists, byte for byte. A log stops
 * where the document lacks the changes an entry claims; the caller checks that every change
 * of the document is covered (Festival.adoptSnapshot). Before it is loaded, the document's
 * cost is bounded (change-bounds.ts, {@link MAX_DOC_OPS}, {@link MAX_DOC_BYTES}). Never throws.
 */
export function rebuildSnapshot(
	s: Snapshot,
	suite: HashSuite = YAMF,
	actor?: string
): Result<Rebuilt, 'snapshot'> {
	const cost = documentCost(s.doc);
	if (!cost.ok) {
		if (cost.error.code === 'bomb')
			return err(
				'snapshot',
				`the document holds ${cost.error.reason}, over the limits (${MAX_DOC_OPS} ops, ${MAX_DOC_BYTES} bytes); not loaded`
			);
		return err('snapshot', `the document does not load: ${cost.error.reason}`);
	}
	let doc: A.Doc<Record<string, unknown>>;
	let all: Uint8Array[];
	try {
		doc = A.load(s.doc, actor ? { actor: actor as A.ActorId } : {});
		all = A.getAllChanges(doc);
	} catch (e) {
		return err('snapshot', `the document does not load: ${(e as Error).message}`);
	}
	// Only each change's actor and seq are needed to rebuild the entries (the checks read the
	// rest while the signatures are verified: snapshot-check.ts).
	let byActor: Map<string, Uint8Array[]>;
	try {
		byActor = changesByActor(all);
	} catch (e) {
		return err('snapshot', `a change of the document does not decode: ${(e as Error).message}`);
	}
	const entries: EntryItem[] = [];
	const parts: { seq: number; changes: Uint8Array[] }[] = [];
	for (const log of s.logs) {
		const mine = byActor.get(actorFor(log.author as AuthorId, log.logId)) ?? [];
		const author = fromHex(log.author)!;
		const built: Uint8Array[] = [];
		let cursor = 0;
		for (let i = 0; i < log.entries.length; i++) {
			const e = log.entries[i]!;
			const n = i + 1;
			if (e.changes < 1 || cursor + e.changes > mine.length) break;
			const changes = mine.slice(cursor, cursor + e.changes);
			const payload = encodeChanges(changes);
			cursor += e.changes;
			const fields: EntryFields = {
				endOfLog: e.endOfLog,
				author,
				logId: log.logId,
				seqNum: n,
				...(hasLipmaaLink(n) ? { lipmaaLink: encodeHash(suite, built[lipmaa(n) - 1]!) } : {}),
				...(n > 1 ? { backlink: encodeHash(suite, built[n - 2]!) } : {}),
				payloadSize: payload.length,
				payloadHash: encodeHash(suite, payload)
			};
			const entry = assembleEntry(fields, encodeUnsigned(fields), e.signature);
			built.push(entry.bytes);
			entries.push({ bytes: entry.bytes, payload });
			parts.push({ seq: n, changes });
		}
	}
	return ok({ doc, entries, parts, changes: all });
}
