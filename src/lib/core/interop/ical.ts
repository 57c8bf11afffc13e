/**
 * iCalendar (RFC 5545) export of a festival, one of its locations, or someone's agenda, made
 * with ical.js, so calendars people already use can show the schedule.
 *
 * Each event is a VEVENT:
 * - UID `<event id>@<festival id>`: the same event keeps its UID in every export, so a
 *   calendar program updates it instead of adding a copy.
 * - DTSTART/DTEND as wall-clock times in the festival's zone (`TZID=`), with a VTIMEZONE made
 *   from the platform's zone data (vtimezone.ts). A festival in UTC gets UTC times (`Z`).
 * - SUMMARY, DESCRIPTION, CATEGORIES (the tags).
 * - LOCATION: name and address of every location it requested and was not denied; GEO
 *   (lat;lon) of the first of them with a position; URL of the first with a virtual address.
 * - STATUS: CONFIRMED when all its requests are accepted (an event requesting nothing
 *   counts as confirmed: nothing is missing), TENTATIVE otherwise.
 * - One ATTENDEE per requested resource: CUTYPE=ROOM for locations, RESOURCE otherwise;
 *   ROLE=NON-PARTICIPANT; PARTSTAT ACCEPTED, DECLINED (denied) or NEEDS-ACTION (pending, or a
 *   conflict the owner must resolve); CN the resource's name. Resources have no e-mail, so
 *   the calendar address is a URN naming the resource: `urn:festival:<festival id>:<resource id>`.
 *
 * Text is escaped by ical.js; lines are folded here to at most 75 octets each, continuation
 * lines included (RFC 5545 section 3.1), never inside a UTF-8 sequence.
 * @module
 */
import ICAL from 'ical.js';
import type { EventId, FestivalId, ResourceId } from '../festival/document/ids.js';
import {
	readFestival,
	readTree,
	resourceView,
	type EventView,
	type FestivalView,
	type RequestView,
	type ResourceView,
	type TreeInput,
	type TreeModel
} from '../festival/read/views.js';
import { isTimeZone, placeLink } from '../festival/document/schema.js';
import { err, ok, type Result } from '../result.js';
import { wallTime } from '../festival/document/time.js';
import { jcalLocal, vtimezone } from './vtimezone.js';

/** Which events an export holds. */
export type IcsScope =
	| { readonly kind: 'festival' }
	/** Events requesting this resource (a location, or any resource), unless denied it. */
	| { readonly kind: 'location'; readonly resource: ResourceId }
	/** Events `me` owns, and events using a resource `me` owns (requests not denied). */
	| { readonly kind: 'agenda'; readonly me: string };

/** Options of {@link exportIcs}. */
export interface IcsOptions {
	readonly scope?: IcsScope;
	/** The export time (DTSTAMP); default now. */
	readonly now?: Date;
}

/** The PRODID of every export. */
export const PRODID = '-//Festival//Festival planner//EN';

/**
 * Calendar-name properties ical.js does not know (RFC 7986 NAME, and the widely read
 * X-WR-CALNAME / X-WR-TIMEZONE) are TEXT: registered as such, so they are written without
 * `VALUE=TEXT` and read back unescaped. Only added where ical.js has no entry of its own.
 */
for (const p of ['name', 'x-wr-calname', 'x-wr-timezone']) {
	const props = ICAL.design.icalendar.property as Record<string, unknown>;
	props[p] ??= { defaultType: 'text' };
}

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu']);

/** The stable UID of an event of a festival. */
export function eventUid(festival: FestivalId, event: EventId): string {
	return `${event}@${festival}`;
}

/** The calendar address standing for a resource in ATTENDEE. */
export function resourceAddress(festival: FestivalId, resource: ResourceId): string {
	return `urn:festival:${festival}:${resource}`;
}

/** Statuses of requests that hold nothing and are left out of calendars. */
const ASKS_NOTHING: ReadonlySet<RequestView['status']> = new Set(['denied', 'withdrawn']);

const PARTSTAT: Readonly<Record<RequestView['status'], string>> = {
	accepted: 'ACCEPTED',
	denied: 'DECLINED',
	pending: 'NEEDS-ACTION',
	conflict: 'NEEDS-ACTION',
	withdrawn: 'DECLINED'
};

/** UTF-8 length of one code point. */
const octets = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/** Folds one content line into lines of at most `max` octets (continuations start with a space). */
export function foldLine(line: string, max = 75): string {
	const out: string[] = [];
	let cur = '';
	let size = 0;
	for (const ch of line) {
		const n = octets(ch.codePointAt(0)!);
		if (size + n > max) {
			out.push(cur);
			cur = ' ';
			size = 1;
		}
		cur += ch;
		size += n;
	}
	out.push(cur);
	return out.join('\r\n');
}

/** Unfolds ical.js's output and folds every line to RFC 5545's 75 octets. */
function refold(text: string): string {
	return (
		text
			.replace(/\r\n[ \t]/g, '')
			.split('\r\n')
			.filter((l) => l !== '')
			.map((l) => foldLine(l))
			.join('\r\n') + '\r\n'
	);
}

/** The festival's events in the scope. */
function select(
	view: FestivalView,
	scope: IcsScope,
	owners: ReadonlyMap<string, string>
): EventView[] {
	switch (scope.kind) {
		case 'festival':
			return [...view.events];
		case 'location':
			return view.events.filter((e) =>
				e.requests.some((q) => q.resource === scope.resource && !ASKS_NOTHING.has(q.status))
			);
		case 'agenda':
			return view.events.filter(
				(e) =>
					e.owner === scope.me ||
					e.requests.some((q) => !ASKS_NOTHING.has(q.status) && owners.get(q.resource) === scope.me)
			);
	}
}

/** The views of a festival's sub-festivals held in the tree, any depth, by name. */
export function subFestivals(model: TreeModel, id: FestivalId): FestivalView[] {
	const out: FestivalView[] = [];
	for (const f of model.festivals.values()) {
		const seen = new Set<string>([f.id]);
		let p = f.meta?.parent;
		while (p !== undefined && p !== id && !seen.has(p)) {
			seen.add(p);
			p = model.festivals.get(p)?.meta?.parent;
		}
		const v = p === id && f.id !== id ? readFestival(model, f.id) : undefined;
		if (v) out.push(v);
	}
	return out.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

/** A DATE-TIME property value for an instant: local time with TZID, or UTC. */
function timeProp(name: string, iso: string, tz: string | undefined): ICAL.Property {
	const ms = Date.parse(iso);
	if (!tz)
		return new ICAL.Property([
			name,
			{},
			'date-time',
			new Date(ms).toISOString().slice(0, 19) + 'Z'
		]);
	return new ICAL.Property([name, { tzid: tz }, 'date-time', jcalLocal(wallTime(ms, tz))]);
}

function place(r: ResourceView): string {
	return [r.name, r.place?.address].filter((s): s is string => !!s).join(', ');
}

function vevent(
	view: Pick<FestivalView, 'id'>,
	e: EventView,
	resources: ReadonlyMap<string, ResourceView>,
	tz: string | undefined,
	stamp: string
): ICAL.Component {
	const ev = new ICAL.Component('vevent');
	const add = (
		name: string,
		type: string,
		value: string | number | (string | number)[],
		params: Record<string, string> = {}
	) => ev.addProperty(new ICAL.Property([name, params, type, value] as never));
	add('uid', 'text', eventUid(view.id, e.id));
	add('dtstamp', 'date-time', stamp);
	ev.addProperty(timeProp('dtstart', e.start, tz));
	ev.addProperty(timeProp('dtend', e.end, tz));
	add('summary', 'text', e.title);
	if (e.description) add('description', 'text', e.description);
	const locations = e.requests
		.filter((q) => !ASKS_NOTHING.has(q.status))
		.map((q) => resources.get(q.resource))
		.filter((r): r is ResourceView => r?.kind === 'location');
	if (locations.length) add('location', 'text', locations.map(place).join('; '));
	const geo = locations.find((r) => r.place?.lat !== undefined && r.place.lon !== undefined)?.place;
	if (geo?.lat !== undefined && geo.lon !== undefined) add('geo', 'float', [geo.lat, geo.lon]);
	// Calendar clients make URL clickable: only addresses the app itself would link.
	const url = locations.map((r) => placeLink(r.place?.url)).find((u) => u !== undefined);
	if (url) add('url', 'uri', url);
	if (e.tags.length)
		ev.addProperty(new ICAL.Property(['categories', {}, 'text', ...e.tags] as never));
	// A denied request means the event cannot go ahead as planned: calendars strike it through.
	const state = e.status.state;
	add(
		'status',
		'text',
		state === 'denied'
			? 'CANCELLED'
			: e.requests.every((q) => q.status === 'accepted')
				? 'CONFIRMED'
				: 'TENTATIVE'
	);
	for (const q of e.requests) {
		const r = resources.get(q.resource);
		const params: Record<string, string> = {
			cutype: r?.kind === 'location' ? 'ROOM' : 'RESOURCE',
			role: 'NON-PARTICIPANT',
			partstat: PARTSTAT[q.status]
		};
		if (r) params.cn = r.name;
		add('attendee', 'cal-address', resourceAddress(q.festival, q.resource), params);
	}
	return ev;
}

/**
 * Exports festival `id` of a tree as an iCalendar text (CRLF lines). Fails only if the tree
 * lacks the festival, or a location scope names a resource the tree does not hold.
 */
export function exportIcs(
	tree: TreeInput,
	id: FestivalId,
	opts: IcsOptions = {}
): Result<string, 'ics'> {
	const model = readTree(tree);
	const view = readFestival(model, id);
	if (!view) return err('ics', `festival ${id} is not in the tree`);
	// Requests may name resources of ancestors: look them up across the tree.
	const resources = new Map<string, ResourceView>();
	for (const f of model.festivals.values())
		for (const r of f.resources.values())
			if (!resources.has(r.id) || f.id === id) resources.set(r.id, resourceView(r));
	const scope = opts.scope ?? { kind: 'festival' };
	let name = view.name;
	if (scope.kind === 'location') {
		const r = resources.get(scope.resource);
		if (!r)
			return err('ics', `no resource ${scope.resource} in festival ${view.name} or its family`);
		name = `${view.name}: ${r.name}`;
	} else if (scope.kind === 'agenda') name = `${view.name}: my agenda`;
	const owners = new Map([...resources].map(([k, r]) => [k, r.owner]));
	// Its sub-festivals' events too (any depth, as held), as its schedule shows them.
	const events = [view, ...subFestivals(model, id)].flatMap((f) =>
		select(f, scope, owners).map((e) => ({ festival: f.id, e }))
	);
	// A zone this platform does not know (a document may hold anything) falls back to UTC.
	const tz = UTC_ZONES.has(view.tz) || !isTimeZone(view.tz) ? undefined : view.tz;
	const stamp = (opts.now ?? new Date()).toISOString().slice(0, 19) + 'Z';

	const cal = new ICAL.Component('vcalendar');
	const add = (n: string, v: string) => cal.addProperty(new ICAL.Property([n, {}, 'text', v]));
	add('version', '2.0');
	add('prodid', PRODID);
	add('calscale', 'GREGORIAN');
	add('method', 'PUBLISH');
	add('name', name);
	add('x-wr-calname', name);
	add('x-wr-timezone', view.tz);
	if (tz) {
		let from = Infinity;
		let to = -Infinity;
		for (const { e } of events) {
			from = Math.min(from, Date.parse(e.start));
			to = Math.max(to, Date.parse(e.end));
		}
		if (!events.length) from = to = (opts.now ?? new Date()).getTime();
		cal.addSubcomponent(vtimezone(tz, from, to));
	}
	for (const { festival, e } of events)
		cal.addSubcomponent(vevent({ id: festival }, e, resources, tz, stamp));
	return ok(refold(cal.toString()));
}
