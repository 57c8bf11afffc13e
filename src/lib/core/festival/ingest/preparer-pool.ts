/**
 * Several preparers behind one (the app's Web Workers): a batch of at least `threshold`
 * entries is split in order across all of them and prepared in parallel; smaller batches and
 * snapshots go to the first. Each part keeps its preparer's own failure handling (a
 * {@link RemotePreparer} prepares in the calling thread when its worker fails), so a failing
 * worker moves work, it never makes a verdict.
 * @module
 */
import type { FestivalId } from '../document/ids.js';
import type { CheckedSnapshot } from '../files/snapshot-check.js';
import type { Snapshot } from '../files/snapshot.js';
import type { Result } from '../../result.js';
import type { EntryItem, PreparedEntry, Preparer } from './prepare.js';

/** Batches from this many entries are split across the pool (by default). */
export const POOL_BATCH = 256;

/** One preparer made of several; see the module comment. */
export class PreparerPool implements Preparer {
	readonly #first: Preparer;
	readonly #more: () => Preparer[];
	readonly #threshold: number;
	#others: Preparer[] | undefined;

	/**
	 * `more` makes the other preparers, once, on the first large batch (workers cost memory:
	 * a page that never gets a large batch starts none).
	 */
	constructor(first: Preparer, more: () => Preparer[], threshold = POOL_BATCH) {
		this.#first = first;
		this.#more = more;
		this.#threshold = threshold;
	}

	/** Every preparer started so far, the first first. */
	get members(): readonly Preparer[] {
		return [this.#first, ...(this.#others ?? [])];
	}

	async prepare(items: readonly EntryItem[]): Promise<PreparedEntry[]> {
		if (items.length < this.#threshold) return this.#first.prepare(items);
		this.#others ??= this.#more();
		const all = this.members;
		const per = Math.ceil(items.length / all.length);
		const parts = all.map((p, i) => p.prepare(items.slice(i * per, (i + 1) * per)));
		return (await Promise.all(parts)).flat();
	}

	checkSnapshot(
		s: Snapshot,
		id: FestivalId,
		actor?: string
	): Promise<Result<CheckedSnapshot, 'snapshot'>> {
		return this.#first.checkSnapshot(s, id, actor);
	}
}
