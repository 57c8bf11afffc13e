/**
 * The read model: what a festival looks like to its users, as a pure function of the
 * documents of its tree (the festival, its ancestors and its descendants). Every peer with
 * the same documents shows the same thing. This is what views render and what the CLI's
 * `show --json` prints.
 *
 * - Owners are public keys (hex): the creator of the resource's or event's Automerge object.
 * - A request's status is `pending`, `accepted`, `denied` or `conflict`. Only the resource
 *   owner's decision counts, and only while it is for the request's current time frame: if
 *   the event's owner moves the event, the request is pending again.
 * - No double booking: accepted requests of one resource that overlap beyond its capacity
 *   (default 1), anywhere in the tree, are all shown as `conflict`, never as accepted. A
 *   resource is one resource in every festival holding a copy of it (forks); copies of one
 *   event count once.
 * - A request whose own frame is not within its event's holds nothing: it is shown `denied`
 *   with the reason, and no policy decides it.
 * - Values that do not validate are skipped and listed in `problems` with a reason.
 * @module
 */
import type { EventId, FestivalId, ResourceId } from '../document/ids.js';
import {
	type OwnedEvent,
	type OwnedResource,
	type ReadProblem,
	type RequestState,
	type RequestStatus,
	type TreeModel
} from './tree-model.js';
import type { Place, TimeFrame } from '../document/schema.js';
import { peopleOf, profilesFor, type PersonView } from './people.js';
import { readTree, type TreeInput } from './tree-input.js';
import { instant } from './instant.js';
import { eventStatus, type EventStatus } from './event-status.js';
export { eventStatus, type EventState, type EventStatus } from './event-status.js';
import { finish, STEP, type Steps } from './steps.js';
import { ownsSeries, type SeriesRef } from '../../model/series.js';
import { personalOf, type PersonalView } from './personal-view.js';
import type { GroupId } from '../../model/group.js';
import { mayDecide } from './group-decisions.js';
import { groupViews, type GroupIndex, type GroupView } from './groups.js';

export { readTree, readTreeSteps, type TreeInput } from './tree-input.js';
export { finish, runSliced, type SlicePace, type Steps } from './steps.js';
export type { PersonalView } from './personal-view.js';
export { freeAt, type FreeOptions, type FreeResult } from './free.js';

export type { FestivalTree, ReadProblem, RequestStatus, TreeModel } from './tree-model.js';

/** A resource as shown. */
export interface ResourceView {
	readonly id: ResourceId;
	readonly name: string;
	readonly kind: string;
	/**
	 * Public key (hex) of the resource's creator; for a resource a group owns (PROTOCOL.md,
	 * "Groups"), the group's id.
	 */
	readonly owner: string;
	/** The name the owner published (PROTOCOL.md, "People"), or the group's name; or null. */
	readonly ownerName: string | null;
	/** For a group's resource: the public key of its creator (who edits its record). */
	readonly creator?: string;
	/** For a group's resource: the public keys of the members who decide now (none if its claim does not count). */
	readonly members?: readonly string[];
	readonly policy: string;
	readonly description?: string;
	/** How many may hold it at once (none: 1), or `unlimited`. */
	readonly capacity?: number | 'unlimited';
	/** Resources an event must hold too, for the same time, for this one to count. */
	readonly requires?: readonly ResourceId[];
	readonly availability?: readonly TimeFrame[];
	readonly place?: Place;
}

/** A request of an event as shown. */
export interface RequestView {
	readonly resource: ResourceId;
	/** The festival holding the resource (as the request names it). */
	readonly festival: FestivalId;
	readonly start: string;
	readonly end: string;
	readonly status: RequestStatus;
	readonly reason?: string;
	/** Accepted by its owner, but waiting for these required resources (PROTOCOL.md). */
	readonly waitingFor?: readonly ResourceId[];
	/** Decisions and withdrawals, oldest first (a decision written before histories: one). */
	readonly history: readonly HistoryView[];
}

/** One step of a request's history as shown. */
export interface HistoryView {
	/** Public key (hex) of who decided or withdrew. */
	readonly by: string;
	/** The name they published, if any. */
	readonly byName?: string;
	readonly at: string;
	readonly verdict: 'accept' | 'deny' | 'withdraw';
	readonly reason?: string;
}

/** An event as shown. */
export interface EventView {
	readonly id: EventId;
	readonly title: string;
	readonly start: string;
	readonly end: string;
	/** Public key (hex) of the event's creator. */
	readonly owner: string;
	/** The name the owner published (PROTOCOL.md, "People"), or null. */
	readonly ownerName: string | null;
	readonly tags: readonly string[];
	readonly description?: string;
	readonly requests: readonly RequestView[];
	readonly status: EventStatus;
	/** The series it is an occurrence of (PROTOCOL.md, "Series"), if its owner's. */
	readonly series?: SeriesRef;
	/** A person's request for themselves, not an event of the schedule (PROTOCOL.md). */
	readonly personal?: true;
}

/** A festival as shown. */
export interface FestivalView {
	readonly id: FestivalId;
	readonly name: string;
	readonly tz: string;
	readonly parent?: FestivalId;
	readonly forkedFrom?: FestivalId;
	readonly children: readonly { readonly id: FestivalId; readonly name: string }[];
	readonly resources: readonly ResourceView[];
	/** Resources their owners removed: named by events that requested them. */
	readonly removedResources: readonly ResourceView[];
	readonly events: readonly EventView[];
	/**
	 * Events that do not count because their owner holds no ticket the festival needs
	 * (`eventsNeed`): shown apart, to the festival's creator and their owners.
	 */
	readonly unadmitted?: readonly EventView[];
	/** People's requests for resources for themselves (readFestival always lists them). */
	readonly personal?: readonly PersonalView[];
	/** Public key (hex) of the festival's creator (who alone changes its settings). */
	readonly creator?: string;
	/** The resource (a ticket) an event's owner must hold for the event to count, if any. */
	readonly eventsNeed?: ResourceId;
	/** Everyone who published a profile here or owns something here, with a label each. */
	readonly people: readonly PersonView[];
	/** The groups of the tree (PROTOCOL.md, "Groups"), with their members. */
	readonly groups?: readonly GroupView[];
	readonly problems: readonly ReadProblem[];
}

/** The published name of a person (by public key), or null. */
export type NameOf = (key: string) => string | null;
const noNames: NameOf = () => null;

function namesFor(m: TreeModel, id: FestivalId): NameOf {
	const profiles = profilesFor(m, id);
	return (key) => profiles.get(key)?.name ?? m.groups.groups.get(key as GroupId)?.name ?? null;
}

const modelOf = readTree;

/** The view of a resource. */
export function resourceView(
	r: OwnedResource,
	nameOf: NameOf = noNames,
	groups?: GroupIndex
): ResourceView {
	const group = r.group !== undefined ? groups?.groups.get(r.group) : undefined;
	return {
		id: r.id,
		name: r.name,
		kind: r.kind,
		owner: r.group ?? r.owner,
		ownerName: nameOf(r.group ?? r.owner),
		...(r.group !== undefined
			? {
					creator: r.owner,
					members: r.groupValid ? (group?.members.map((x) => x.key) ?? []) : []
				}
			: {}),
		policy: r.policy,
		...(r.description !== undefined ? { description: r.description } : {}),
		...(r.capacity !== undefined ? { capacity: r.capacity } : {}),
		...(r.requires ? { requires: r.requires } : {}),
		...(r.availability ? { availability: r.availability } : {}),
		...(r.place ? { place: r.place } : {})
	};
}

function requestView(q: RequestState, nameOf: NameOf = noNames): RequestView {
	return {
		resource: q.resource,
		festival: q.named,
		start: q.frame.start,
		end: q.frame.end,
		status: q.status,
		...(q.reason !== undefined ? { reason: q.reason } : {}),
		...(q.waitingFor ? { waitingFor: q.waitingFor } : {}),
		history: q.history.map((h) => {
			const byName = nameOf(h.by);
			return {
				by: h.by,
				...(byName !== null ? { byName } : {}),
				at: h.at,
				verdict: h.verdict,
				...(h.reason !== undefined ? { reason: h.reason } : {})
			};
		})
	};
}

function requestsByEvent(m: TreeModel): Map<string, RequestState[]> {
	const out = new Map<string, RequestState[]>();
	for (const q of m.requests) {
		const k = `${q.festival}/${q.event}`;
		const list = out.get(k);
		if (list) list.push(q);
		else out.set(k, [q]);
	}
	return out;
}

function eventView(
	e: OwnedEvent,
	qs: readonly RequestState[],
	nameOf: NameOf = noNames
): EventView {
	const sorted = qs.length > 1 ? [...qs].sort((a, b) => (a.resource < b.resource ? -1 : 1)) : qs;
	const requests = sorted.map((q) => requestView(q, nameOf));
	return {
		id: e.id,
		title: e.title,
		start: e.start,
		end: e.end,
		owner: e.owner,
		ownerName: nameOf(e.owner),
		tags: e.tags,
		...(e.description !== undefined ? { description: e.description } : {}),
		requests,
		status: eventStatus(requests.map((r) => r.status)),
		...(e.series && ownsSeries(e.owner, e.series.id) ? { series: e.series } : {}),
		...(e.personal ? { personal: true as const } : {})
	};
}

/** Sorted by start, then id; each start parsed once (not once per comparison). */
function byTime<T extends { readonly start: string; readonly id: string }>(
	list: readonly T[]
): T[] {
	return list
		.map((e) => ({ e, t: instant(e.start) }))
		.sort((a, b) => a.t - b.t || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0))
		.map((x) => x.e);
}

/**
 * The view of one festival of a tree. Requests of its events are resolved across the tree
 * (a child's event may request a parent's resource). Undefined if the tree lacks it.
 */
export function readFestival(tree: TreeInput, id: FestivalId): FestivalView | undefined {
	return finish(readFestivalSteps(modelOf(tree), id));
}

/** {@link readFestival} of a built model, in steps (see steps.ts). */
export function* readFestivalSteps(m: TreeModel, id: FestivalId): Steps<FestivalView | undefined> {
	const f = m.festivals.get(id);
	if (!f) return undefined;
	const reqs = requestsByEvent(m);
	const nameOf = namesFor(m, id);
	const children = new Map<FestivalId, string>();
	for (const c of f.listedChildren) {
		// A fork holds its original's listings: a child is its own only if it says so (its
		// meta, or the listing), or, for listings that do not say, if this is no fork.
		const parent = m.festivals.get(c.id)?.meta?.parent ?? c.parent;
		if (parent !== undefined ? parent !== id : f.meta?.forkedFrom !== undefined) continue;
		children.set(c.id, m.festivals.get(c.id)?.meta?.name ?? c.name);
	}
	for (const other of m.festivals.values())
		if (other.meta?.parent === id && other.id !== id) children.set(other.id, other.meta.name);
	const scheduled: EventView[] = [];
	for (const e of f.events.values()) {
		if (e.personal) continue;
		scheduled.push(eventView(e, reqs.get(`${id}/${e.id}`) ?? [], nameOf));
		if (scheduled.length % STEP === 0) yield;
	}
	const isUnadmitted = (e: EventView) => !!m.unadmitted?.has(`${id}/${e.id}`);
	const ticket = f.meta?.eventsNeed;
	const ticketName = ticket
		? ([...m.festivals.values()].map((g) => g.resources.get(ticket)?.name).find((n) => n) ??
			ticket.slice(0, 8))
		: '';
	const needsTicket = (e: EventView): EventView => ({
		...e,
		status: { ...e.status, state: 'waiting', label: `needs “${ticketName}”` }
	});
	yield;
	const events = byTime(m.unadmitted?.size ? scheduled.filter((e) => !isUnadmitted(e)) : scheduled);
	yield;
	const people = peopleOf(m, id);
	yield;
	return {
		id,
		name: f.meta?.name ?? '(unnamed)',
		tz: f.meta?.tz ?? 'UTC',
		...(f.meta?.parent ? { parent: f.meta.parent } : {}),
		...(f.meta?.forkedFrom ? { forkedFrom: f.meta.forkedFrom.festival } : {}),
		children: [...children]
			.map(([cid, name]) => ({ id: cid, name }))
			.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)),
		resources: [...f.resources.values()]
			.map((r) => resourceView(r, nameOf, m.groups))
			.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)),
		removedResources: [...f.removed.values()].map((r) => resourceView(r, nameOf, m.groups)),
		events,
		unadmitted: byTime(scheduled.filter(isUnadmitted).map(needsTicket)),
		personal: personalOf(f, reqs, nameOf),
		...(f.creator !== undefined ? { creator: f.creator } : {}),
		...(f.meta?.eventsNeed ? { eventsNeed: f.meta.eventsNeed } : {}),
		people,
		groups: groupViews(m.groups, nameOf),
		problems: [...f.problems]
	};
}

/** One request waiting for a resource owner. */
export interface InboxItem {
	/** The festival holding the event. */
	readonly festival: FestivalId;
	readonly event: EventView;
	/** The festival holding the resource (where the decision is written). */
	readonly resourceFestival: FestivalId;
	readonly resource: ResourceView;
	readonly request: RequestView;
	/** The exact frame requested. */
	readonly frame: TimeFrame;
}

/**
 * What waits for `me`: pending and conflicting requests for resources `me` owns or decides as
 * a member of the group that owns them, from every
 * festival of the tree (descendants included), sorted by the requested time, then event id,
 * then resource id. With `decided`, the requests `me` decided already (accepted, denied,
 * withdrawn) instead: the ones an owner may change their mind about.
 */
export function inbox(tree: TreeInput, me: string, opts: { decided?: boolean } = {}): InboxItem[] {
	const m = modelOf(tree);
	const reqs = requestsByEvent(m);
	const out: InboxItem[] = [];
	for (const q of m.requests) {
		// Requests of events without a ticket wait for no one; requests waiting for the
		// resources theirs requires were decided already.
		if (q.unadmitted) continue;
		const open = (q.status === 'pending' && !q.waitingFor) || q.status === 'conflict';
		if (open === !!opts.decided) continue;
		const rf = q.resourceFestival;
		const res = rf ? m.festivals.get(rf)?.resources.get(q.resource) : undefined;
		if (!rf || !res || !mayDecide(m.groups, res, me)) continue;
		const ev = m.festivals.get(q.festival)!.events.get(q.event)!;
		const nameOf = namesFor(m, q.festival);
		out.push({
			festival: q.festival,
			event: eventView(ev, reqs.get(`${q.festival}/${q.event}`) ?? [], nameOf),
			resourceFestival: rf,
			resource: resourceView(res, nameOf, m.groups),
			request: requestView(q, nameOf),
			frame: q.frame
		});
	}
	return out.sort(
		(a, b) =>
			instant(a.frame.start) - instant(b.frame.start) ||
			(a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0) ||
			(a.resource.id < b.resource.id ? -1 : a.resource.id > b.resource.id ? 1 : 0)
	);
}
