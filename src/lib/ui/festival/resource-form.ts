/**
 * The resource form's values: what a person typed, turned into input for core's check
 * (times read in the festival's zone); the check's problems worded for people.
 * @module
 */
import {
	type ResourceView,
	checkResource,
	RESOURCE_KINDS,
	type ResourceData,
	type ResourceInput,
	type ResourceKind,
	type ResourceId
} from '../../core/index.js';
import { fromLocalInput, localInputProblem, toLocalInput } from './format.js';
import { wordFirst } from './problems-wording.js';

/** One availability window as typed (datetime-local values). */
export interface WindowDraft {
	start: string;
	end: string;
}

/** The form's fields, all as typed. */
export interface ResourceDraft {
	name: string;
	kind: ResourceKind;
	policy: string;
	description: string;
	/** A whole number, `unlimited`, or blank (1). */
	capacity: string;
	/** Ids of the resources an event must hold too for this one to count. */
	requires: string[];
	windows: WindowDraft[];
	lat: string;
	lon: string;
	address: string;
	url: string;
}

/** An empty form (a location with manual decisions). */
export function emptyResource(): ResourceDraft {
	return {
		name: '',
		kind: 'location',
		policy: 'manual',
		description: '',
		capacity: '',
		requires: [],
		windows: [],
		lat: '',
		lon: '',
		address: '',
		url: ''
	};
}

/** The form for an existing resource. */
export function draftOf(r: ResourceView, tz: string): ResourceDraft {
	return {
		name: r.name,
		kind: (RESOURCE_KINDS as readonly string[]).includes(r.kind)
			? (r.kind as ResourceKind)
			: 'other',
		policy: r.policy,
		description: r.description ?? '',
		capacity: r.capacity !== undefined ? String(r.capacity) : '',
		requires: [...(r.requires ?? [])],
		windows: (r.availability ?? []).map((w) => ({
			start: toLocalInput(w.start, tz),
			end: toLocalInput(w.end, tz)
		})),
		lat: r.place?.lat !== undefined ? String(r.place.lat) : '',
		lon: r.place?.lon !== undefined ? String(r.place.lon) : '',
		address: r.place?.address ?? '',
		url: r.place?.url ?? ''
	};
}

/**
 * What a draft says, as input for core's check: times read in the festival's zone (an
 * unreadable one left blank), blank optional fields left out, a place only for a location.
 */
export function draftInput(d: ResourceDraft, tz: string): ResourceInput {
	const given = (s: string) => (s.trim() ? s : undefined);
	const lat = given(d.lat);
	const lon = given(d.lon);
	const address = given(d.address);
	const url = given(d.url);
	const place =
		d.kind === 'location' && (lat ?? lon ?? address ?? url) !== undefined
			? {
					...(lat ? { lat } : {}),
					...(lon ? { lon } : {}),
					...(address ? { address } : {}),
					...(url ? { url } : {})
				}
			: undefined;
	const typed = given(d.capacity);
	const capacity = typed?.trim().toLowerCase() === 'unlimited' ? 'unlimited' : typed;
	const description = given(d.description);
	return {
		name: d.name,
		kind: d.kind,
		policy: d.policy,
		...(description ? { description } : {}),
		...(capacity ? { capacity } : {}),
		...(d.requires.length ? { requires: d.requires as ResourceId[] } : {}),
		...(d.windows.length
			? {
					availability: d.windows.map((w) => ({
						start: fromLocalInput(w.start, tz) ?? '',
						end: fromLocalInput(w.end, tz) ?? ''
					}))
				}
			: {}),
		...(place ? { place } : {})
	};
}

/**
 * Checks a draft with core's rules; returns the resource data or the first problem, for people,
 * with the field at fault (`name`, `place.url`, `availability.0.end`, ...).
 */
export function readDraft(
	d: ResourceDraft,
	tz: string
):
	| { ok: true; value: ResourceData; input: ResourceInput }
	| { ok: false; error: string; field: string } {
	for (const [i, w] of d.windows.entries())
		for (const k of ['start', 'end'] as const) {
			const why = localInputProblem(w[k], tz);
			if (why)
				return {
					ok: false,
					field: `availability.${i}.${k}`,
					error: `Availability window ${i + 1}: the ${k} is not valid: ${why}.`
				};
		}
	const input = draftInput(d, tz);
	const r = checkResource(input);
	return r.ok
		? { ok: true, value: r.value, input }
		: {
				ok: false,
				error: wordFirst(r.problems, input, 'resource'),
				field: r.problems[0]?.field ?? ''
			};
}
