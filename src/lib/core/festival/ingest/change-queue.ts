/**
 * The changes an engine has seen but not applied, and the order they may go in: each waits
 * for its dependencies (by hash) and, when its actor's previous seq is missing, for that seq;
 * one whose wait is over is ready. Ready changes not (yet) known to belong to the festival are
 * parked. The queue decides nothing about rules or refusals: the engine does (engine.ts).
 * @module
 */
import type { AuthorId } from '../../identity/identity.js';
import { summarizeRules, type RuleSummary } from '../document/rules.js';
import { GENESIS_MESSAGE } from '../document/doc.js';
import { readOrDecode } from './change-read.js';
import type { HeldLog } from './held-logs.js';

/**
 * A change waiting to be applied: what ordering and the checks read of it. Once it is taken to
 * be applied, its dependencies and rule summary are dropped (so a large batch does not hold
 * them while Automerge applies it); should it wait again, they are read again from its bytes
 * ({@link depsOf}, {@link rulesOf}).
 */
export interface Candidate {
	readonly bytes: Uint8Array;
	readonly hash: string;
	/** The change's Automerge seq (per actor, from 1, without gaps). */
	readonly seq: number;
	readonly message: string | null;
	/** Hashes of its dependencies; undefined once dropped ({@link depsOf}). */
	deps: readonly string[] | undefined;
	/** Its write-rule summary; undefined once dropped ({@link rulesOf}). */
	rules: RuleSummary | undefined;
	/** For a genesis: the shared containers it makes. */
	readonly shared?: readonly string[];
	readonly author: AuthorId;
	/** The change's actor: its log's (author key + log id). */
	readonly actor: string;
	/** The log and seq of the entry that carried it. */
	readonly log: HeldLog;
	readonly entrySeq: number;
	/** Dependencies not yet applied. */
	missing: number;
}

/** A candidate's dependencies, read again from its bytes if they were dropped. */
export function depsOf(c: Candidate): readonly string[] {
	return (c.deps ??= readOrDecode(c.bytes, GENESIS_MESSAGE).deps);
}

/** A candidate's rule summary, made again from its bytes if it was dropped. */
export function rulesOf(c: Candidate): RuleSummary {
	return (c.rules ??= summarizeRules(readOrDecode(c.bytes, GENESIS_MESSAGE), c.author));
}

/** Drops what a candidate taken to be applied no longer needs (see {@link Candidate}). */
export function slim(c: Candidate): void {
	c.deps = undefined;
	c.rules = undefined;
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
		const hash = c.hash;
		if (this.pending.has(hash) || this.#has(hash)) return false;
		this.pending.set(hash, c);
		if (hash === festival || this.allowedForeign.has(hash)) this.allow(depsOf(c));
		this.#wait(c);
		return true;
	}

	#wait(c: Candidate): void {
		c.missing = 0;
		for (const d of depsOf(c)) {
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
			if (known) stack.push(...depsOf(known));
		}
	}

	/** Whether a change belongs to the festival: its genesis, its own, or its fork history. */
	belongs(c: Candidate, festival: string): boolean {
		return c.hash === festival || c.message === festival || this.allowedForeign.has(c.hash);
	}

	/** Whether a ready candidate is still queued (not refused meanwhile). */
	isCurrent(c: Candidate): boolean {
		return this.pending.get(c.hash) === c;
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
		this.pending.set(c.hash, c);
		const k = `${c.actor}:${c.seq - 1}`;
		const list = this.#seqWaiters.get(k);
		if (list) list.push(c);
		else this.#seqWaiters.set(k, [c]);
	}

	/** An actor's change with this seq is applied: what waited for it is ready. */
	seqApplied(actor: string, seq: number): void {
		if (this.#seqWaiters.size === 0) return;
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
		return waiting.filter((w) => this.pending.has(w.hash));
	}

	/**
	 * A change counted as applied that Automerge refused (`wait` false) or held back for a
	 * refused dependency (`wait` true: it is pending again, waiting for that dependency).
	 */
	unapply(c: Candidate, wait: boolean): void {
		this.applied.delete(c.hash);
		if (!wait) return;
		this.pending.set(c.hash, c);
		this.#wait(c);
	}
}
