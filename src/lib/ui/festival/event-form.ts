/**
 * The event form's values and their checks: what a person typed, turned into `EventData`
 * (times read in the festival's zone), or a readable reason why not.
 * @module
 */
import type { EventData, EventView, FestivalId, ResourceId, TimeFrame } from '../../core/index.js';
import { fromLocalInput, toLocalInput } from './format.js';

/** The form's fields, as typed; `requests` maps a resource id to the festival holding it. */
export interface EventDraft {
	title: string;
	description: string;
	start: string;
	end: string;
	tags: string;
	requests: Record<string, string>;
}

/** An empty form. */
export function emptyEvent(): EventDraft {
	return { title: '', description: '', start: '', end: '', tags: '', requests: {} };
}

/** The form for an existing event. */
export function eventDraftOf(e: EventView, tz: string): EventDraft {
	return {
		title: e.title,
		description: e.description ?? '',
		start: toLocalInput(e.start, tz),
		end: toLocalInput(e.end, tz),
		tags: e.tags.join(', '),
		requests: Object.fromEntries(e.requests.map((r) => [r.resource, r.festival]))
	};
}

/** The frame typed so far, if it is a valid one. */
export function draftFrame(d: EventDraft, tz: string): TimeFrame | undefined {
	const start = fromLocalInput(d.start, tz);
	const end = fromLocalInput(d.end, tz);
	return start && end && Date.parse(start) < Date.parse(end) ? { start, end } : undefined;
}

/** Tags from a comma-separated list: trimmed, without empties or repeats. */
export function parseTags(s: string): string[] {
	return [
		...new Set(
			s
				.split(',')
				.map((t) => t.trim())
				.filter(Boolean)
		)
	];
}

/** Checks a draft; returns the event data or the first problem, for people. */
export function readEventDraft(
	d: EventDraft,
	tz: string
): { ok: true; value: EventData } | { ok: false; error: string } {
	const title = d.title.trim();
	if (!title) return { ok: false, error: 'Give the event a title.' };
	if (title.length > 300) return { ok: false, error: 'The title is longer than 300 characters.' };
	if (!fromLocalInput(d.start, tz) || !fromLocalInput(d.end, tz))
		return { ok: false, error: 'Give a start and an end.' };
	const frame = draftFrame(d, tz);
	if (!frame) return { ok: false, error: 'The event must end after it starts.' };
	const tags = parseTags(d.tags);
	const long = tags.find((t) => t.length > 50);
	if (long) return { ok: false, error: `The tag “${long}” is longer than 50 characters.` };
	const description = d.description.trim();
	return {
		ok: true,
		value: {
			title,
			start: frame.start,
			end: frame.end,
			tags,
			requests: Object.entries(d.requests).map(([resource, festival]) => ({
				resource: resource as ResourceId,
				festival: festival as FestivalId
			})),
			...(description ? { description } : {})
		}
	};
}
