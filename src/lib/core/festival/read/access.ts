/**
 * The read-time rules of festival access and dependent resources (PROTOCOL.md, "Festival
 * access" and "Dependent resources"), run by the tree model (tree-model.ts) after the owners'
 * decisions are applied. Pure functions of the model: every peer computes the same.
 *
 * - **Dependent resources.** A request for a resource that `requires` others counts as accepted
 *   only while the same event holds an accepted request for every required resource, for a
 *   frame covering its own. Otherwise it is `pending`, holds nothing, says what it waits for
 *   (`waitingFor`), and no policy decides it again. A cycle of requirements is met when every
 *   request of the cycle is accepted (the demotion below only ever demotes, so it ends).
 * - **Tickets.** When a festival's creator set `eventsNeed` (a resource), an event of that
 *   festival counts only if its owner is the creator or the ticket's owner, or holds an accepted
 *   personal request for the ticket whose frame covers the event's. The requests of other events
 *   (`unadmitted`) are `pending`, hold nothing and go to no inbox or policy.
 * @module
 */
import * as A from '@automerge/automerge';
import type { FestivalDoc } from '../document/doc.js';
import type { EventId, FestivalId, ResourceId } from '../document/ids.js';
import { str } from '../document/schema.js';
import { occupancySpans, overloadedSpans, touchesSpan } from './occupancy.js';
import { inside, instant } from './instant.js';
import { mayDecide } from './group-decisions.js';
import type { GroupIndex } from './groups.js';
import { authorOf } from './ownership.js';
import type { FestivalModel, OwnedResource, RequestState } from './tree-types.js';

/** The author who made the festival's meta map (its creator), read from the document. */
export function creatorOf(doc: FestivalDoc): string | undefined {
	const meta: unknown = doc.meta;
	if (typeof meta !== 'object' || meta === null) return undefined;
	try {
		const id = A.getObjectId(meta);
		return id ? authorOf(id) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The text the festival's creator wrote at `key` of its meta map, if any: values anyone else
 * wrote there (which the write rules already refuse) are passed over, so this does not rely on
 * them. `ignored` tells that such a value was found.
 */
export function creatorText(
	doc: FestivalDoc,
	key: string,
	creator: string | undefined
): { value?: string; ignored?: true } {
	const meta: unknown = doc.meta;
	if (typeof meta !== 'object' || meta === null || creator === undefined) return {};
	let all: unknown[] = [];
	try {
		const id = A.getObjectId(meta);
		if (id) all = A.getBackend(doc as A.Doc<FestivalDoc>).getAll(id, key) as unknown[];
	} catch {
		return {};
	}
	// Each value is [datatype, value, op id]; the last of the creator's in Automerge's order wins.
	let value: string | undefined;
	let ignored = false;
	for (const v of all) {
		if (!Array.isArray(v)) continue;
		const op = v[v.length - 1];
		if (typeof op !== 'string') continue;
		if (authorOf(op) !== creator) ignored = true;
		else value = str(v[1]) ?? (typeof v[1] === 'string' ? v[1] : undefined);
	}
	return { ...(value !== undefined ? { value } : {}), ...(ignored ? { ignored: true } : {}) };
}

/** The requests in conflict among `list` (accepted ones overlapping beyond `cap`); no change made. */
export function conflicted(list: readonly RequestState[], cap: number): RequestState[] {
	const accepted = list.filter((q) => q.status === 'accepted');
	if (accepted.length <= cap) return [];
	const over = overloadedSpans(occupancySpans(accepted), cap);
	return over.length
		? accepted.filter((q) => touchesSpan([instant(q.frame.start), instant(q.frame.end)], over))
		: [];
}

/** Marks the conflicts of every resource's requests. */
export function markConflicts(
	byResource: ReadonlyMap<ResourceId, readonly RequestState[]>,
	capacity: ReadonlyMap<ResourceId, number>
): void {
	for (const [resource, list] of byResource) {
		const cap = capacity.get(resource) ?? 1;
		for (const q of conflicted(list, cap)) {
			q.status = 'conflict';
			q.reason =
				cap === 1
					? 'double booked: another accepted request overlaps'
					: `overbooked: more than ${cap} accepted requests overlap`;
		}
	}
}

type Lookup = (q: RequestState) => OwnedResource | undefined;
/** A resource by id wherever the tree holds it (removed ones too), for naming. */
type Named = (id: ResourceId) => { name: string; removed: boolean } | undefined;

const eventKey = (q: { festival: FestivalId; event: EventId }) => `${q.festival}/${q.event}`;

/** Groups requests by event (festival and id). */
function byEvent(requests: readonly RequestState[]): Map<string, RequestState[]> {
	const out = new Map<string, RequestState[]>();
	for (const q of requests) {
		const k = eventKey(q);
		const list = out.get(k);
		if (list) list.push(q);
		else out.set(k, [q]);
	}
	return out;
}

/**
 * Demotes accepted requests whose required resources are not all accepted for the same event
 * (for a frame covering theirs) until none is left to demote. Returns the demoted requests.
 */
export function applyRequirements(
	requests: readonly RequestState[],
	resourceOf: Lookup,
	named: Named
): Set<RequestState> {
	// Built only if some resource requires another (most festivals have none).
	let events: Map<string, RequestState[]> | undefined;
	const demoted = new Set<RequestState>();
	for (let changed = true; changed;) {
		changed = false;
		for (const q of requests) {
			if (q.status !== 'accepted') continue;
			const needs = resourceOf(q)?.requires ?? [];
			if (!needs.length) continue;
			const mine = (events ??= byEvent(requests)).get(eventKey(q)) ?? [];
			const missing = needs.filter(
				(r) =>
					!mine.some((o) => o.resource === r && o.status === 'accepted' && inside(q.frame, o.frame))
			);
			if (!missing.length) continue;
			q.status = 'pending';
			q.waitingFor = missing;
			q.reason = `waiting for ${missing
				.map((r) => {
					const n = named(r);
					return n ? `“${n.name}”${n.removed ? ' (removed)' : ''}` : `${r.slice(0, 8)} (not found)`;
				})
				.join(', ')}`;
			demoted.add(q);
			changed = true;
		}
	}
	return demoted;
}

/** What the ticket rule needs of the tree. */
export interface AccessInput {
	readonly festivals: ReadonlyMap<FestivalId, FestivalModel>;
	readonly requests: readonly RequestState[];
	readonly byResource: ReadonlyMap<ResourceId, readonly RequestState[]>;
	readonly capacity: ReadonlyMap<ResourceId, number>;
	readonly named: Named;
	/** The tree's groups: a member of a group that owns the ticket needs none (groups.ts). */
	readonly groups?: GroupIndex;
}

/**
 * The events that do not count because their owner holds no ticket (see the module comment),
 * as `festival/event` keys; their requests are marked and must be left out of what holds
 * resources. Tickets are read from personal requests checked against each other only (their
 * conflicts among themselves counted, not yet against events).
 */
export function applyTickets(t: AccessInput): Set<string> {
	const out = new Set<string>();
	const needing = [...t.festivals.values()].filter((f) => f.meta?.eventsNeed);
	if (!needing.length) return out;
	const personal = (q: RequestState) =>
		t.festivals.get(q.festival)?.events.get(q.event)?.personal === true;
	const held = new Map<ResourceId, RequestState[]>();
	for (const [resource, list] of t.byResource) {
		const mine = list.filter(personal);
		const over = new Set(conflicted(mine, t.capacity.get(resource) ?? 1));
		held.set(
			resource,
			mine.filter((q) => q.status === 'accepted' && !over.has(q))
		);
	}
	const events = byEvent(t.requests);
	for (const f of needing) {
		const ticket = f.meta!.eventsNeed!;
		const name = t.named(ticket)?.name ?? ticket.slice(0, 8);
		const ticketRes = [...t.festivals.values()]
			.find((g) => g.resources.has(ticket))
			?.resources.get(ticket);
		const ownsTicket = (key: string) =>
			ticketRes !== undefined &&
			(t.groups ? mayDecide(t.groups, ticketRes, key) : ticketRes.owner === key);
		for (const e of f.events.values()) {
			if (e.personal || e.owner === f.creator || ownsTicket(e.owner)) continue;
			const ok = (held.get(ticket) ?? []).some(
				(q) =>
					t.festivals.get(q.festival)?.events.get(q.event)?.owner === e.owner && inside(e, q.frame)
			);
			if (ok) continue;
			const key = `${f.id}/${e.id}`;
			out.add(key);
			for (const q of events.get(key) ?? []) {
				q.unadmitted = true;
				if (q.status === 'withdrawn') continue;
				q.status = 'pending';
				q.reason = `its event's owner holds no “${name}”`;
			}
		}
	}
	return out;
}
