/**
 * What a {@link FestivalHost} tells its platform: the events it emits and the problems it
 * reports instead of throwing from background work.
 * @module
 */
import type { Festival } from '../festival/festival.js';
import type { FestivalId } from '../festival/document/ids.js';
import type { PolicyDecision } from '../festival/read/policy.js';
import type { Problem } from '../result.js';
import type { SyncEvent } from '../sync/sync.js';

/** Where a background problem came from. */
export type HostProblemCode = 'policies' | 'open' | 'arrival' | 'bundle' | 'network';

/** A problem in background work (the host keeps running). */
export interface HostProblem extends Problem<HostProblemCode> {
	/** The festival concerned, when there is one. */
	readonly festival?: FestivalId;
}

/** Why a festival's documents changed. */
export type ChangeCause =
	/** A local change made through the host (applied and stored, maybe not signed yet). */
	| 'edit'
	/** Local changes were signed into an entry. */
	| 'sealed'
	/** Entries from elsewhere (a peer, a bundle) were ingested. */
	| 'entries'
	/** The owner's policies wrote decisions. */
	| 'decisions';

/** How a peer's link in one festival changed. */
export type PeerChange = 'linked' | 'left' | 'heard' | 'dropped';

/** The events of a host, by name. */
export interface HostEvents {
	/** A festival is open in the host (once per festival; also one joined empty). */
	opened: { readonly festival: Festival };
	/** A joined festival's genesis arrived: it is listed and usable now. */
	arrived: { readonly festival: Festival };
	/** A festival's documents changed. */
	changed: { readonly id: FestivalId; readonly cause: ChangeCause };
	/** Festivals were closed (sealed and saved) and forgotten by the host. */
	closed: { readonly ids: readonly FestivalId[] };
	/** A peer's link in a festival opened, closed, was cut, or a message came from it. */
	peer: {
		readonly festival: FestivalId;
		readonly peer: string;
		readonly change: PeerChange;
		readonly reason?: string;
	};
	/**
	 * A signaling socket opened (+1) or an open one closed (-1): a festival's own, or (no
	 * festival) one shared by all festivals of the session.
	 */
	signaling: { readonly festival?: FestivalId; readonly delta: 1 | -1 };
	/** One sync exchange (for logs). */
	sync: { readonly festival: FestivalId; readonly event: SyncEvent };
	/** The owner's policies wrote these decisions. */
	decided: { readonly decisions: readonly PolicyDecision[] };
	/** Background work failed; the host keeps running. */
	problem: HostProblem;
}
