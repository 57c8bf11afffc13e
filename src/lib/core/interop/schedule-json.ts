/**
 * Export to the frab / c3voc `schedule.json` format (read by Giggity, ConfClerk,
 * EventFahrplan and the c3voc tools; written by frab and pretalx). The output validates
 * against the format's JSON schema (draft-06); import is in schedule-import.ts.
 *
 * - conference: title = festival name, acronym made from it (the schema's pattern), start and
 *   end = the first and last day with an event, every day in between listed, the festival's
 *   time zone as `time_zone_name` where the schema's pattern admits it.
 * - rooms = the festival's locations (and locations of ancestors its events use). An event
 *   sits in its first requested location not denied (accepted first); events without one sit
 *   in a room named {@link NO_ROOM}.
 * - days: local dates in the festival's zone, midnight to 23:59:59; an event belongs to the
 *   day it starts.
 * - events: guid = UUIDv5 (URL namespace) of the event's URN, so it is stable across exports;
 *   id = a stable number from the same hash (the format still requires it); date/end with
 *   the zone's offset, start and duration as hh:mm; type = a tag naming a known type (talk,
 *   workshop, ...) else "other"; track = the first other tag; abstract = description. The
 *   format has no field for request status: every event of the festival is listed.
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { toHex } from '../bytes.js';
import type { EventId, FestivalId } from '../festival/document/ids.js';
import {
	readFestival,
	readTree,
	resourceView,
	type EventView,
	type ResourceView,
	type TreeInput
} from '../festival/read/views.js';
import { isTimeZone, placeLink } from '../festival/document/schema.js';
import { parseTime } from '../festival/document/time.js';
import { err, ok, type Result } from '../result.js';
import { wallTime } from '../festival/document/time.js';
import { splitDescription } from './talk-extras.js';
import { offsetAt } from './vtimezone.js';

/** The room of events that use no location. */
export const NO_ROOM = '(no location)';

/** Event types conference apps know; a tag naming one becomes the event's type. */
const TYPES = [
	'talk',
	'workshop',
	'hands-on',
	'meeting',
	'discussion',
	'game',
	'lecture',
	'panel',
	'performance',
	'concert',
	'other'
];

const NS_URL = '6ba7b8119dad11d180b400c04fd430c8';

/** A name-based (version 5, SHA-1) UUID of `name` in the URL namespace (RFC 9562). */
export function uuidV5(name: string, namespaceHex = NS_URL): string {
	const ns = Uint8Array.from(namespaceHex.match(/../g)!.map((h) => parseInt(h, 16)));
	const bytes = new TextEncoder().encode(name);
	const input = new Uint8Array(ns.length + bytes.length);
	input.set(ns);
	input.set(bytes, ns.length);
	const h = sha1(input).slice(0, 16);
	h[6] = (h[6]! & 0x0f) | 0x50;
	h[8] = (h[8]! & 0x3f) | 0x80;
	const x = toHex(h);
	return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The URN naming an event or resource of a festival (also used as the event's url). */
export function itemUrn(festival: FestivalId, item: string): string {
	return `urn:festival:${festival}:${item}`;
}

/** A schedule.json document (only what this module writes is typed). */
export interface ScheduleJson {
	readonly $schema: string;
	readonly generator: { readonly name: string; readonly version: string };
	readonly schedule: {
		readonly version: string;
		readonly conference: Record<string, unknown> & {
			readonly days: readonly ScheduleDay[];
			readonly rooms: readonly Record<string, unknown>[];
		};
	};
}

/** One day of a schedule.json. */
export interface ScheduleDay {
	readonly index: number;
	readonly date: string;
	readonly day_start: string;
	readonly day_end: string;
	readonly rooms: Record<string, Record<string, unknown>[]>;
}

/** Options of {@link exportScheduleJson}. */
export interface ScheduleExportOptions {
	/** The event's `url`; default its URN (a festival has no web page of its own). */
	readonly eventUrl?: (festival: FestivalId, event: EventId) => string;
	/** The `version` of the schedule; default "1". */
	readonly version?: string;
	/** Used for an empty festival's dates; default now. */
	readonly now?: Date;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD` of a wall time. */
function dateOf(ms: number, tz: string): string {
	const w = wallTime(ms, tz);
	return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** An instant as a date-time with the zone's offset (`2026-07-01T12:00:00+02:00`). */
export function zonedIso(ms: number, tz: string): string {
	const w = wallTime(ms, tz);
	const off = offsetAt(ms, tz);
	const a = Math.abs(off);
	const sign = off < 0 ? '-' : '+';
	return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.floor(a / 3600))}:${pad(Math.floor((a % 3600) / 60))}`;
}

/** A span in ms as `h:mm` (hours may exceed 24). */
function hhmm(ms: number): string {
	const minutes = Math.round(ms / 60_000);
	return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** A slug: lower-case letters, digits and `sep`, ending in a letter or digit. */
function slugify(s: string, sep: string): string {
	return s
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, sep)
		.replace(new RegExp(`^${sep}+|${sep}+$`, 'g'), '');
}

/** An acronym matching the schema's `^[a-z0-9_-][a-z0-9_]{3,}...$`. */
function acronymOf(name: string, id: FestivalId): string {
	const a = slugify(name, '_').slice(0, 40).replace(/_+$/, '');
	return a.length >= 4 ? a : `festival_${id.slice(0, 8)}`;
}

const DAY_MS = 86_400_000;

/** The first midnight in `tz` of a local date (`YYYY-MM-DD`). */
function midnight(date: string, tz: string): number {
	const t = parseTime(`${date}T00:00`, tz);
	return t.ok ? Date.parse(t.value) : Date.parse(`${date}T00:00:00Z`);
}

/** The day after a local date. */
function nextDate(date: string): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * Exports festival `id` of a tree as a schedule.json document. Fails only if the tree lacks
 * the festival.
 */
export function exportScheduleJson(
	tree: TreeInput,
	id: FestivalId,
	opts: ScheduleExportOptions = {}
): Result<ScheduleJson, 'schedule'> {
	const model = readTree(tree);
	const view = readFestival(model, id);
	if (!view) return err('schedule', `festival ${id} is not in the tree`);
	const tz = isTimeZone(view.tz) ? view.tz : 'UTC';
	const resources = new Map<string, ResourceView>();
	for (const f of model.festivals.values())
		for (const r of f.resources.values())
			if (!resources.has(r.id) || f.id === id) resources.set(r.id, resourceView(r));

	// Rooms: this festival's locations, then others the events use; names made unique.
	const roomOf = new Map<EventView, ResourceView | undefined>();
	for (const e of view.events) {
		const usable = e.requests.filter(
			(q) =>
				q.status !== 'denied' &&
				q.status !== 'withdrawn' &&
				resources.get(q.resource)?.kind === 'location'
		);
		const best = usable.find((q) => q.status === 'accepted') ?? usable[0];
		roomOf.set(e, best ? resources.get(best.resource) : undefined);
	}
	const locations = new Map<string, ResourceView>();
	for (const r of view.resources) if (r.kind === 'location') locations.set(r.id, r);
	for (const r of roomOf.values()) if (r && !locations.has(r.id)) locations.set(r.id, r);
	/** Room names by resource id ('' for no location). */
	const roomName = new Map<string, string>();
	const taken = new Set<string>();
	const unique = (base: string) => {
		let n = base;
		for (let i = 2; taken.has(n); i++) n = `${base} (${i})`;
		taken.add(n);
		return n;
	};
	const rooms: Record<string, unknown>[] = [];
	for (const r of locations.values()) {
		const name = unique(r.name);
		roomName.set(r.id, name);
		const description = r.description ?? r.place?.address;
		const url = placeLink(r.place?.url);
		rooms.push({
			name,
			guid: uuidV5(itemUrn(id, r.id)),
			...(description ? { description } : {}),
			...(r.capacity !== undefined ? { capacity: r.capacity } : {}),
			// Viewers render a room's url as a link: only addresses the app itself would link.
			...(url ? { url } : {})
		});
	}
	if ([...roomOf.values()].some((r) => r === undefined)) {
		roomName.set('', unique(NO_ROOM));
		rooms.push({ name: roomName.get(''), guid: uuidV5(itemUrn(id, 'no-location')) });
	}

	// Days: every local date from the first event's to the last event's.
	const acronym = acronymOf(view.name, id);
	const byDate = new Map<string, EventView[]>();
	for (const e of view.events) {
		const d = dateOf(Date.parse(e.start), tz);
		byDate.set(d, [...(byDate.get(d) ?? []), e]);
	}
	const dates = [...byDate.keys()].sort();
	const today = dateOf((opts.now ?? new Date()).getTime(), tz);
	const first = dates[0] ?? today;
	const last = dates[dates.length - 1] ?? today;
	const usedIds = new Set<number>();
	const days: ScheduleDay[] = [];
	if (dates.length) {
		for (let date = first, index = 1; date <= last; date = nextDate(date), index++) {
			const start = midnight(date, tz);
			const end = midnight(nextDate(date), tz) - 1000;
			const dayRooms: Record<string, Record<string, unknown>[]> = {};
			for (const e of byDate.get(date) ?? []) {
				const room = roomName.get(roomOf.get(e)?.id ?? '')!;
				(dayRooms[room] ??= []).push(eventJson(e, room, id, tz, acronym, usedIds, opts));
			}
			days.push({
				index,
				date,
				day_start: zonedIso(start, tz),
				day_end: zonedIso(end, tz),
				rooms: dayRooms
			});
		}
	}
	const tzName = /^([A-Z][a-z]+\/[A-Z][a-z]+)|UTC$/.test(tz) ? { time_zone_name: tz } : {};
	return ok({
		$schema: 'https://c3voc.de/schedule/schema.json',
		generator: { name: 'festival', version: '0.1.0' },
		schedule: {
			version: opts.version ?? '1',
			conference: {
				acronym,
				title: view.name,
				start: first,
				end: last,
				daysCount: days.length,
				timeslot_duration: '00:05',
				...tzName,
				rooms,
				days
			}
		}
	});
}

function eventJson(
	e: EventView,
	room: string,
	festival: FestivalId,
	tz: string,
	acronym: string,
	usedIds: Set<number>,
	opts: ScheduleExportOptions
): Record<string, unknown> {
	const urn = itemUrn(festival, e.id);
	const guid = uuidV5(urn);
	const extras = splitDescription(e.description);
	// A stable positive 31-bit number from the guid; the next free one on a (rare) collision.
	let num = (parseInt(guid.replace(/-/g, '').slice(0, 8), 16) % 0x7fffffff) + 1;
	while (usedIds.has(num)) num = (num % 0x7fffffff) + 1;
	usedIds.add(num);
	const start = Date.parse(e.start);
	const end = Date.parse(e.end);
	const w = wallTime(start, tz);
	const type = e.tags.find((t) => TYPES.includes(t.toLowerCase()));
	const track = e.tags.find((t) => t !== type) ?? null;
	const slug = `${slugify(acronym, '-')}-${num}-${slugify(e.title, '-').slice(0, 60)}`.replace(
		/-+$/,
		''
	);
	return {
		guid,
		id: num,
		date: zonedIso(start, tz),
		start: `${pad(w.hour)}:${pad(w.minute)}`,
		end: zonedIso(end, tz),
		duration: hhmm(end - start),
		room,
		slug,
		url: opts.eventUrl ? opts.eventUrl(festival, e.id) : urn,
		title: e.title,
		subtitle: '',
		track,
		type: type?.toLowerCase() ?? 'other',
		language: null,
		abstract: extras.text,
		description: extras.text || null,
		// Speakers and links an import kept in the description (talk-extras.ts).
		persons: extras.persons.map((name) => ({ guid: uuidV5(`${urn}:person:${name}`), name })),
		links: extras.links.map((url) => ({ url, title: url }))
	};
}
