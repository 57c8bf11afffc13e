/**
 * The festival document's type, derived from the entity schemas: what honest writers store
 * (festival/document/doc.ts). Every text is an Automerge ImmutableString. What a document holds is still
 * untrusted: readers take `unknown` and check it (the `read*` functions of this folder).
 * @module
 */
import type { ImmutableString } from '@automerge/automerge';
import type { DecisionData } from './decision.js';
import type { EventData, RequestData } from './event.js';
import type { MetaData } from './meta.js';
import type { ProfileData } from './profile.js';
import type { ResourceData } from './resource.js';
import type { TimeFrame } from './time.js';

/** A value as stored: strings are ImmutableStrings, maps and lists stored alike, mutable. */
export type Stored<T> = T extends string
	? ImmutableString
	: T extends number | boolean
		? T
		: T extends readonly (infer U)[]
			? Stored<U>[]
			: T extends object
				? { -readonly [K in keyof T]: Stored<T[K]> }
				: T;

/** A stored frame: its two instants. */
export type StoredFrame = Stored<TimeFrame>;
/**
 * A stored resource: an unlimited capacity is the flag `unlimited` (older readers, which know
 * only numbers, read it as the default capacity 1).
 */
export type StoredResource = Stored<Omit<ResourceData, 'capacity'>> & {
	capacity?: number;
	unlimited?: true;
};
/**
 * A stored request: keyed by resource id in its event; its own frame flattened, and the
 * requester's withdrawal (if any) as a map of its own.
 */
export type StoredRequest = Stored<Pick<RequestData, 'festival' | 'withdrawn'>> &
	Partial<StoredFrame>;
/** A stored event: requests keyed by resource id. */
export type StoredEvent = Stored<Omit<EventData, 'requests'>> & {
	requests: Record<string, StoredRequest>;
};
/** A stored decision of a history: its frame flattened. */
export type StoredDecisionEntry = Stored<Pick<DecisionData, 'verdict' | 'at' | 'reason'>> &
	StoredFrame;
/**
 * A stored decision: the owner's latest, its frame flattened, with the owner's earlier ones
 * (oldest first) in `history`.
 */
export type StoredDecision = Stored<Omit<DecisionData, 'frame'>> &
	StoredFrame & { history?: StoredDecisionEntry[] };
/** A stored meta map (with the nonce that makes each genesis distinct). */
export type StoredMeta = Stored<MetaData> & { nonce: ImmutableString };
/** A sub-festival listed in its parent. */
export interface StoredChild {
	festival: ImmutableString;
	name: ImmutableString;
	/** The festival listing it (listings older than this field lack it). */
	parent?: ImmutableString;
}

/** A person's profile, in `children` under the author's public key (PROTOCOL.md, "People"). */
export type StoredProfile = Stored<ProfileData>;

/** A shared container: shard name → key → value. */
export type Sharded<T> = Record<string, Record<string, T>>;

/** The festival document (see festival/document/doc.ts for its layout). */
export interface FestivalDoc {
	meta: StoredMeta;
	resources: Sharded<StoredResource>;
	events: Sharded<StoredEvent>;
	decisions: Sharded<StoredDecision>;
	/** Sub-festivals listed here, and the profiles of the people who write here. */
	children: Sharded<StoredChild | StoredProfile>;
}
