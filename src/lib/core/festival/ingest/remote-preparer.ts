/**
 * Running a {@link Preparer} on another thread: a client ({@link RemotePreparer}) and a
 * server ({@link servePreparer}) over anything shaped like a worker's message port (a Web
 * Worker and its global scope, a MessagePort, a Node worker_threads port). Two requests:
 * prepare a batch of entries (prepare.ts), and check a newcomer's snapshot
 * (snapshot-check.ts).
 *
 * A batch travels as one buffer holding every entry and payload, transferred, not copied
 * (entries usually are views into a larger network message, which `structuredClone` would
 * copy whole, once per view); a snapshot as its SNAPSHOT message bytes; the entries a checked
 * snapshot rebuilt come back the same way. Everything else is plain data.
 * @module
 */
import type { CryptoOptions } from '../../log/sign.js';
import { err, ok, type Problem, type Result } from '../../result.js';
import type { FestivalId } from '../document/ids.js';
import { packItems, unpackItems } from '../../log/pack.js';
import { localPreparer, type EntryItem, type PreparedEntry, type Preparer } from './prepare.js';
import type { CheckedSnapshot } from '../files/snapshot-check.js';
import { readSnapshot, writeSnapshot, type Snapshot } from '../files/snapshot.js';

/** Batches travel packed by log/pack.ts. */
export { packItems, unpackItems };

/** The part of a message port both ends use. */
export interface PortLike {
	postMessage(message: unknown, transfer?: Transferable[]): void;
	addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
	addEventListener(type: 'error', listener: (e: unknown) => void): void;
}

/** A batch as it travels: one buffer; per item, where its bytes and payload are. */
interface PrepareRequest {
	readonly id: number;
	readonly kind: 'prepare';
	readonly buffer: ArrayBuffer;
	/** Per item: bytes start, bytes end, payload start, payload end (no payload: both 2^32 - 1). */
	readonly offsets: Uint32Array;
}

/** A snapshot to check: its SNAPSHOT message. */
interface SnapshotRequest {
	readonly id: number;
	readonly kind: 'snapshot';
	readonly festival: string;
	readonly buffer: ArrayBuffer;
}

/** A checked snapshot as it travels back: its entries packed like a batch. */
interface PackedCheck {
	readonly buffer: ArrayBuffer;
	readonly offsets: Uint32Array;
	readonly shared: string[];
	readonly allowed: string[];
	readonly changes: number;
}

interface Reply {
	readonly id: number;
	readonly prepared?: PreparedEntry[];
	readonly snapshot?: { ok: true; value: PackedCheck } | { ok: false; error: Problem<'snapshot'> };
	readonly error?: string;
}

function isRequest(x: unknown): x is PrepareRequest | SnapshotRequest {
	const r = x as PrepareRequest | SnapshotRequest;
	if (
		typeof r !== 'object' ||
		r === null ||
		typeof r.id !== 'number' ||
		!(r.buffer instanceof ArrayBuffer)
	)
		return false;
	return r.kind === 'prepare'
		? r.offsets instanceof Uint32Array
		: r.kind === 'snapshot' && typeof r.festival === 'string';
}

function withoutEntry(p: PreparedEntry & { ok: true }): PreparedEntry {
	const { entry: _, ...rest } = p;
	return rest;
}

async function answer(
	req: PrepareRequest | SnapshotRequest,
	here: Preparer
): Promise<{ reply: Reply; transfer: Transferable[] }> {
	if (req.kind === 'prepare')
		return {
			reply: {
				id: req.id,
				// Without the decoded entries: the caller decodes its own (no bytes copied back).
				prepared: (await here.prepare(unpackItems(req.buffer, req.offsets))).map((p) =>
					p.ok && p.entry ? withoutEntry(p) : p
				)
			},
			transfer: []
		};
	const s = readSnapshot(new Uint8Array(req.buffer));
	const checked = s.ok ? await here.checkSnapshot(s.value, req.festival as FestivalId) : s;
	if (!checked.ok) return { reply: { id: req.id, snapshot: checked }, transfer: [] };
	const { buffer, offsets } = packItems(checked.value.entries);
	const value: PackedCheck = {
		buffer,
		offsets,
		shared: [...checked.value.shared],
		allowed: [...checked.value.allowed],
		changes: checked.value.changes
	};
	return { reply: { id: req.id, snapshot: { ok: true, value } }, transfer: [buffer] };
}

/** The message a server sends once it listens (see {@link RemotePreparer}). */
export const READY = 'festival-prepare-ready';

/**
 * Answers requests arriving on `port` (call it in the worker), after saying {@link READY}:
 * a module worker may start delivering messages before its top-level awaits (Automerge's
 * wasm) have run, so messages sent before it listens could be lost; the client waits.
 */
export function servePreparer(port: PortLike, opts: CryptoOptions = {}): void {
	const here = localPreparer(opts);
	port.addEventListener('message', (e) => {
		const req = e.data;
		if (!isRequest(req)) return;
		answer(req, here).then(
			({ reply, transfer }) => port.postMessage(reply, transfer),
			(err: unknown) =>
				port.postMessage({
					id: req.id,
					error: err instanceof Error ? err.message : String(err)
				} satisfies Reply)
		);
	});
	port.postMessage(READY);
}

/**
 * A {@link Preparer} that sends batches to a port served by {@link servePreparer}. If the
 * other side fails (a worker that does not start, a reply that is an error), that batch and
 * every later one are prepared in the calling thread instead: ingest never stops for it.
 */
export class RemotePreparer implements Preparer {
	readonly #port: PortLike;
	readonly #fallback: Preparer;
	readonly #waiting = new Map<
		number,
		{ resolve: (r: Reply) => void; reject: (e: Error) => void }
	>();
	#next = 1;
	#broken: string | undefined;
	/** Batches prepared on the other side so far. */
	remoteBatches = 0;

	/** Resolves once the other side listens (or has failed). */
	readonly #listening: Promise<void>;

	/**
	 * `startTimeoutMs`: how long the other side may take to say it listens before batches are
	 * prepared here instead (default 20 s).
	 */
	constructor(port: PortLike, fallback: Preparer, startTimeoutMs = 20_000) {
		this.#port = port;
		this.#fallback = fallback;
		let listening: () => void = () => undefined;
		this.#listening = new Promise<void>((resolve) => (listening = resolve));
		const timer = setTimeout(() => {
			this.#fail(
				`the preparing thread did not start within ${Math.round(startTimeoutMs / 1000)} s`
			);
			listening();
		}, startTimeoutMs);
		port.addEventListener('message', (e) => {
			if (e.data === READY) {
				clearTimeout(timer);
				return listening();
			}
			const r = e.data as Reply;
			const w = typeof r === 'object' && r !== null ? this.#waiting.get(r.id) : undefined;
			if (!w) return;
			this.#waiting.delete(r.id);
			if (r.prepared || r.snapshot) w.resolve(r);
			else w.reject(new Error(r.error ?? 'the preparing thread sent no answer'));
		});
		port.addEventListener('error', (e) => {
			clearTimeout(timer);
			this.#fail(e instanceof Error ? e.message : 'the preparing thread failed');
			listening();
		});
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

	/** Sends a request and waits for its reply; rejects when the other side fails. */
	async #ask(req: PrepareRequest | SnapshotRequest): Promise<Reply> {
		await this.#listening;
		if (this.#broken) throw new Error(this.#broken);
		const reply = new Promise<Reply>((resolve, reject) =>
			this.#waiting.set(req.id, { resolve, reject })
		);
		this.#port.postMessage(req, [req.buffer]);
		return reply;
	}

	async prepare(items: readonly EntryItem[]): Promise<PreparedEntry[]> {
		if (this.#broken || items.length === 0) return this.#fallback.prepare(items);
		const { buffer, offsets } = packItems(items);
		try {
			const { prepared } = await this.#ask({ id: this.#next++, kind: 'prepare', buffer, offsets });
			if (!Array.isArray(prepared) || prepared.length !== items.length)
				throw new Error('the preparing thread answered for a different batch');
			this.remoteBatches++;
			return prepared;
		} catch (e) {
			this.#fail(e instanceof Error ? e.message : String(e));
			return this.#fallback.prepare(items);
		}
	}

	/** Checks on the other side; the document is loaded by the caller (`actor` is for the fallback here). */
	async checkSnapshot(
		s: Snapshot,
		id: FestivalId,
		actor?: string
	): Promise<Result<CheckedSnapshot, 'snapshot'>> {
		if (this.#broken) return this.#fallback.checkSnapshot(s, id, actor);
		const bytes = writeSnapshot(s);
		try {
			const { snapshot } = await this.#ask({
				id: this.#next++,
				kind: 'snapshot',
				festival: id,
				buffer: bytes.buffer as ArrayBuffer
			});
			if (!snapshot) throw new Error('the preparing thread did not answer about the snapshot');
			this.remoteBatches++;
			if (!snapshot.ok) return err('snapshot', snapshot.error.reason);
			const v = snapshot.value;
			return ok({
				entries: unpackItems(v.buffer, v.offsets),
				shared: v.shared,
				allowed: v.allowed,
				changes: v.changes
			});
		} catch (e) {
			this.#fail(e instanceof Error ? e.message : String(e));
			return this.#fallback.checkSnapshot(s, id, actor);
		}
	}
}
