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
import { readVaru64, varu64Length, writeVaru64 } from '../../log/varu64.js';
import { err, ok, type Result } from '../../result.js';
import { documentCost, MAX_DOC_BYTES, MAX_DOC_OPS } from '../ingest/change-bounds.js';

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

/** Encodes a SNAPSHOT message. */
export function writeSnapshot(s: Snapshot): Uint8Array {
	let len =
		varu64Length(MSG_SNAPSHOT) +
		32 +
		varu64Length(s.doc.length) +
		s.doc.length +
		varu64Length(s.logs.length);
	for (const l of s.logs) {
		len += 32 + varu64Length(l.logId) + varu64Length(l.entries.length);
		for (const e of l.entries) len += 1 + varu64Length(e.changes) + SIGNATURE_LENGTH;
	}
	const out = new Uint8Array(len);
	let o = writeVaru64(out, 0, MSG_SNAPSHOT);
	out.set(fromHex(s.festival)!, o);
	o = writeVaru64(out, o + 32, s.doc.length);
	out.set(s.doc, o);
	o = writeVaru64(out, o + s.doc.length, s.logs.length);
	for (const l of s.logs) {
		out.set(fromHex(l.author)!, o);
		o = writeVaru64(out, o + 32, l.logId);
		o = writeVaru64(out, o, l.entries.length);
		for (const e of l.entries) {
			out[o++] = e.endOfLog ? 1 : 0;
			o = writeVaru64(out, o, e.changes);
			out.set(e.signature, o);
			o += SIGNATURE_LENGTH;
		}
	}
	return out;
}

/** Decodes a SNAPSHOT message (after checking its type); never throws. */
export function readSnapshot(b: Uint8Array): Result<Snapshot, 'snapshot'> {
	const bad = (why: string) => err('snapshot', why);
	let o = 0;
	const num = (what: string, max: number): number | string => {
		const r = readVaru64(b, o);
		if (!r.ok) return `${what}: ${r.error.reason}`;
		if (r.value.value > BigInt(Math.floor(max))) return `${what} is too large`;
		o += r.value.length;
		return Number(r.value.value);
	};
	const type = num('type', 1000);
	if (type !== MSG_SNAPSHOT) return bad('not a snapshot message');
	if (o + 32 > b.length) return bad('ends inside the festival id');
	const festival = toHex(b.subarray(o, o + 32)) as FestivalId;
	o += 32;
	const docLen = num('document length', b.length - o);
	if (typeof docLen === 'string') return bad(docLen);
	const doc = b.subarray(o, o + docLen);
	o += docLen;
	const logCount = num('log count', (b.length - o) / 34);
	if (typeof logCount === 'string') return bad(logCount);
	const logs: SnapshotLog[] = [];
	for (let i = 0; i < logCount; i++) {
		if (o + 32 > b.length) return bad('ends inside an author');
		const author = toHex(b.subarray(o, o + 32));
		o += 32;
		const id = readVaru64(b, o);
		if (!id.ok) return bad(`log id: ${id.error.reason}`);
		o += id.value.length;
		const n = num('entry count', (b.length - o) / (SIGNATURE_LENGTH + 2));
		if (typeof n === 'string') return bad(n);
		const entries: SnapshotEntry[] = [];
		for (let k = 0; k < n; k++) {
			const tag = b[o++];
			if (tag !== 0 && tag !== 1) return bad('an entry tag is 0 or 1');
			const changes = num('change count', 1_000_000);
			if (typeof changes === 'string') return bad(changes);
			if (o + SIGNATURE_LENGTH > b.length) return bad('ends inside a signature');
			entries.push({
				endOfLog: tag === 1,
				changes,
				signature: b.subarray(o, o + SIGNATURE_LENGTH)
			});
			o += SIGNATURE_LENGTH;
		}
		logs.push({ author, logId: id.value.value, entries });
	}
	if (o !== b.length) return bad('stray bytes after the snapshot');
	return ok({ festival, doc, logs });
}

/** A document and the entries rebuilt from a snapshot, ready for the engine to verify. */
export interface Rebuilt {
	readonly doc: A.Doc<Record<string, unknown>>;
	readonly entries: EntryItem[];
	readonly changes: A.DecodedChange[];
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
	const changes = all.map((c) => A.decodeChange(c));
	const byActor = new Map<string, Uint8Array[]>();
	const order = changes.map((c, i) => ({ c, bytes: all[i]! })).sort((x, y) => x.c.seq - y.c.seq);
	for (const { c, bytes } of order) {
		let list = byActor.get(c.actor);
		if (!list) byActor.set(c.actor, (list = []));
		list.push(bytes);
	}
	const entries: EntryItem[] = [];
	for (const log of s.logs) {
		const mine = byActor.get(actorFor(log.author as AuthorId, log.logId)) ?? [];
		const author = fromHex(log.author)!;
		const built: Uint8Array[] = [];
		let cursor = 0;
		for (let i = 0; i < log.entries.length; i++) {
			const e = log.entries[i]!;
			const n = i + 1;
			if (e.changes < 1 || cursor + e.changes > mine.length) break;
			const payload = encodeChanges(mine.slice(cursor, cursor + e.changes));
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
		}
	}
	return ok({ doc, entries, changes });
}
