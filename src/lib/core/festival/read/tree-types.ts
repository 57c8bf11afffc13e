/**
 * The types of the tree model (tree-model.ts): a festival tree's documents, each festival
 * parsed, and every request's state.
 * @module
 */
import type { FestivalDoc } from '../document/doc.js';
import type { EventId, FestivalId, ResourceId } from '../document/ids.js';
import type { EventData, MetaData, ResourceData, TimeFrame } from '../document/schema.js';
import type { ProfileData } from '../../model/profile.js';
import type { GroupId } from '../../model/group.js';
import type { GroupIndex } from './group-types.js';
/** The documents of a festival tree (a festival with its ancestors and descendants), by id. */
export type FestivalTree = ReadonlyMap<FestivalId, FestivalDoc>;

/**
 * The status of one request. `withdrawn`: its requester or the resource's owner took it back;
 * it holds nothing and counts for nothing.
 */
export type RequestStatus = 'pending' | 'accepted' | 'denied' | 'conflict' | 'withdrawn';

/** One step of a request's history: a decision of the resource's owner, or the requester's withdrawal. */
export interface HistoryEntry {
	/** Public key (hex) of who made it. */
	readonly by: string;
	/** When (ISO instant). */
	readonly at: string;
	readonly verdict: 'accept' | 'deny' | 'withdraw';
	readonly reason?: string;
	/** The frame it was about. */
	readonly frame: TimeFrame;
}

/** Something in a document that was skipped, and why. */
export interface ReadProblem {
	readonly festival: FestivalId;
	/** Where in the document: `resources/<id>`, `events/<id>`, `decisions/<key>`, `meta`... */
	readonly where: string;
	readonly reason: string;
}

/** A validated resource with its owner (public key hex of the object's creator). */
export interface OwnedResource extends ResourceData {
	readonly id: ResourceId;
	readonly owner: string;
	/** The group its creator made its owner (PROTOCOL.md, "Groups"), if any. */
	readonly group?: GroupId;
	/** Whether that claim counts (its creator was a member then); if not, no one decides. */
	readonly groupValid?: boolean;
}

/** A validated event with its owner; requests are the ones its owner made. */
export interface OwnedEvent extends EventData {
	readonly id: EventId;
	readonly owner: string;
}

/** One festival document, parsed. */
export interface FestivalModel {
	readonly id: FestivalId;
	readonly meta: MetaData | undefined;
	/** Public key (hex) of who made the festival's meta map (its creator, or a fork's maker). */
	readonly creator?: string;
	readonly resources: ReadonlyMap<ResourceId, OwnedResource>;
	/** Resources their owners removed (tombstones), kept for the events that requested them. */
	readonly removed: ReadonlyMap<ResourceId, OwnedResource>;
	readonly events: ReadonlyMap<EventId, OwnedEvent>;
	/** Children listed in the document: festival id and the name it was listed with. */
	readonly listedChildren: readonly {
		readonly id: FestivalId;
		readonly name: string;
		/** The festival that listed it, when the listing says. */
		readonly parent?: FestivalId;
	}[];
	/** Profiles published here, by public key (each made by its key's author). */
	readonly people: ReadonlyMap<string, ProfileData>;
	readonly problems: ReadProblem[];
}

/** One request as the tree sees it. */
export interface RequestState {
	/** The festival holding the event. */
	readonly festival: FestivalId;
	readonly event: EventId;
	readonly resource: ResourceId;
	/** The festival the request names. */
	readonly named: FestivalId;
	/** The festival actually holding the resource, if it is in the tree and reachable. */
	readonly resourceFestival: FestivalId | undefined;
	readonly frame: TimeFrame;
	status: RequestStatus;
	reason?: string;
	/** The owner's decisions and the requester's withdrawal, oldest first. */
	history: HistoryEntry[];
	/**
	 * Accepted by the owner, but the required resources named here are not accepted for the same
	 * event and time (access.ts): it is `pending` and holds nothing until they are.
	 */
	waitingFor?: readonly ResourceId[];
	/** Its event does not count: the event's owner holds no ticket the festival needs (access.ts). */
	unadmitted?: true;
}

/** A whole tree, parsed and resolved. */
export interface TreeModel {
	readonly festivals: ReadonlyMap<FestivalId, FestivalModel>;
	/** Every request of every event of the tree. */
	readonly requests: readonly RequestState[];
	/** Requests per resource, over the whole tree (one resource, wherever its requests resolve). */
	readonly byResource: ReadonlyMap<ResourceId, readonly RequestState[]>;
	/**
	 * The capacity each requested resource is checked against: the smallest the copies its
	 * requests resolve to give (copies in forks may differ).
	 */
	readonly capacity: ReadonlyMap<ResourceId, number>;
	/**
	 * Events that do not count (`festival/event`): their owner holds no ticket their festival
	 * needs (access.ts).
	 */
	readonly unadmitted?: ReadonlySet<string>;
	/** The groups of the tree, resolved (groups.ts). */
	readonly groups: GroupIndex;
}
