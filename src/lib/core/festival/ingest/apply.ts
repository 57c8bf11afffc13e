/**
 * Applying verified changes to a festival's Automerge document without ever damaging it.
 *
 * `Automerge.applyChanges` throws on some changes that decode fine (a duplicate or skipped seq
 * for an actor, among others), and a throw in the middle of a batch leaves the document's
 * backend in a state that saves into bytes that no longer load. So the engine checks what it
 * can before (actor seqs, engine.ts), and this module applies every batch to the document
 * only with a cheap clone kept as a backup (copy on write in Automerge's backend: about a
 * millisecond for 10,000 events): if Automerge throws, the backup is taken back and the batch
 * is split in halves until the changes it refuses are found. Changes Automerge holds back
 * (a dependency refused) are reported as not applied.
 * @module
 */
import * as A from '@automerge/automerge';
import type { FestivalDoc } from '../document/doc.js';
import { isOneChangeChunk } from './change-parse.js';

/** A change to apply: its bytes and hash. */
export interface ApplyItem {
	readonly bytes: Uint8Array;
	readonly hash: string;
}

/** What {@link applySafely} did. */
export interface ApplyOutcome {
	readonly doc: A.Doc<FestivalDoc>;
	/** Changes Automerge refused, with its reason. */
	readonly refused: { readonly item: ApplyItem; readonly reason: string }[];
	/** Changes not in the document afterwards for another reason (a refused dependency). */
	readonly held: ApplyItem[];
}

/**
 * Changes for an empty document, loaded as one: Automerge builds the document in one pass,
 * about a quarter faster than applying them one by one (a newcomer taking a whole history by
 * entries). Only when every item is exactly one plain change chunk (isOneChangeChunk: the
 * bytes laid end to end read back as the same changes, and none is a whole document) and the
 * document holds no change waiting for a dependency. Undefined when Automerge refuses any of
 * them (a bad change, a missing dependency): they are then applied as usual, which finds it.
 */
function loadFresh(
	doc: A.Doc<FestivalDoc>,
	items: readonly ApplyItem[]
): A.Doc<FestivalDoc> | undefined {
	if (A.getMissingDeps(doc, []).length) return undefined;
	let size = 0;
	for (const i of items) {
		if (!isOneChangeChunk(i.bytes)) return undefined;
		size += i.bytes.length;
	}
	const all = new Uint8Array(size);
	let at = 0;
	for (const i of items) {
		all.set(i.bytes, at);
		at += i.bytes.length;
	}
	try {
		return A.load<FestivalDoc>(all, { actor: A.getActorId(doc) as A.ActorId });
	} catch {
		return undefined;
	}
}

function tryApply(
	doc: A.Doc<FestivalDoc>,
	items: readonly ApplyItem[]
): A.Doc<FestivalDoc> | Error {
	// An empty document needs no copy to go back to (the common bulk case: a newcomer).
	const empty = A.getHeads(doc).length === 0;
	const loaded = empty ? loadFresh(doc, items) : undefined;
	if (loaded) return loaded;
	const backup = empty
		? A.init<FestivalDoc>({ actor: A.getActorId(doc) as A.ActorId })
		: A.clone(doc, A.getActorId(doc));
	try {
		const next = A.applyChanges(
			doc,
			items.map((i) => i.bytes)
		)[0];
		A.free(backup);
		return next;
	} catch (e) {
		// `doc`'s backend may be damaged now: continue from the backup.
		return Object.assign(e instanceof Error ? e : new Error(String(e)), { backup });
	}
}

/**
 * Applies `items` in order. Never throws for what Automerge refuses; the document returned is
 * always one Automerge can save and load.
 */
export function applySafely(doc: A.Doc<FestivalDoc>, items: readonly ApplyItem[]): ApplyOutcome {
	const refused: { item: ApplyItem; reason: string }[] = [];
	const run = (d: A.Doc<FestivalDoc>, part: readonly ApplyItem[]): A.Doc<FestivalDoc> => {
		if (!part.length) return d;
		const r = tryApply(d, part);
		if (!(r instanceof Error)) return r;
		const backup = (r as Error & { backup: A.Doc<FestivalDoc> }).backup;
		if (part.length === 1) {
			refused.push({
				item: part[0]!,
				reason: `Automerge cannot apply it (${r.message.split('\n')[0]})`
			});
			return backup;
		}
		const mid = part.length >> 1;
		return run(run(backup, part.slice(0, mid)), part.slice(mid));
	};
	const out = run(doc, items);
	const held: ApplyItem[] = [];
	const refusedSet = new Set(refused.map((r) => r.item));
	// Automerge queues a change whose dependencies it lacks instead of refusing it; only then
	// (rarely: a dependency was refused) is each change looked up, which is costly.
	if (items.length && A.getMissingDeps(out, []).length) {
		for (const i of items) if (!refusedSet.has(i) && !A.hasHeads(out, [i.hash])) held.push(i);
	}
	return { doc: out, refused, held };
}

const yieldToEventLoop = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * Applies a batch in slices of about `sliceMs` milliseconds, yielding to the event loop
 * between them. The slice size starts small (a change can hold hundreds of events) and
 * adapts to the time slices take.
 */
export class Slicer {
	readonly #sliceMs: number;
	#sliceSize = 4;

	constructor(sliceMs: number) {
		this.#sliceMs = sliceMs;
	}

	/** Calls `one` on consecutive slices of `batch`. */
	async run<T>(batch: readonly T[], one: (part: T[]) => void): Promise<void> {
		for (let i = 0; i < batch.length;) {
			const n = Math.min(this.#sliceSize, batch.length - i);
			const t = performance.now();
			one(batch.slice(i, i + n));
			const took = performance.now() - t;
			i += n;
			// Aim the next slice at the time budget, changing by at most a factor of 2.
			const aim = took > 0 ? (n * this.#sliceMs) / took : n * 2;
			this.#sliceSize = Math.max(
				1,
				Math.min(8192, Math.round(Math.min(n * 2, Math.max(n / 2, aim))))
			);
			if (i < batch.length) await yieldToEventLoop();
		}
	}
}
