/**
 * Who to link with next: the peers known on a topic (from their announces, forgotten when
 * they fall silent), who is banned, who is backing off after a failed or declined attempt,
 * and whom we recently left (avoided while anyone else is available, so a reshuffle is not
 * undone at once). No timers and no I/O: the WebRTC adapter asks, at its own times.
 * @module
 */
import type { PeerId } from '@automerge/automerge-repo/slim';

/** A peer heard of on the topic. */
export interface KnownPeer {
	/** Its session (changes on every `connect()`). */
	readonly session: string;
	/** When it was last heard of, ms. */
	readonly seen: number;
}

/** A peer's backoff after failed or declined link attempts. */
interface Backoff {
	attempt: number;
	until: number;
}

/** Settings of a {@link Neighbours}. */
export interface NeighboursOptions {
	/** A known peer not heard of for this long is forgotten, ms. */
	readonly forgetMs: number;
	/** Longest backoff after failed attempts, ms. */
	readonly maxBackoffMs: number;
	/** Random numbers in [0, 1) (default `Math.random`). */
	readonly random?: () => number;
}

/** First backoff after a failed attempt, ms (doubling per consecutive failure). */
const FIRST_BACKOFF_MS = 250;

/** Known peers and the choice of the next neighbour. */
export class Neighbours {
	readonly #o: NeighboursOptions;
	readonly #known = new Map<PeerId, KnownPeer>();
	readonly #banned = new Map<PeerId, number>();
	readonly #backoff = new Map<PeerId, Backoff>();
	readonly #recent = new Map<PeerId, number>();

	constructor(options: NeighboursOptions) {
		this.#o = options;
	}

	/** Picks a uniformly random element (undefined for none). */
	pickRandom<T>(items: readonly T[]): T | undefined {
		if (items.length === 0) return undefined;
		return items[
			Math.min(items.length - 1, Math.floor((this.#o.random ?? Math.random)() * items.length))
		];
	}

	/** Records that `peer` is on the topic with `session`; true if it is new (or has a new session). */
	seen(peer: PeerId, session: string, now: number): boolean {
		const before = this.#known.get(peer);
		this.#known.set(peer, { session, seen: now });
		return before?.session !== session;
	}

	/** The known peer's entry, if any. */
	known(peer: PeerId): KnownPeer | undefined {
		return this.#known.get(peer);
	}

	/** How many peers are known. */
	get size(): number {
		return this.#known.size;
	}

	/** Forgets peers not heard of for `forgetMs`, and expired bans and avoidances. */
	forgetStale(now: number): void {
		for (const [p, k] of this.#known) if (now - k.seen > this.#o.forgetMs) this.#known.delete(p);
		for (const [p, until] of this.#banned) if (now >= until) this.#banned.delete(p);
		for (const [p, until] of this.#recent) if (now >= until) this.#recent.delete(p);
	}

	/** Forgets known peers, backoffs and avoidances (a new session starts afresh; bans stay). */
	clear(): void {
		this.#known.clear();
		this.#backoff.clear();
		this.#recent.clear();
	}

	/** Ignores `peer` until `until`. */
	ban(peer: PeerId, until: number): void {
		this.#banned.set(peer, Math.max(until, this.#banned.get(peer) ?? 0));
	}

	/** Whether `peer` is banned at `now`. */
	isBanned(peer: PeerId, now: number): boolean {
		const until = this.#banned.get(peer);
		if (until === undefined) return false;
		if (now < until) return true;
		this.#banned.delete(peer);
		return false;
	}

	/**
	 * Notes a failed or declined attempt with `peer`: it is not picked for 250 ms, doubling per
	 * consecutive failure up to `maxBackoffMs`. Returns the attempt number (1 for the first).
	 */
	fail(peer: PeerId, now: number): { attempt: number; until: number } {
		const b = this.#backoff.get(peer) ?? { attempt: 0, until: 0 };
		const delay = Math.min(this.#o.maxBackoffMs, FIRST_BACKOFF_MS * 2 ** Math.min(b.attempt, 20));
		b.attempt += 1;
		b.until = now + delay * (0.5 + (this.#o.random ?? Math.random)() * 0.5);
		this.#backoff.set(peer, b);
		return { attempt: b.attempt, until: b.until };
	}

	/** A link with `peer` opened: its backoff ends. */
	succeeded(peer: PeerId): void {
		this.#backoff.delete(peer);
	}

	/** Avoids `peer` until `until` while other peers are available (we just left it). */
	avoid(peer: PeerId, until: number): void {
		this.#recent.set(peer, until);
	}

	/** Known peers that may be linked now: not `excluded`, not banned, not backing off. */
	candidates(now: number, excluded: (peer: PeerId) => boolean): PeerId[] {
		const out: PeerId[] = [];
		for (const p of this.#known.keys()) {
			if (excluded(p) || this.isBanned(p, now)) continue;
			const b = this.#backoff.get(p);
			if (b && now < b.until) continue;
			out.push(p);
		}
		return out;
	}

	/** A random candidate, preferring peers not recently left; undefined if there is none. */
	pick(now: number, excluded: (peer: PeerId) => boolean): PeerId | undefined {
		const all = this.candidates(now, excluded);
		const fresh = all.filter((p) => (this.#recent.get(p) ?? 0) <= now);
		return this.pickRandom(fresh.length > 0 ? fresh : all);
	}

	/**
	 * The known, not excluded peer whose backoff ends first after `now`: when, and its attempt
	 * count (undefined if none is backing off).
	 */
	nextBackoffEnd(
		now: number,
		excluded: (peer: PeerId) => boolean
	): { until: number; attempt: number } | undefined {
		let next: Backoff | undefined;
		for (const [p, b] of this.#backoff) {
			if (b.until <= now || excluded(p) || !this.#known.has(p) || this.isBanned(p, now)) continue;
			if (next === undefined || b.until < next.until) next = b;
		}
		return next && { until: next.until, attempt: next.attempt };
	}
}
