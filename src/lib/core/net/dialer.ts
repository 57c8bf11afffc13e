/**
 * Whom a {@link WebRTCNetworkAdapter} calls, and when: while it has fewer than its target of
 * links it calls a random known peer, one call at a time (so calls it receives count first),
 * retrying peers that back off when they may; and it reshuffles (drops a random link when
 * above target, or swaps one for an unlinked known peer) so the overlay keeps changing.
 * @module
 */
import type { PeerId } from '@automerge/automerge-repo/slim';
import type { Neighbours } from './neighbours.js';
import type { CloseReason } from './peer-link.js';

/** A topic's link with one peer, as the dialer sees it. */
export interface DialLink {
	readonly remotePeerId: PeerId;
	/** Whether we called (joined first). */
	readonly initiator: boolean;
	/** Whether the topic is on the link. */
	readonly ready: boolean;
	close(reason: CloseReason, detail: string): void;
}

/** How long a call may take before another is made beside it, ms. */
export const CALL_PATIENCE_MS = 3000;
/** Quick retries of a failed link that hold back `isReady()`. */
export const MAX_RETRIES = 5;

/** What the dialer sees of its adapter. */
export interface DialerHost {
	/** Whether the adapter is connected. */
	running(): boolean;
	/** The adapter's own peer id, once connected. */
	peerId(): PeerId | undefined;
	/** Links by remote peer id, connecting or open. */
	readonly links: ReadonlyMap<PeerId, DialLink>;
	/** Calls a peer: starts a link as its initiator. */
	call(peer: PeerId): DialLink;
	/** Checks whether discovery has settled (after a delayed fill). */
	checkSettled(): void;
}

/** The adapter's calling strategy (see the module comment). */
export class Dialer {
	readonly #host: DialerHost;
	readonly #neighbours: Neighbours;
	readonly #target: number;
	/** A later {@link fill} for when a peer's backoff ends; whether it holds back readiness. */
	#fillTimer: ReturnType<typeof setTimeout> | undefined;
	#fillHoldsReady = false;
	#fillQueued = false;
	/** When each of our calls started. */
	readonly #calls = new WeakMap<DialLink, number>();

	constructor(host: DialerHost, neighbours: Neighbours, target: number) {
		this.#host = host;
		this.#neighbours = neighbours;
		this.#target = target;
	}

	/** Whether a quick retry is due (it holds back readiness). */
	get retrying(): boolean {
		return this.#fillTimer !== undefined && this.#fillHoldsReady;
	}

	/** Cancels a later fill. */
	stop(): void {
		clearTimeout(this.#fillTimer);
		this.#fillTimer = undefined;
	}

	/** Drops one random open link if above target, or swaps one for an unlinked known peer. */
	reshuffle(): void {
		const me = this.#host.peerId();
		if (!me) return;
		const open = [...this.#host.links.values()].filter((l) => l.ready);
		const unlinked = (p: PeerId) => p === me || this.#host.links.has(p);
		const spare = this.#neighbours.candidates(Date.now(), unlinked).length > 0;
		if (!(open.length > this.#target || (open.length > this.#target / 2 && spare))) return;
		const link = this.#neighbours.pickRandom(open);
		if (!link) return;
		link.close('local', open.length > this.#target ? 'above target' : 'reshuffled');
		// the replacement is someone else, if anyone else is available
		this.fill(link.remotePeerId);
	}

	/** Runs {@link fill} once after the current event (so a link being replaced is replaced first). */
	request(): void {
		if (this.#fillQueued) return;
		this.#fillQueued = true;
		queueMicrotask(() => {
			this.#fillQueued = false;
			this.fill();
		});
	}

	/**
	 * Calls a random known peer (not `avoid`) while below target, one call at a time (another
	 * only once the pending call is slower than {@link CALL_PATIENCE_MS}); if only peers backing
	 * off remain, tries again when one may.
	 */
	fill(avoid?: PeerId): void {
		const me = this.#host.peerId();
		if (!this.#host.running() || !me) return;
		clearTimeout(this.#fillTimer);
		this.#fillTimer = undefined;
		const now = Date.now();
		const excluded = (p: PeerId) => p === me || p === avoid || this.#host.links.has(p);
		if (this.#host.links.size >= this.#target) return;
		// one call at a time, so that calls from others count before we make more
		const pending = [...this.#host.links.values()]
			.filter((l) => l.initiator && !l.ready)
			.map((l) => (this.#calls.get(l) ?? 0) + CALL_PATIENCE_MS);
		const patience = Math.max(0, ...pending);
		if (patience > now) return this.#later(patience - now, false);
		const peer = this.#neighbours.pick(now, excluded);
		if (peer) {
			this.#calls.set(this.#host.call(peer), now);
			if (this.#host.links.size < this.#target) this.#later(CALL_PATIENCE_MS, false);
			return;
		}
		const next = this.#neighbours.nextBackoffEnd(now, excluded);
		if (next) this.#later(next.until - now, next.attempt <= MAX_RETRIES);
	}

	/** Runs {@link fill} in `ms` (`holdsReady`: a quick retry, which holds back readiness). */
	#later(ms: number, holdsReady: boolean): void {
		this.#fillHoldsReady = holdsReady;
		this.#fillTimer = setTimeout(() => {
			this.#fillTimer = undefined;
			this.fill();
			this.#host.checkSettled();
		}, ms + 1);
	}
}
