/**
 * The event form's values: what a person typed, turned into input for core's check (times
 * read in the festival's zone); the check's problems worded for people.
 * @module
 */
import {
	type FestivalId,
	type ResourceId,
	type EventView,
	checkEvent,
	type EventData,
	type EventInput,
	type TimeFrame
} from '../../core/index.js';
import { fromLocalInput, localInputProblem, toLocalInput } from './format.js';
import { wordFirst } from './problems-wording.js';

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

/** What a draft says, as input for core's check (times read in the festival's zone). */
export function eventInput(d: EventDraft, tz: string): EventInput {
	const description = d.description.trim();
	return {
		title: d.title,
		start: fromLocalInput(d.start, tz) ?? '',
		end: fromLocalInput(d.end, tz) ?? '',
		tags: parseTags(d.tags),
		requests: Object.entries(d.requests).map(([resource, festival]) => ({
			resource: resource as ResourceId,
			festival: festival as FestivalId
		})),
		...(description ? { description } : {})
	};
}

/**
 * Checks a draft with core's rules; returns the event data or the first problem, for people,
 * with the field at fault (`start`, `title`, `tags.1`, ...).
 */
export function readEventDraft(
	d: EventDraft,
	tz: string
): { ok: true; value: EventData; input: EventInput } | { ok: false; error: string; field: string } {
	for (const field of ['start', 'end'] as const) {
		const why = localInputProblem(d[field], tz);
		if (why) return { ok: false, field, error: `The ${field} time is not valid: ${why}.` };
	}
	const input = eventInput(d, tz);
	const r = checkEvent(input);
	return r.ok
		? { ok: true, value: r.value, input }
		: {
				ok: false,
				error: wordFirst(r.problems, input, 'event'),
				field: r.problems[0]?.field ?? ''
			};
}

/** A resource an event may request, as far as its requirements go. */
export interface RequiringOption {
	readonly festival: string;
	readonly resource: {
		readonly id: string;
		readonly name: string;
		readonly requires?: readonly string[];
	};
}

/**
 * The resources the ticked ones require (and what those require...) that are not ticked yet,
 * each with the festival holding it and the name of a resource requiring it. Requirements that
 * are not among the options (missing, removed, out of reach) are left out.
 */
export function missingRequirements(
	requests: Readonly<Record<string, string>>,
	options: readonly RequiringOption[]
): { id: string; festival: string; name: string; by: string }[] {
	const byId = new Map(options.map((o) => [o.resource.id, o]));
	const have = new Set(Object.keys(requests));
	const out: { id: string; festival: string; name: string; by: string }[] = [];
	const queue = [...have];
	while (queue.length) {
		const from = byId.get(queue.shift()!);
		for (const need of from?.resource.requires ?? []) {
			const o = byId.get(need);
			if (!o || have.has(need)) continue;
			have.add(need);
			queue.push(need);
			out.push({ id: need, festival: o.festival, name: o.resource.name, by: from!.resource.name });
		}
	}
	return out;
}
