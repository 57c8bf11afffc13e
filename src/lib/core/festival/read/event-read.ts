/**
 * Reading one stored event for the tree model (tree-model.ts): its fields validated, and its
 * requests and withdrawals counted only as its owner made them. What a read of an event gives
 * depends on nothing but the event's own Automerge object (its fields, the object ids in it)
 * and the festival reading it, and Automerge keeps the object of an unchanged event from one
 * version of a document to the next: so a read is kept by object ({@link readOwnedEvent}),
 * and a festival read again after a change reads only the events that change touched.
 * @module
 */
import type { EventId, FestivalId } from '../document/ids.js';
import { readEvent } from '../document/schema.js';
import { authorOf, objectIdOf } from './ownership.js';
import type { OwnedEvent } from './tree-types.js';

/** What one event's read gave: the event (unless it did not validate) and its problems. */
export interface EventRead {
	readonly event?: OwnedEvent;
	readonly problems: readonly { readonly where: string; readonly reason: string }[];
}

const short = (author: string) => author.slice(0, 8);
const voidedWhy = 'made by a log its author signed twice (forked): ignored';

/** Reads kept by event object; each names what it was read as (festival, id, owner). */
const kept = new WeakMap<
	object,
	EventRead & { festival: FestivalId; id: EventId; owner: string }
>();

/**
 * Reads the event `value` (an Automerge object) stored at `where` under id `eid` in festival
 * `festival`, owned by `owner`. `isVoid` tells object ids a forked log made; only a read with
 * none (`cache`) is kept, since the forked logs are known apart from the object.
 */
export function readOwnedEvent(
	festival: FestivalId,
	where: string,
	eid: EventId,
	value: unknown,
	owner: string,
	isVoid: (id: string) => boolean,
	cache: boolean
): EventRead {
	const key = cache && typeof value === 'object' && value !== null ? value : undefined;
	const hit = key ? kept.get(key) : undefined;
	if (hit && hit.festival === festival && hit.id === eid && hit.owner === owner) return hit;
	const out = read(festival, where, eid, value, owner, isVoid);
	if (key) kept.set(key, { ...out, festival, id: eid, owner });
	return out;
}

function read(
	festival: FestivalId,
	where: string,
	eid: EventId,
	value: unknown,
	owner: string,
	isVoid: (id: string) => boolean
): EventRead {
	const problems: { where: string; reason: string }[] = [];
	const problem = (w: string, reason: string) => problems.push({ where: w, reason });
	const e = readEvent(value, festival);
	if (!e.ok) {
		problem(where, e.error.reason);
		return { problems };
	}
	// A request counts only if the event's owner made it. (A value recovered from concurrent
	// writes is a plain copy without object ids; what is inside it is the owner's.)
	const raw = (value as { requests?: Record<string, unknown> }).requests ?? {};
	const requests = e.value.requests.filter((q) => {
		const rid = objectIdOf(raw[q.resource]);
		const by = rid ? authorOf(rid) : undefined;
		if (rid && isVoid(rid)) {
			problem(`${where}/requests/${q.resource}`, voidedWhy);
			return false;
		}
		if (by === undefined || by === owner) return true;
		problem(
			`${where}/requests/${q.resource}`,
			`request made by ${short(by ?? '?')}, not the event's owner`
		);
		return false;
	});
	// A withdrawal counts only if the event's owner wrote it (inside their own request).
	const mine = requests.map((q) => {
		if (!q.withdrawn) return q;
		const wid = objectIdOf((raw[q.resource] as { withdrawn?: unknown }).withdrawn);
		if (wid && authorOf(wid) === owner && !isVoid(wid)) return q;
		problem(`${where}/requests/${q.resource}`, "withdrawal not made by the event's owner: ignored");
		const { withdrawn: _, ...rest } = q;
		return rest;
	});
	return { event: { ...e.value, requests: mine, id: eid, owner }, problems };
}
