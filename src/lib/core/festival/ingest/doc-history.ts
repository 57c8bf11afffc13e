/**
 * What an engine's document holds: the highest applied seq per actor and every change hash,
 * read from its history on first need (a lookup by hash in Automerge materialises the
 * change: too slow for more than a few, so only the first 16 lookups ask Automerge).
 * @module
 */
import * as A from '@automerge/automerge';

/** The known history of one document; {@link reset} when the document is replaced. */
export class DocHistory {
	#history: { seqs: Map<string, number>; hashes: Set<string> } | undefined;
	/** Lookups answered by Automerge before the history is read. */
	#lookups = 0;

	/** The highest applied seq per actor and every change hash of `doc`. */
	known(doc: A.Doc<unknown>): { seqs: Map<string, number>; hashes: Set<string> } {
		if (!this.#history) {
			const seqs = new Map<string, number>();
			const hashes = new Set<string>();
			if (A.getHeads(doc).length) {
				for (const m of A.getChangesMetaSince(doc, [])) {
					seqs.set(m.actor, Math.max(m.seq, seqs.get(m.actor) ?? 0));
					hashes.add(m.hash);
				}
			}
			this.#history = { seqs, hashes };
		}
		return this.#history;
	}

	/** Whether `doc` holds the change with this hash. */
	has(doc: A.Doc<unknown>, hash: string): boolean {
		if (!this.#history && ++this.#lookups <= 16) return A.hasHeads(doc, [hash]);
		return this.known(doc).hashes.has(hash);
	}

	/** A change applied to the document by its writer: kept current without a rescan. */
	noteApplied(hash: string, actor: string, seq: number): void {
		if (!this.#history) return;
		this.#history.seqs.set(actor, Math.max(seq, this.#history.seqs.get(actor) ?? 0));
		this.#history.hashes.add(hash);
	}

	/** Forgets what was read: the document was replaced. */
	reset(): void {
		this.#history = undefined;
	}
}
