/**
 * The resource form's values and their checks: what a person typed, turned into
 * `ResourceData` (times read in the festival's zone), or a readable reason why not.
 * @module
 */
import {
	checkPlaceUrl,
	type Place,
	RESOURCE_KINDS,
	type ResourceData,
	type ResourceKind,
	type ResourceView,
	type TimeFrame
} from '../../core/index.js';
import { fromLocalInput, toLocalInput } from './format.js';

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
	capacity: string;
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

function coordinate(raw: string, what: string, limit: number): number | string | undefined {
	if (!raw.trim()) return undefined;
	const n = Number(raw);
	if (!Number.isFinite(n) || Math.abs(n) > limit)
		return `The ${what} must be a number from -${limit} to ${limit}.`;
	return n;
}

function place(d: ResourceDraft): Place | string | undefined {
	if (d.kind !== 'location') return undefined;
	const lat = coordinate(d.lat, 'latitude', 90);
	const lon = coordinate(d.lon, 'longitude', 180);
	if (typeof lat === 'string') return lat;
	if (typeof lon === 'string') return lon;
	if ((lat === undefined) !== (lon === undefined))
		return 'Give both latitude and longitude, or neither.';
	let url = '';
	if (d.url.trim()) {
		const checked = checkPlaceUrl(d.url);
		if (!checked.ok)
			return `${checked.error.reason[0]!.toUpperCase()}${checked.error.reason.slice(1)}.`;
		url = checked.value;
	}
	const address = d.address.trim();
	if (lat === undefined && !address && !url) return undefined;
	return {
		...(lat !== undefined && lon !== undefined ? { lat, lon } : {}),
		...(address ? { address } : {}),
		...(url ? { url } : {})
	};
}

/** Checks a draft; returns the resource data or the first problem, for people. */
export function readDraft(
	d: ResourceDraft,
	tz: string
): { ok: true; value: ResourceData } | { ok: false; error: string } {
	const name = d.name.trim();
	if (!name) return { ok: false, error: 'Give the resource a name.' };
	if (name.length > 200) return { ok: false, error: 'The name is longer than 200 characters.' };
	let capacity: number | undefined;
	if (d.capacity.trim()) {
		capacity = Number(d.capacity);
		if (!Number.isSafeInteger(capacity) || capacity < 1)
			return { ok: false, error: 'The capacity must be a whole number of at least 1.' };
	}
	const availability: TimeFrame[] = [];
	for (const [i, w] of d.windows.entries()) {
		const start = fromLocalInput(w.start, tz);
		const end = fromLocalInput(w.end, tz);
		if (!start || !end)
			return { ok: false, error: `Availability window ${i + 1} needs a start and an end.` };
		if (Date.parse(start) >= Date.parse(end))
			return { ok: false, error: `Availability window ${i + 1} ends before it starts.` };
		availability.push({ start, end });
	}
	const p = place(d);
	if (typeof p === 'string') return { ok: false, error: p };
	const description = d.description.trim();
	return {
		ok: true,
		value: {
			name,
			kind: d.kind,
			policy: d.policy,
			...(description ? { description } : {}),
			...(capacity !== undefined ? { capacity } : {}),
			...(availability.length ? { availability } : {}),
			...(p ? { place: p } : {})
		}
	};
}
