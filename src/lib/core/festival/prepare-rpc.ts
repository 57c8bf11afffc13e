/**
 * Running {@link prepareEntries} on another thread: a client ({@link RemotePreparer}) and a
 * server ({@link servePreparer}) over anything shaped like a worker's message port (a Web
 * Worker and its global scope, a MessagePort, a Node worker_threads port).
 *
 * A request packs every entry and payload of a batch into one buffer that is transferred,
 * not copied (entries usually are views into a larger network message, which
 * `structuredClone` would copy whole, once per view). Replies are plain data.
 * @module
 */
import type { CryptoOptions } from '../log/sign.js';
import { prepareEntries, type EntryItem, type PreparedEntry, type Preparer } from './prepare.js';

/** The part of a message port both ends use. */
export interface PortLike {
	postMessage(message: unknown, transfer?: Transferable[]): void;
	addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
	addEventListener(type: 'error', listener: (e: unknown) => void): void;
}

/** A batch as it travels: one buffer; per item, where its bytes and payload are (-1: no payload). */
interface Request {
	readonly id: number;
	readonly buffer: ArrayBuffer;
	/** Per item: bytes start, bytes end, payload start, payload end. */
	readonly offsets: Uint32Array;
}

interface Reply {
	readonly id: number;
	readonly prepared?: PreparedEntry[];
	readonly error?: string;
}

const NO_PAYLOAD = 0xffffffff;

/** Packs a batch into one transferable buffer. */
export function packItems(items: readonly EntryItem[]): { buffer: ArrayBuffer; offsets: Uint32Array } {
	let size = 0;
	for (const it of items) size += it.bytes.length + (it.payload?.length ?? 0);
	const buf = new Uint8Array(size);
	const offsets = new Uint32Array(items.length * 4);
	let o = 0;
	items.forEach((it, i) => {
		buf.set(it.bytes, o);
		offsets[i * 4] = o;
		offsets[i * 4 + 1] = o += it.bytes.length;
		if (it.payload) {
			buf.set(it.payload, o);
			offsets[i * 4 + 2] = o;
			offsets[i * 4 + 3] = o += it.payload.length;
		} else {
			offsets[i * 4 + 2] = offsets[i * 4 + 3] = NO_PAYLOAD;
		}
	});
	return { buffer: buf.buffer, offsets };
}

/** Unpacks {@link packItems}; views into the one buffer. */
export function unpackItems(buffer: ArrayBuffer, offsets: Uint32Array): EntryItem[] {
	const buf = new Uint8Array(buffer);
	const out: EntryItem[] = [];
	for (let i = 0; i + 3 < offsets.length; i += 4) {
		const bytes = buf.subarray(offsets[i]!, offsets[i + 1]!);
		const ps = offsets[i + 2]!;
		out.push(ps === NO_PAYLOAD ? { bytes } : { bytes, payload: buf.subarray(ps, offsets[i + 3]!) });
	}
	return out;
}

function isRequest(x: unknown): x is Request {
	const r = x as Request;
	return typeof r === 'object' && r !== null && typeof r.id === 'number' && r.buffer instanceof ArrayBuffer && r.offsets instanceof Uint32Array;
}

/** Answers prepare requests arriving on `port` (call it in the worker). */
export function servePreparer(port: PortLike, opts: CryptoOptions = {}): void {
	port.addEventListener('message', (e) => {
		const req = e.data;
		if (!isRequest(req)) return;
		prepareEntries(unpackItems(req.buffer, req.offsets), opts).then(
			(prepared) => port.postMessage({ id: req.id, prepared } satisfies Reply),
			(err: unknown) => port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies Reply)
		);
	});
}

/**
 * A {@link Preparer} that sends batches to a port served by {@link servePreparer}. If the
 * other side fails (a worker that does not start, a reply that is an error), that batch and
 * every later one are prepared in the calling thread instead: ingest never stops for it.
 */
export class RemotePreparer implements Preparer {
	readonly #port: PortLike;
	readonly #fallback: Preparer;
	readonly #waiting = new Map<number, { resolve: (p: PreparedEntry[]) => void; reject: (e: Error) => void }>();
	#next = 1;
	#broken: string | undefined;
	/** Batches prepared on the other side so far. */
	remoteBatches = 0;

	constructor(port: PortLike, fallback: Preparer) {
		this.#port = port;
		this.#fallback = fallback;
		port.addEventListener('message', (e) => {
			const r = e.data as Reply;
			const w = typeof r === 'object' && r !== null ? this.#waiting.get(r.id) : undefined;
			if (!w) return;
			this.#waiting.delete(r.id);
			if (r.prepared && Array.isArray(r.prepared)) w.resolve(r.prepared);
			else w.reject(new Error(r.error ?? 'the preparing thread sent no answer'));
		});
		port.addEventListener('error', (e) => this.#fail(e instanceof Error ? e.message : 'the preparing thread failed'));
	}

	/** Why the other side is not used any more, if it is not. */
	get broken(): string | undefined {
		return this.#broken;
	}

	#fail(why: string): void {
		this.#broken ??= why;
		for (const w of this.#waiting.values()) w.reject(new Error(why));
		this.#waiting.clear();
	}

	async prepare(items: readonly EntryItem[]): Promise<PreparedEntry[]> {
		if (this.#broken || items.length === 0) return this.#fallback.prepare(items);
		const id = this.#next++;
		const { buffer, offsets } = packItems(items);
		try {
			const reply = new Promise<PreparedEntry[]>((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
			this.#port.postMessage({ id, buffer, offsets } satisfies Request, [buffer]);
			const prepared = await reply;
			if (prepared.length !== items.length) throw new Error('the preparing thread answered for a different batch');
			this.remoteBatches++;
			return prepared;
		} catch (e) {
			this.#fail(e instanceof Error ? e.message : String(e));
			return this.#fallback.prepare(items);
		}
	}
}
