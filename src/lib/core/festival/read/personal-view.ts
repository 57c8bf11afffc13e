/**
 * People's requests for resources for themselves (PROTOCOL.md, "Personal requests"), as the
 * read model shows them: records of the events container flagged `personal`.
 * @module
 */
import { instant } from './instant.js';
import type { EventId, ResourceId } from '../document/ids.js';
import type { FestivalModel, RequestState, RequestStatus } from './tree-model.js';

/** A person's request for a resource for themselves (a ticket, a badge...), as shown. */
export interface PersonalView {
	/** The record's id: name it as the EVENT when deciding. */
	readonly id: EventId;
	/** Public key (hex) of who asked. */
	readonly person: string;
	readonly personName: string | null;
	readonly resource: ResourceId;
	readonly status: RequestStatus;
	readonly reason?: string;
	readonly start: string;
	readonly end: string;
}

/** The personal requests of a festival, one entry per resource asked for. */
export function personalOf(
	f: FestivalModel,
	reqs: ReadonlyMap<string, RequestState[]>,
	nameOf: (key: string) => string | null
): PersonalView[] {
	const out: PersonalView[] = [];
	for (const e of f.events.values()) {
		if (!e.personal) continue;
		for (const q of reqs.get(`${f.id}/${e.id}`) ?? [])
			out.push({
				id: e.id,
				person: e.owner,
				personName: nameOf(e.owner),
				resource: q.resource,
				status: q.status,
				...(q.reason !== undefined ? { reason: q.reason } : {}),
				start: q.frame.start,
				end: q.frame.end
			});
	}
	return out.sort(
		(a, b) => instant(a.start) - instant(b.start) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}
