/**
 * An event's derived status, from the statuses of its requests (views.ts).
 * @module
 */
import type { RequestStatus } from './tree-types.js';

/**
 * The derived state of an event, from its requests (withdrawn ones count for nothing):
 * `confirmed` every request accepted; `partly` some accepted, others pending or denied;
 * `waiting` none accepted, some pending; `denied` every request denied; `conflict` some
 * request double booked; `none` nothing requested.
 */
export type EventState = 'none' | 'confirmed' | 'partly' | 'waiting' | 'denied' | 'conflict';

/** An event's derived status: "3 of 4 resources confirmed", "waiting for owner", ... */
export interface EventStatus {
	readonly label: string;
	/** Requests accepted. */
	readonly confirmed: number;
	/** Requests that count (withdrawn ones do not). */
	readonly total: number;
	readonly state: EventState;
}

/**
 * Derives an event's status from its requests' statuses (see {@link EventState}); withdrawn
 * requests count for nothing.
 */
export function eventStatus(all: readonly RequestStatus[]): EventStatus {
	let total = 0;
	let confirmed = 0;
	let denied = 0;
	let pending = 0;
	let conflict = false;
	for (const s of all) {
		if (s === 'withdrawn') continue;
		total++;
		if (s === 'accepted') confirmed++;
		else if (s === 'denied') denied++;
		else if (s === 'pending') pending++;
		else if (s === 'conflict') conflict = true;
	}
	const out = (state: EventState, label: string) => ({ label, confirmed, total, state });
	const of = `${confirmed} of ${total} ${total === 1 ? 'resource' : 'resources'} confirmed`;
	if (total === 0) return out('none', 'no resources requested');
	if (conflict) return out('conflict', 'conflict');
	if (confirmed === total) return out('confirmed', of);
	if (confirmed > 0) return out('partly', denied ? `${of}, ${denied} denied` : of);
	if (pending > 0)
		return out('waiting', denied ? `waiting for owner, ${denied} denied` : 'waiting for owner');
	return out('denied', total === 1 ? 'denied' : `all ${total} denied`);
}
