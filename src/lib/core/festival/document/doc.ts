/**
 * Making festival documents and editing them. Every function here is a local edit by one
 * author; they keep to the write rules (rules.ts), so honest edits are never rejected, and
 * refuse text over the limits of text.ts (`TextTooLongError`; inside `Automerge.change`,
 * the whole change is rolled back).
 * Scalars are ImmutableStrings (docs/DESIGN.md: smaller and faster than text).
 * @module
 */
import * as A from '@automerge/automerge';
import { randomBytes, toHex } from '../../bytes.js';
import type {
	FestivalDoc,
	StoredEvent,
	StoredRequest,
	StoredResource,
	StoredMeta
} from '../../model/doc.js';
import type { AuthorId } from '../../identity/identity.js';
import {
	newEventId,
	newResourceId,
	shardNames,
	type ActorId,
	type EventId,
	type FestivalId,
	type ResourceId
} from './ids.js';
import {
	checkText,
	readResource,
	requestFrameProblem,
	str,
	type DecisionData,
	type EventData,
	type Place,
	type RequestData,
	type ResourceData,
	type TimeFrame
} from './schema.js';
import { writeDecision, writeWithdrawal } from './decisions.js';
import { CONTAINERS, shard, type Container } from './containers.js';
import { storedCapacity } from '../../model/resource.js';

export type { FestivalDoc } from '../../model/doc.js';
export { CONTAINERS, rawItem, rawItems, type Container } from './containers.js';
export { addChild, rawProfile, setProfile } from './children.js';

/** The message that marks a genesis change; every other change carries its festival id. */
export const GENESIS_MESSAGE = 'festival-genesis';

const S = (s: string) => new A.ImmutableString(s);

/** Options for a new festival. */
export interface NewFestival {
	readonly name: string;
	readonly tz?: string;
	readonly description?: string;
	readonly parent?: FestivalId;
	readonly now?: Date;
}

function writeMeta(
	d: FestivalDoc,
	o: NewFestival,
	forkedFrom?: { festival: FestivalId; heads: string[] }
): void {
	checkText('name', o.name);
	checkText('description', o.description);
	checkText('tz', o.tz);
	const meta: StoredMeta = {
		name: S(o.name),
		tz: S(o.tz ?? 'UTC'),
		nonce: S(toHex(randomBytes(8))),
		createdAt: S((o.now ?? new Date()).toISOString()),
		...(o.description ? { description: S(o.description) } : {}),
		...(o.parent ? { parent: S(o.parent) } : {}),
		...(forkedFrom
			? { forkedFrom: { festival: S(forkedFrom.festival), heads: forkedFrom.heads.map(S) } }
			: {})
	};
	d.meta = meta;
}

function genesisId(doc: A.Doc<FestivalDoc>): FestivalId {
	return A.decodeChange(A.getLastLocalChange(doc)!).hash as FestivalId;
}

/** Creates a festival: one genesis change making meta and every shared container and shard. */
export function createFestivalDoc(
	actor: ActorId,
	o: NewFestival
): { doc: A.Doc<FestivalDoc>; id: FestivalId } {
	const doc = A.change(A.init<FestivalDoc>({ actor }), { message: GENESIS_MESSAGE }, (d) => {
		writeMeta(d, o);
		for (const name of Object.keys(CONTAINERS) as Container[]) {
			const c: Record<string, Record<string, never>> = {};
			for (const s of shardNames(CONTAINERS[name])) c[s] = {};
			d[name] = c;
		}
	});
	return { doc, id: genesisId(doc) };
}

/**
 * Forks a festival at its current heads: a new document with the whole history so far and a
 * genesis change (depending on those heads) that gives it its own meta, naming the original.
 */
export function forkFestivalDoc(
	original: A.Doc<FestivalDoc>,
	originalId: FestivalId,
	actor: ActorId,
	o: NewFestival
): { doc: A.Doc<FestivalDoc>; id: FestivalId } {
	const heads = A.getHeads(original);
	const tz = o.tz ?? String(original.meta?.tz ?? 'UTC');
	const doc = A.change(A.clone(original, actor), { message: GENESIS_MESSAGE }, (d) => {
		writeMeta(d, { ...o, tz }, { festival: originalId, heads });
	});
	return { doc, id: genesisId(doc) };
}

function frameDoc(f: TimeFrame) {
	return { start: S(f.start), end: S(f.end) };
}

function placeDoc(p: Place) {
	checkText('address', p.address);
	checkText('url', p.url);
	return {
		...(p.lat !== undefined && p.lon !== undefined ? { lat: p.lat, lon: p.lon } : {}),
		...(p.address ? { address: S(p.address) } : {}),
		...(p.url ? { url: S(p.url) } : {})
	};
}

function resourceDoc(r: ResourceData): StoredResource {
	checkText('name', r.name);
	checkText('description', r.description);
	checkText('policy', r.policy);
	return {
		name: S(r.name),
		kind: S(r.kind),
		policy: S(r.policy),
		...(r.description ? { description: S(r.description) } : {}),
		...storedCapacity(r.capacity),
		...(r.requires?.length ? { requires: r.requires.map(S) } : {}),
		...(r.availability ? { availability: r.availability.map(frameDoc) } : {}),
		...(r.place ? { place: placeDoc(r.place) } : {}),
		...(r.removed ? { removed: true as const } : {})
	};
}

/** Adds a resource owned by `author`; returns its id. */
export function addResource(d: FestivalDoc, author: AuthorId, r: ResourceData): ResourceId {
	const id = newResourceId(author);
	shard(d, 'resources', id)[id] = resourceDoc(r);
	return id;
}

/**
 * Replaces fields of an own resource: the fields `patch` gives (a key given as undefined is
 * removed), the others kept as they are, `removed` included.
 */
export function updateResource(
	d: FestivalDoc,
	id: ResourceId,
	patch: { readonly [K in keyof ResourceData]?: ResourceData[K] | undefined }
): void {
	const cur = shard(d, 'resources', id)[id] as Record<string, unknown> | undefined;
	if (!cur) throw new Error(`no resource ${id}`);
	// Read through the schema (Automerge.toJS only takes a document root).
	const now = readResource(cur);
	if (!now.ok) throw new Error(`resource ${id} is not valid: ${now.error.reason}`);
	const next: Record<string, unknown> = resourceDoc({ ...now.value, ...patch } as ResourceData);
	for (const k of Object.keys(cur)) if (!(k in next)) delete cur[k];
	Object.assign(cur, next);
}

/**
 * Replaces what an owner edits of an own resource (name, kind, policy, description, capacity,
 * availability, place): fields `r` leaves out are removed; `removed` stays as it is.
 */
export function replaceResource(
	d: FestivalDoc,
	id: ResourceId,
	r: Omit<ResourceData, 'removed'>
): void {
	updateResource(d, id, {
		description: undefined,
		capacity: undefined,
		requires: undefined,
		availability: undefined,
		place: undefined,
		...r
	});
}

/**
 * Removes an own resource. It stays in the document as a tombstone (`removed`), so events
 * that requested it say by name that it is gone; it is offered to no one any more.
 */
export function removeResource(d: FestivalDoc, id: ResourceId): void {
	const cur = shard(d, 'resources', id)[id] as Record<string, unknown> | undefined;
	if (!cur) throw new Error(`no resource ${id}`);
	cur.removed = true;
}

/**
 * Removes an own event. Its requests go with it; the owners' decisions about them stay in
 * the document (they are the owners' keys) and are read as about nothing.
 */
export function removeEvent(d: FestivalDoc, id: EventId): void {
	const s = shard(d, 'events', id);
	if (!s[id]) throw new Error(`no event ${id}`);
	delete s[id];
}

function requestDoc(r: RequestData): StoredRequest {
	return { festival: S(r.festival), ...(r.frame ? frameDoc(r.frame) : {}) };
}

function checkRequestFrame(r: RequestData, event: TimeFrame): void {
	const why = requestFrameProblem(r, event);
	if (why) throw new Error(why);
}

/**
 * Adds an event owned by `author`; returns its id. A request's own frame must lie within the
 * event's. An occurrence of a series carries its `series` (id and index).
 */
export function addEvent(d: FestivalDoc, author: AuthorId, e: EventData): EventId {
	checkText('title', e.title);
	checkText('description', e.description);
	for (const t of e.tags) checkText('tag', t);
	for (const r of e.requests) checkRequestFrame(r, e);
	const id = newEventId(author);
	const requests: Record<string, StoredRequest> = {};
	for (const r of e.requests) requests[r.resource] = requestDoc(r);
	shard(d, 'events', id)[id] = {
		title: S(e.title),
		start: S(e.start),
		end: S(e.end),
		tags: e.tags.map(S),
		requests,
		...(e.description ? { description: S(e.description) } : {}),
		...(e.series ? { series: { id: S(e.series.id), index: e.series.index } } : {}),
		...(e.personal ? { personal: true as const } : {})
	};
	return id;
}

/**
 * Replaces the title, description, time frame, tags and requests of an own event. Requests
 * kept keep what they had (an own frame); requests dropped are deleted; new ones are added.
 */
export function updateEvent(d: FestivalDoc, id: EventId, e: EventData): void {
	const ev = shard(d, 'events', id)[id] as StoredEvent | undefined;
	if (!ev) throw new Error(`no event ${id}`);
	checkText('title', e.title);
	checkText('description', e.description);
	for (const t of e.tags) checkText('tag', t);
	for (const r of e.requests) checkRequestFrame(r, e);
	ev.title = S(e.title);
	ev.start = S(e.start);
	ev.end = S(e.end);
	ev.tags = e.tags.map(S);
	if (e.description) ev.description = S(e.description);
	else if ('description' in ev) delete ev.description;
	if (typeof ev.requests !== 'object' || ev.requests === null) ev.requests = {};
	const requests = ev.requests;
	const want = new Map(e.requests.map((r) => [r.resource as string, r]));
	for (const k of Object.keys(requests)) if (!want.has(k)) delete requests[k];
	for (const [k, r] of want) if (!(k in requests)) requests[k] = requestDoc(r);
}

/** Adds or replaces a request of an own event; its own frame must lie within the event's. */
export function requestResource(d: FestivalDoc, event: EventId, r: RequestData): void {
	const ev = shard(d, 'events', event)[event] as
		Record<string, Record<string, unknown>> | undefined;
	if (!ev) throw new Error(`no event ${event}`);
	checkRequestFrame(r, { start: str(ev.start) ?? '', end: str(ev.end) ?? '' });
	ev.requests![r.resource] = requestDoc(r);
}

/** The key of the decision on one request: resource id then event id. */
export function decisionKey(resource: ResourceId, event: EventId): string {
	return resource + event;
}

/**
 * Records the owner's decision on a request. A decision made before stays in its history
 * (decisions.ts); the latest is the one that counts.
 */
export function decide(d: FestivalDoc, dec: DecisionData): void {
	const key = decisionKey(dec.resource, dec.event);
	writeDecision(shard(d, 'decisions', key) as Record<string, unknown>, key, dec);
}

/**
 * Withdraws a request of an own event: it stays, marked withdrawn (`at`, with an optional
 * reason), and holds nothing. Requesting the resource again (`requestResource`) makes it new.
 */
export function withdrawRequest(
	d: FestivalDoc,
	event: EventId,
	resource: ResourceId,
	at: string,
	reason?: string
): void {
	const ev = shard(d, 'events', event)[event] as StoredEvent | undefined;
	const req = ev?.requests?.[resource];
	if (!req) throw new Error(`event ${event} does not request ${resource}`);
	writeWithdrawal(req, at, reason);
}
