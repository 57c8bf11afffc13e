/**
 * Verifying large batches of entries on worker threads: a {@link BatchVerifier} for the Node
 * programs (`festival log verify`, the CLI's and the headless peer's ingest). Workers start on
 * the first large batch, one per available core; they never keep the process alive (a worker
 * is referenced only while it has a chunk to answer) and {@link VerifyPool.close} ends them.
 *
 * Every worker runs `verifyChunk`, the function the calling thread runs, so verdicts are the
 * same wherever an entry is verified. If a worker fails (does not start, crashes, exits, or
 * answers for a different chunk), its chunks and every later batch are verified in the
 * calling thread instead, and {@link VerifyPool.broken} says why: a failure never makes a
 * verdict, it only moves the work.
 * @module
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packItems } from '../../lib/core/log/pack.js';
import type { HashSuite } from '../../lib/core/log/hash.js';
import type { BatchVerdict, BatchVerifier } from '../../lib/core/log/sign.js';
import { verifyChunk, type BatchItem } from '../../lib/core/log/verify-batch.js';
import { nativeSuite, nodeBackend } from './ed25519-node.js';
import { unpackVerdicts, type ChunkReply, type ChunkRequest } from './verify-wire.js';

/** Chunks a batch is cut into per worker (fewer when they would be under {@link MIN_CHUNK}). */
const CHUNKS_PER_WORKER = 16;
/** The smallest chunk worth a message to a worker. */
const MIN_CHUNK = 32;

/** Batches from this many entries are verified on worker threads (by default). */
export const POOL_THRESHOLD = 256;

/** How a {@link VerifyPool} is made. */
export interface VerifyPoolOptions {
	/** Worker threads (default: the available parallelism, at least 1). */
	readonly size?: number;
	/** Smallest batch sent to the workers (default {@link POOL_THRESHOLD}). */
	readonly threshold?: number;
	/** The worker's module (default verify-worker next to this module); for tests. */
	readonly worker?: URL;
	/** Told once, when the workers fail and verification moves to the calling thread. */
	readonly onProblem?: (why: string) => void;
}

interface Waiter {
	resolve(r: ChunkReply): void;
	reject(e: Error): void;
}

interface Slot {
	readonly worker: Worker;
	readonly waiting: Map<number, Waiter>;
}

/**
 * Starts the worker module beside this one: the built JavaScript, or, when this runs from the
 * TypeScript sources (tests, `npm run cli`), the source through tsx, which a worker's own
 * `--import` does not apply to in Node 20.
 */
function startWorker(custom: URL | undefined): Worker {
	const options = { name: 'festival-verify' };
	if (custom) return new Worker(custom, options);
	const here = import.meta.url;
	if (!here.endsWith('.ts'))
		return new Worker(new URL(here.replace(/[^/]*$/, 'verify-worker.js')), options);
	const source = JSON.stringify(here.replace(/[^/]*$/, 'verify-worker.ts'));
	const tsx = createRequire(here)
		.resolve('tsx/esm/api')
		.replace(/\.cjs$/, '.mjs');
	const api = JSON.stringify(pathToFileURL(tsx).href);
	const code = `import(${api}).then((m) => m.tsImport(${source}, ${source}))`;
	return new Worker(code, { ...options, eval: true });
}

/** Verifies large batches on worker threads; see the module comment. */
export class VerifyPool implements BatchVerifier {
	readonly threshold: number;
	readonly size: number;
	readonly #opts: VerifyPoolOptions;
	#slots: Slot[] | undefined;
	#next = 1;
	#broken: string | undefined;
	#closed = false;
	/** Chunks the workers have verified so far. */
	chunksInWorkers = 0;

	constructor(opts: VerifyPoolOptions = {}) {
		this.#opts = opts;
		this.threshold = opts.threshold ?? POOL_THRESHOLD;
		this.size = Math.max(1, opts.size ?? availableParallelism());
	}

	/** Why the workers are not used any more, if they are not. */
	get broken(): string | undefined {
		return this.#broken;
	}

	async verifyMany(items: readonly BatchItem[], suite: HashSuite): Promise<BatchVerdict[]> {
		if (this.#broken || this.#closed || items.length === 0) return this.#here(items, suite);
		let slots: Slot[];
		try {
			slots = this.#start();
		} catch (e) {
			this.#fail(`the verifying threads did not start: ${e instanceof Error ? e.message : e}`);
			return this.#here(items, suite);
		}
		// Several chunks per worker, taken in turn, so a worker on a busy core takes fewer; two in
		// flight per worker, so none waits for the calling thread between its chunks.
		const per = Math.max(MIN_CHUNK, Math.ceil(items.length / (slots.length * CHUNKS_PER_WORKER)));
		const chunks: BatchItem[][] = [];
		for (let i = 0; i < items.length; i += per) chunks.push(items.slice(i, i + per));
		const out: BatchVerdict[][] = new Array(chunks.length);
		let taken = 0;
		const run = async (slot: Slot) => {
			while (taken < chunks.length) {
				const i = taken++;
				out[i] = await this.#chunk(slot, chunks[i]!, suite);
			}
		};
		await Promise.all(slots.flatMap((slot) => [run(slot), run(slot)]));
		return out.flat();
	}

	/**
	 * Starts the workers now rather than on the first large batch, and resolves once each has
	 * answered an empty chunk (its modules loaded): a program that will verify soon takes their
	 * start-up off its first batch. Never rejects; a failure is handled as in a batch.
	 */
	async warm(): Promise<void> {
		if (this.#broken || this.#closed) return;
		try {
			const slots = this.#start();
			await Promise.all(
				slots.map((slot) => {
					const { buffer, offsets } = packItems([]);
					const req = { id: this.#next++, suite: 'yamf' as const, buffer, offsets };
					return this.#ask(slot, req, buffer);
				})
			);
		} catch (e) {
			this.#fail(`the verifying threads did not start: ${e instanceof Error ? e.message : e}`);
		}
	}

	/** Ends the workers; later batches are verified in the calling thread. */
	async close(): Promise<void> {
		this.#closed = true;
		const slots = this.#slots ?? [];
		this.#slots = undefined;
		await Promise.all(slots.map((s) => s.worker.terminate()));
	}

	#here(items: readonly BatchItem[], suite: HashSuite): Promise<BatchVerdict[]> {
		return verifyChunk(items, { backend: nodeBackend, suite: nativeSuite(suite) });
	}

	async #chunk(slot: Slot, items: BatchItem[], suite: HashSuite): Promise<BatchVerdict[]> {
		if (!this.#broken && !this.#closed) {
			try {
				const { buffer, offsets } = packItems(items);
				const id = this.#next++;
				const reply = await this.#ask(slot, { id, suite: suite.name, buffer, offsets }, buffer);
				const verdicts = reply.error
					? undefined
					: unpackVerdicts(reply, items.length, suite.encodedLength);
				if (!verdicts)
					throw new Error(reply.error ?? 'a verifying thread answered for a different chunk');
				this.chunksInWorkers++;
				return verdicts;
			} catch (e) {
				this.#fail(e instanceof Error ? e.message : String(e));
			}
		}
		return this.#here(items, suite);
	}

	#ask(slot: Slot, req: ChunkRequest, buffer: ArrayBuffer): Promise<ChunkReply> {
		return new Promise<ChunkReply>((resolve, reject) => {
			if (slot.waiting.size === 0) slot.worker.ref();
			slot.waiting.set(req.id, { resolve, reject });
			slot.worker.postMessage(req, [buffer]);
		});
	}

	#start(): Slot[] {
		if (this.#slots) return this.#slots;
		this.#slots = Array.from({ length: this.size }, () => {
			const worker = startWorker(this.#opts.worker);
			const slot: Slot = { worker, waiting: new Map() };
			const settle = (r: ChunkReply) => {
				const w = slot.waiting.get(r.id);
				if (!w) return;
				slot.waiting.delete(r.id);
				if (slot.waiting.size === 0) worker.unref();
				w.resolve(r);
			};
			const failAll = (why: string) => {
				for (const w of slot.waiting.values()) w.reject(new Error(why));
				slot.waiting.clear();
				this.#fail(why);
			};
			worker.on('message', (r: ChunkReply) => settle(r));
			worker.on('error', (e) => failAll(`a verifying thread failed: ${e.message}`));
			// After close() too: what it was verifying is verified in the calling thread.
			worker.on('exit', (code) => failAll(`a verifying thread exited (code ${code})`));
			worker.unref();
			return slot;
		});
		return this.#slots;
	}

	#fail(why: string): void {
		if (this.#broken || this.#closed) return;
		this.#broken = why;
		this.#opts.onProblem?.(why);
		const slots = this.#slots ?? [];
		this.#slots = undefined;
		for (const s of slots) void s.worker.terminate();
	}
}
