/**
 * Festival replication messages (PROTOCOL.md, "Festival sync"). Every message is
 * `varu64 type • body`; writeX / readX pairs as in y-protocols. Readers never throw: they
 * return a typed result, and bounds come from the remaining bytes, so a hostile length
 * cannot make a peer allocate more than it received.
 * @module
 */
import { fromHex, toHex } from '../bytes.js';
import { MAX_PAYLOAD_SIZE } from '../log/entry.js';
import { readVaru64, varu64Length, writeVaru64 } from '../log/varu64.js';
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

/** Largest entry encoding accepted on the wire (a bamboo entry is a few hundred bytes). */
const MAX_ENTRY_BYTES = 4096;

class Writer {
	buf = new Uint8Array(256);
	len = 0;
	#grow(n: number) {
		if (this.len + n <= this.buf.length) return;
		let size = this.buf.length * 2;
		while (size < this.len + n) size *= 2;
		const b = new Uint8Array(size);
		b.set(this.buf.subarray(0, this.len));
		this.buf = b;
	}
	varu64(v: number | bigint) {
		this.#grow(varu64Length(v));
		this.len = writeVaru64(this.buf, this.len, v);
	}
	bytes(b: Uint8Array) {
		this.#grow(b.length);
		this.buf.set(b, this.len);
		this.len += b.length;
	}
	done(): Uint8Array {
		return this.buf.slice(0, this.len);
	}
}

function head(w: Writer, type: number, festival: FestivalId): void {
	w.varu64(type);
	w.bytes(fromHex(festival)!);
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
	const w = new Writer();
	head(w, MSG_HAVE, festival);
	w.varu64(noSnapshot ? 1 : 0);
	w.varu64(logs.length);
	for (const l of logs) {
		w.bytes(fromHex(l.author)!);
		w.varu64(l.logId);
		w.varu64(l.seq);
		if (l.seq > 0)
			w.bytes(l.tip && l.tip.length === TIP_LENGTH ? l.tip : new Uint8Array(TIP_LENGTH));
		const missing = l.missing.slice(0, MAX_MISSING);
		w.varu64(missing.length);
		for (const m of missing) w.varu64(m);
	}
	return w.done();
}

/** ENTRIES: festival • push flag • n • n × (len • entry • len+1 • payload, or 0 for none). */
export function writeEntries(
	festival: FestivalId,
	entries: readonly EntryItem[],
	push: boolean
): Uint8Array {
	const w = new Writer();
	head(w, MSG_ENTRIES, festival);
	w.varu64(push ? 1 : 0);
	w.varu64(entries.length);
	for (const e of entries) {
		w.varu64(e.bytes.length);
		w.bytes(e.bytes);
		if (e.payload) {
			w.varu64(e.payload.length + 1);
			w.bytes(e.payload);
		} else w.varu64(0);
	}
	return w.done();
}

/** PRUNE: "stop pushing to me eagerly; your pushes reach me twice". */
export function writePrune(festival: FestivalId): Uint8Array {
	const w = new Writer();
	head(w, MSG_PRUNE, festival);
	return w.done();
}

/** GRAFT: "push to me eagerly again". */
export function writeGraft(festival: FestivalId): Uint8Array {
	const w = new Writer();
	head(w, MSG_GRAFT, festival);
	return w.done();
}

class Reader {
	o = 0;
	constructor(readonly b: Uint8Array) {}
	varu64(what: string, max: number): number | string {
		const r = readVaru64(this.b, this.o);
		if (!r.ok) return `${what}: ${r.error.reason}`;
		this.o += r.value.length;
		if (r.value.value > BigInt(max)) return `${what} ${r.value.value} is over ${max}`;
		return Number(r.value.value);
	}
	big(what: string): bigint | string {
		const r = readVaru64(this.b, this.o);
		if (!r.ok) return `${what}: ${r.error.reason}`;
		this.o += r.value.length;
		return r.value.value;
	}
	take(n: number, what: string): Uint8Array | string {
		if (this.o + n > this.b.length) return `the message ends inside ${what}`;
		const out = this.b.subarray(this.o, this.o + n);
		this.o += n;
		return out;
	}
	get left(): number {
		return this.b.length - this.o;
	}
}

/** Decodes a sync message from untrusted bytes; never throws. */
export function readMessage(bytes: Uint8Array): Result<SyncMessage, 'message'> {
	const r = new Reader(bytes);
	const bad = (reason: string) => err('message', reason);
	const type = r.varu64('message type', 1000);
	if (typeof type === 'string') return bad(type);
	const fid = r.take(32, 'the festival id');
	if (typeof fid === 'string') return bad(fid);
	const festival = toHex(fid) as FestivalId;
	let msg: SyncMessage;
	switch (type) {
		case MSG_HAVE: {
			const flags = r.varu64('flags', 1);
			if (typeof flags === 'string') return bad(flags);
			const n = r.varu64('log count', Math.floor(r.left / 35));
			if (typeof n === 'string') return bad(n);
			const logs: LogHave[] = [];
			for (let i = 0; i < n; i++) {
				const a = r.take(32, 'an author');
				if (typeof a === 'string') return bad(a);
				const logId = r.big('log id');
				if (typeof logId === 'string') return bad(logId);
				const seq = r.varu64('seq', Number.MAX_SAFE_INTEGER);
				if (typeof seq === 'string') return bad(seq);
				let tip: Uint8Array | undefined;
				if (seq > 0) {
					const t = r.take(TIP_LENGTH, 'a tip hash');
					if (typeof t === 'string') return bad(t);
					tip = t.slice();
				}
				const count = r.varu64('missing count', Math.min(MAX_MISSING, seq));
				if (typeof count === 'string') return bad(count);
				const missing: number[] = [];
				for (let j = 0; j < count; j++) {
					const m = r.varu64('a missing seq', seq);
					if (typeof m === 'string') return bad(m);
					if (m < 1 || m > seq || (j > 0 && m <= missing[j - 1]!))
						return bad(`missing seq ${m} is not in order up to ${seq}`);
					missing.push(m);
				}
				logs.push({ author: toHex(a), logId, seq, missing, ...(tip ? { tip } : {}) });
			}
			msg = { type: 'have', festival, logs, noSnapshot: flags === 1 };
			break;
		}
		case MSG_ENTRIES: {
			const push = r.varu64('push flag', 1);
			if (typeof push === 'string') return bad(push);
			const n = r.varu64('entry count', Math.floor(r.left / 2));
			if (typeof n === 'string') return bad(n);
			const entries: EntryItem[] = [];
			for (let i = 0; i < n; i++) {
				const el = r.varu64('entry length', MAX_ENTRY_BYTES);
				if (typeof el === 'string') return bad(el);
				const e = r.take(el, 'an entry');
				if (typeof e === 'string') return bad(e);
				const pl = r.varu64('payload length', MAX_PAYLOAD_SIZE + 1);
				if (typeof pl === 'string') return bad(pl);
				if (pl === 0) {
					entries.push({ bytes: e.slice() });
					continue;
				}
				const p = r.take(pl - 1, 'a payload');
				if (typeof p === 'string') return bad(p);
				entries.push({ bytes: e.slice(), payload: p.slice() });
			}
			msg = { type: 'entries', festival, push: push === 1, entries };
			break;
		}
		case MSG_PRUNE:
			msg = { type: 'prune', festival };
			break;
		case MSG_SNAPSHOT: {
			const snap = readSnapshot(bytes);
			return snap.ok ? ok({ type: 'snapshot', snapshot: snap.value }) : bad(snap.error.reason);
		}
		case MSG_GRAFT:
			msg = { type: 'graft', festival };
			break;
		default:
			return bad(`unknown message type ${type}`);
	}
	if (r.left !== 0) return bad(`${r.left} stray bytes after the message`);
	return ok(msg);
}
