/**
 * The changes an engine has seen but not applied, and the order they may go in: each waits
 * for its dependencies (by hash) and, when its actor's previous seq is missing, for that seq;
 * one whose wait is over is ready. Ready changes not (yet) known to belong to the festival are
 * parked. The queue decides nothing about rules or refusals: the engine does (engine.ts).
 * @module
 */
import type { AuthorId } from '../../identity/identity.js';
import type { PreparedChange } from './prepare.js';

/** A change waiting to be applied. */
export interface Candidate {
	readonly bytes: Uint8Array;
	readonly change: PreparedChange;
	readonly author: AuthorId;
	/** The change's actor: its log's (author key + log id). */
	readonly actor: string;
	/** The entry that carried it (author/log/seq). */
	readonly entry: string;
	/** Dependencies not yet applied. */
	missing: number;
}

/** Changes waiting for dependencies, ready ones, and what was applied. */
export class ChangeQueue {
	/** Every change seen but not applied (nor refused), by hash. */
	readonly pending = new Map<string, Candidate>();
	/** Hashes applied through this queue or noted as applied. */
	readonly applied = new Set<string>();
	/** Ancestors of the festival's genesis: a fork's history, which it may hold. */
	readonly allowedForeign = new Set<string>();
	/** Candidates whose waits are over, taken last in first out. */
	ready: Candidate[] = [];
	/** Ready candidates not (yet) known to belong to the festival. */
	parked: Candidate[] = [];
	/** Candidates waiting on a dependency, by the dependency's hash. */
	readonly #waiters = new Map<string, Candidate[]>();
	/** Candidates waiting for their actor's previous seq, by `actor:seq` of that change. */
	readonly #seqWaiters = new Map<string, Candidate[]>();
	readonly #has: (hash: string) => boolean;

	/** `has` tells whether a change is in the document (applied or held before). */
	constructor(has: (hash: string) => boolean) {
		this.#has = has;
	}

	/**
	 * Queues a change; false if it is applied or queued already. The genesis (`hash` is the
	 * festival id) and allowed fork history let in their ancestors.
	 */
	add(c: Candidate, festival: string): boolean {
		const hash = c.change.hash;
		if (this.pending.has(hash) || this.#has(hash)) return false;
		this.pending.set(hash, c);
		if (hash === festival || this.allowedForeign.has(hash)) this.allow(c.change.deps);
		this.#wait(c);
		return true;
	}

	#wait(c: Candidate): void {
		c.missing = 0;
		for (const d of c.change.deps) {
			if (this.#has(d)) continue;
			c.missing++;
			const list = this.#waiters.get(d);
			if (list) list.push(c);
			else this.#waiters.set(d, [c]);
		}
		if (c.missing === 0) this.ready.push(c);
	}

	/** Allows the given changes and, transitively, their known ancestors. */
	allow(hashes: readonly string[]): void {
		const stack = [...hashes];
		while (stack.length) {
			const h = stack.pop()!;
			if (this.allowedForeign.has(h)) continue;
			this.allowedForeign.add(h);
			const known = this.pending.get(h);
			if (known) stack.push(...known.change.deps);
		}
	}

	/** Whether a change belongs to the festival: its genesis, its own, or its fork history. */
	belongs(c: PreparedChange, festival: string): boolean {
		return c.hash === festival || c.message === festival || this.allowedForeign.has(c.hash);
	}

	/** Whether a ready candidate is still queued (not refused meanwhile). */
	isCurrent(c: Candidate): boolean {
		return this.pending.get(c.change.hash) === c;
	}

	/** Marks a change applied: what waited only for it is ready. */
	markApplied(hash: string): void {
		this.applied.add(hash);
		const waiting = this.#waiters.get(hash);
		if (!waiting) return;
		this.#waiters.delete(hash);
		for (const w of waiting) if (--w.missing === 0) this.ready.push(w);
	}

	/** A candidate whose actor's previous seq is not applied yet waits for it (still pending). */
	waitForSeq(c: Candidate): void {
		this.pending.set(c.change.hash, c);
		const k = `${c.actor}:${c.change.seq - 1}`;
		const list = this.#seqWaiters.get(k);
		if (list) list.push(c);
		else this.#seqWaiters.set(k, [c]);
	}

	/** An actor's change with this seq is applied: what waited for it is ready. */
	seqApplied(actor: string, seq: number): void {
		const k = `${actor}:${seq}`;
		const after = this.#seqWaiters.get(k);
		if (!after) return;
		this.#seqWaiters.delete(k);
		this.ready.push(...after);
	}

	/** Takes a stray's dependants out of the queue (they can never apply either). */
	takeDependants(hash: string): Candidate[] {
		const waiting = this.#waiters.get(hash) ?? [];
		this.#waiters.delete(hash);
		return waiting.filter((w) => this.pending.has(w.change.hash));
	}

	/**
	 * A change counted as applied that Automerge refused (`wait` false) or held back for a
	 * refused dependency (`wait` true: it is pending again, waiting for that dependency).
	 */
	unapply(c: Candidate, wait: boolean): void {
		this.applied.delete(c.change.hash);
		if (!wait) return;
		this.pending.set(c.change.hash, c);
		this.#wait(c);
	}
}
