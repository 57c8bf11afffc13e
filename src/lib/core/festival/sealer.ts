/**
 * Sealing local edits: a festival's local changes are durable at once (stored unsealed) and
 * sealed into signed entries of this device's log per burst, about a second after the first
 * (or on demand). Seals run one at a time; each entry stays under the limits peers accept
 * (`sealGroups`, ingest/local-bounds.ts).
 * @module
 */
import { sealGroups } from './ingest/local-bounds.js';

/** A local change not yet in a signed, stored entry. */
export interface UnsealedChange {
	readonly hash: string;
	readonly bytes: Uint8Array;
}

/** What sealing does with a festival: make its log ready, and write one entry per group. */
export interface SealTarget<T> {
	/** Called once per seal with changes, before the first group. */
	prepare(): Promise<void>;
	/** Signs and stores one entry holding `group`, then drops their unsealed copies. */
	write(group: readonly UnsealedChange[]): Promise<T>;
	/** After a group's entry (what {@link write} returned) is stored and counted as sealed. */
	sealed(entry: T): void;
}

/** The unsealed changes of one festival and the seals that take them. */
export class Sealer<T> {
	readonly #delayMs: number;
	readonly #target: SealTarget<T>;
	#unsealed: UnsealedChange[] = [];
	/** Changes taken by a running seal whose entries are not stored yet. */
	#sealingCount = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#sealing: Promise<void> = Promise.resolve();

	constructor(delayMs: number, target: SealTarget<T>) {
		this.#delayMs = delayMs;
		this.#target = target;
	}

	/** Local changes not yet in a signed, stored entry. */
	get count(): number {
		return this.#unsealed.length + this.#sealingCount;
	}

	/** Changes waiting for the next seal. */
	get pending(): readonly UnsealedChange[] {
		return this.#unsealed;
	}

	/** Adds a change for the next seal (see {@link schedule}). */
	push(c: UnsealedChange): void {
		this.#unsealed.push(c);
	}

	/** Sets the changes waiting (a crash left them unsealed). */
	restore(changes: UnsealedChange[]): void {
		this.#unsealed = changes;
	}

	/** Seals after the delay, unless a seal is scheduled already. */
	schedule(): void {
		if (this.#timer !== undefined) return;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			void this.seal();
		}, this.#delayMs);
		(this.#timer as { unref?: () => void }).unref?.();
	}

	/** Seals what waits, after any running seal. */
	seal(): Promise<void> {
		this.#sealing = this.#sealing.then(() => this.#seal());
		return this.#sealing;
	}

	async #seal(): Promise<void> {
		if (this.#timer !== undefined) clearTimeout(this.#timer);
		this.#timer = undefined;
		const todo = this.#unsealed;
		this.#unsealed = [];
		if (!todo.length) return;
		this.#sealingCount = todo.length;
		await this.#target.prepare();
		for (const group of sealGroups(todo)) {
			const entry = await this.#target.write(group);
			this.#sealingCount -= group.length;
			this.#target.sealed(entry);
		}
	}
}
