/**
 * Edits of one's own items in place (the objects are the author's, so the write rules allow
 * them): replacing an event's fields and its set of requests, which doc.ts does not offer, and
 * a resource's fields (doc.ts's `updateResource` calls `Automerge.toJS` on a nested object,
 * which Automerge refuses with "must be the document root").
 * @module
 */
import * as A from '@automerge/automerge';
import {
	CONTAINERS,
	type EventData,
	type EventId,
	type FestivalDoc,
	rawItem,
	type ResourceData,
	type ResourceId,
	shardOf,
	type TimeFrame
} from '../../core/index.js';

const S = (s: string) => new A.ImmutableString(s);

/**
 * Replaces the title, description, time frame, tags and requests of an own event. Requests
 * kept keep what they had (an own frame); requests dropped are deleted; new ones are added.
 */
export function updateEvent(d: FestivalDoc, id: EventId, e: EventData): void {
	if (rawItem(d, 'events', id) === undefined) throw new Error(`no event ${id}`);
	const ev = d.events[shardOf(id, CONTAINERS.events)][id] as Record<string, unknown>;
	ev.title = S(e.title);
	ev.start = S(e.start);
	ev.end = S(e.end);
	ev.tags = e.tags.map(S);
	if (e.description) ev.description = S(e.description);
	else if ('description' in ev) delete ev.description;
	if (typeof ev.requests !== 'object' || ev.requests === null) ev.requests = {};
	const requests = ev.requests as Record<string, unknown>;
	const want = new Map(e.requests.map((r) => [r.resource as string, r]));
	for (const k of Object.keys(requests)) if (!want.has(k)) delete requests[k];
	for (const [k, r] of want) if (!(k in requests)) requests[k] = { festival: S(r.festival) };
}

const frame = (f: TimeFrame) => ({ start: S(f.start), end: S(f.end) });

/** Replaces every field of an own resource (fields not given are removed). */
export function replaceResource(d: FestivalDoc, id: ResourceId, r: ResourceData): void {
	if (rawItem(d, 'resources', id) === undefined) throw new Error(`no resource ${id}`);
	const cur = d.resources[shardOf(id, CONTAINERS.resources)][id] as Record<string, unknown>;
	const p = r.place;
	const next: Record<string, unknown> = {
		name: S(r.name),
		kind: S(r.kind),
		policy: S(r.policy),
		...(r.description ? { description: S(r.description) } : {}),
		...(r.capacity !== undefined ? { capacity: r.capacity } : {}),
		...(r.availability?.length ? { availability: r.availability.map(frame) } : {}),
		...(p
			? {
					place: {
						...(p.lat !== undefined && p.lon !== undefined ? { lat: p.lat, lon: p.lon } : {}),
						...(p.address ? { address: S(p.address) } : {}),
						...(p.url ? { url: S(p.url) } : {})
					}
				}
			: {})
	};
	for (const k of Object.keys(cur)) if (!(k in next)) delete cur[k];
	Object.assign(cur, next);
}
