/**
 * Festival replication messages (PROTOCOL.md, "Festival sync"). Every message is
 * `varu64 type • body`, written and read with the core's codec (codec/). Readers never throw:
 * they return a typed result, and bounds come from the remaining bytes, so a hostile length
 * cannot make a peer allocate more than it received; an entry is at most MAX_ENTRY_SIZE.
 * @module
 */
import { fromHex, toHex } from '../bytes.js';
import {
	createEncoder,
	decode,
	fail,
	readBytes,
	readCount,
	readVarBigUint,
	readVarTag,
	readVarUint,
	toBytes,
	writeBytes,
	writeVarBytes,
	writeVarUint,
	type Decoder,
	type Encoder
} from '../codec/index.js';
import { MAX_ENTRY_SIZE, MAX_PAYLOAD_SIZE } from '../log/entry.js';
import { err, ok, type Result } from '../result.js';
import type { EntryItem } from '../festival/ingest/engine.js';
import type { FestivalId } from '../festival/document/ids.js';
import { MAX_MISSING, TIP_LENGTH, type LogHave } from '../festival/ingest/have.js';
import { MSG_SNAPSHOT, readSnapshot, type Snapshot } from '../festival/files/snapshot.js';

export const MSG_HAVE = 0;
export const MSG_ENTRIES = 1;
export const MSG_PRUNE = 2;
export const MSG_GRAFT = 3;

export type { LogHave } from '../festival/ingest/have.js';

/** A decoded sync message. */
export type SyncMessage =
	| {
			readonly type: 'have';
			readonly festival: FestivalId;
			readonly logs: LogHave[];
			readonly noSnapshot: boolean;
	  }
	| { readonly type: 'snapshot'; readonly snapshot: Snapshot }
	| {
			readonly type: 'entries';
			readonly festival: FestivalId;
			readonly push: boolean;
			readonly entries: EntryItem[];
	  }
	| { readonly type: 'prune'; readonly festival: FestivalId }
	| { readonly type: 'graft'; readonly festival: FestivalId };

function head(type: number, festival: FestivalId): Encoder {
	const w = createEncoder();
	writeVarUint(w, type);
	writeBytes(w, fromHex(festival)!);
	return w;
}

/**
 * HAVE: festival • flags • n • n × (author 32 bytes • log id • seq • tip (8 bytes, iff seq > 0)
 * • missing count • missing seqs, ascending, none above seq). Flag bit 0: "send me entries,
 * not a snapshot" (a newcomer whose snapshot failed).
 */
export function writeHave(
	festival: FestivalId,
	logs: readonly LogHave[],
	noSnapshot = false
): Uint8Array {
	const w = head(MSG_HAVE, festival);
	writeVarUint(w, noSnapshot ? 1 : 0);
	writeVarUint(w, logs.length);
	for (const l of logs) {
		writeBytes(w, fromHex(l.author)!);
		writeVarUint(w, l.logId);
		writeVarUint(w, l.seq);
		if (l.seq > 0)
			writeBytes(w, l.tip && l.tip.length === TIP_LENGTH ? l.tip : new Uint8Array(TIP_LENGTH));
		const missing = l.missing.slice(0, MAX_MISSING);
		writeVarUint(w, missing.length);
		for (const m of missing) writeVarUint(w, m);
	}
	return toBytes(w);
}

/** ENTRIES: festival • push flag • n • n × (len • entry • len+1 • payload, or 0 for none). */
export function writeEntries(
	festival: FestivalId,
	entries: readonly EntryItem[],
	push: boolean
): Uint8Array {
	const w = head(MSG_ENTRIES, festival);
	writeVarUint(w, push ? 1 : 0);
	writeVarUint(w, entries.length);
	for (const e of entries) {
		writeVarBytes(w, e.bytes);
		if (e.payload) {
			writeVarUint(w, e.payload.length + 1);
			writeBytes(w, e.payload);
		} else writeVarUint(w, 0);
	}
	return toBytes(w);
}

/** PRUNE: "stop pushing to me eagerly; your pushes reach me twice". */
export function writePrune(festival: FestivalId): Uint8Array {
	return toBytes(head(MSG_PRUNE, festival));
}

/** GRAFT: "push to me eagerly again". */
export function writeGraft(festival: FestivalId): Uint8Array {
	return toBytes(head(MSG_GRAFT, festival));
}

function readHave(d: Decoder): { logs: LogHave[]; noSnapshot: boolean } {
	const noSnapshot = readVarTag(d, 'flags', 1) === 1;
	// A log takes at least 35 bytes: author, log id, seq and missing count.
	const n = readCount(d, 'log count', { each: 35 });
	const logs: LogHave[] = [];
	for (let i = 0; i < n; i++) {
		const author = toHex(readBytes(d, 32, 'author'));
		const logId = readVarBigUint(d, 'log id');
		const seq = readVarUint(d, 'seq');
		const tip = seq > 0 ? readBytes(d, TIP_LENGTH, 'tip hash').slice() : undefined;
		const count = readCount(d, 'missing count', { limit: Math.min(MAX_MISSING, seq) });
		const missing: number[] = [];
		for (let j = 0; j < count; j++) {
			const at = d.pos;
			const m = readVarUint(d, 'missing seq');
			if (m < 1 || m > seq || (j > 0 && m <= missing[j - 1]!))
				fail(d, 'invalid', `missing seq ${m} is not in order up to ${seq}`, at);
			missing.push(m);
		}
		logs.push({ author, logId, seq, missing, ...(tip ? { tip } : {}) });
	}
	return { logs, noSnapshot };
}

function readEntries(d: Decoder): { push: boolean; entries: EntryItem[] } {
	const push = readVarTag(d, 'push flag', 1) === 1;
	// An entry takes at least 2 bytes: its length and its payload length.
	const n = readCount(d, 'entry count', { each: 2 });
	const entries: EntryItem[] = [];
	for (let i = 0; i < n; i++) {
		const bytes = readBytes(d, readCount(d, 'entry length', { limit: MAX_ENTRY_SIZE }), 'entry');
		// The payload length + 1, or 0 for none.
		const at = d.pos;
		const pl = readVarUint(d, 'payload length');
		if (pl > MAX_PAYLOAD_SIZE + 1)
			fail(d, 'too-long', `the payload length is ${pl - 1}, over ${MAX_PAYLOAD_SIZE}`, at);
		if (pl === 0) entries.push({ bytes: bytes.slice() });
		else entries.push({ bytes: bytes.slice(), payload: readBytes(d, pl - 1, 'payload').slice() });
	}
	return { push, entries };
}

/** Decodes a sync message from untrusted bytes; never throws. */
export function readMessage(bytes: Uint8Array): Result<SyncMessage, 'message'> {
	const r = decode(
		bytes,
		(d): SyncMessage => {
			const type = readVarTag(d, 'message type', 1000);
			if (type === MSG_SNAPSHOT) {
				// The snapshot reader takes the whole message, its type included.
				const snap = readSnapshot(bytes);
				if (!snap.ok) fail(d, 'invalid', snap.error.reason, 0);
				d.pos = bytes.length;
				return { type: 'snapshot', snapshot: snap.value };
			}
			const festival = toHex(readBytes(d, 32, 'festival id')) as FestivalId;
			switch (type) {
				case MSG_HAVE:
					return { type: 'have', festival, ...readHave(d) };
				case MSG_ENTRIES:
					return { type: 'entries', festival, ...readEntries(d) };
				case MSG_PRUNE:
					return { type: 'prune', festival };
				case MSG_GRAFT:
					return { type: 'graft', festival };
				default:
					return fail(d, 'bad-tag', `unknown message type ${type}`, 0);
			}
		},
		'message'
	);
	return r.ok ? ok(r.value) : err('message', r.error.reason);
}
