/**
 * The festival document and its runtime validation.
 *
 * Stored shape (every scalar an Automerge ImmutableString or number; no text objects):
 * ```
 * meta:      { name, description?, tz, parent?, forkedFrom?: { festival, heads[] }, nonce, createdAt }
 * resources: { <shard>: { <ResourceId>: Resource } }
 * events:    { <shard>: { <EventId>: Event } }
 * decisions: { <shard>: { <ResourceId><EventId>: Decision } }
 * children:  { <shard>: { <author prefix><FestivalId>: { festival, name } } }
 * ```
 * The containers and their shards are made in the genesis change, once. Values read from a
 * document are untrusted (any peer can write well-formed changes with odd values): the
 * readers here return typed results and the read model skips what does not validate.
 * @module
 */
import { err, ok, type Result } from '../../result.js';
import type { EventId, FestivalId, ResourceId } from './ids.js';
import { clip, str, TEXT_LIMITS, type TextField } from './text.js';

export { checkText, clip, str, TEXT_LIMITS, TextTooLongError, type TextField } from './text.js';

export const RESOURCE_KINDS = ['location', 'thing', 'skill', 'other'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** A half-open time frame [start, end) of UTC instants (ISO 8601 strings ending in Z). */
export interface TimeFrame {
	readonly start: string;
	readonly end: string;
}

/** Where a location is: any of a GPS position, a street address, a virtual address. */
export interface Place {
	readonly lat?: number;
	readonly lon?: number;
	readonly address?: string;
	readonly url?: string;
}

/**
 * The schemes a location's web address may have, and the only ones ever rendered as links
 * (or exported as a calendar's URL): anything else (`javascript:`, `data:`, `file:`…) could
 * run script or reach local files when clicked.
 */
export const PLACE_URL_SCHEMES: readonly string[] = ['http:', 'https:', 'geo:'];
/** The longest web address a location may be given (characters). */
export const MAX_PLACE_URL = 2000;

/**
 * Decides whether a location's stored web address is rendered as a link: returns the href
 * to use (the address as a URL parser reads it, the way a browser would follow it), or
 * `undefined` when it must be shown as plain text. Stored values are untrusted: an old
 * document or a hostile peer may hold any string.
 */
export function placeLink(url: string | undefined): string | undefined {
	if (url === undefined || url.length > MAX_PLACE_URL) return undefined;
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return undefined;
	}
	return PLACE_URL_SCHEMES.includes(parsed.protocol) ? parsed.href : undefined;
}

/**
 * Checks a web address typed for a location (the app's form, the CLI): returns it trimmed, or
 * a sentence saying why not. Only `http:`, `https:` and `geo:` addresses are taken.
 */
export function checkPlaceUrl(raw: string): Result<string, 'schema'> {
	const url = raw.trim();
	if (!url) return err('schema', 'the web address is empty');
	if (url.length > MAX_PLACE_URL)
		return err('schema', `the web address is longer than ${MAX_PLACE_URL} characters`);
	let scheme: string;
	try {
		scheme = new URL(url).protocol;
	} catch {
		return err('schema', `“${url}” is not a web address (like https://meet.example/room)`);
	}
	if (!PLACE_URL_SCHEMES.includes(scheme)) {
		return err(
			'schema',
			`“${url}” has the scheme ${scheme}; a location's web address must start with http:, https: or geo:`
		);
	}
	return ok(url);
}

export interface ResourceData {
	readonly name: string;
	readonly kind: ResourceKind;
	readonly description?: string;
	/** How many events may hold the resource at once (default 1). */
	readonly capacity?: number;
	/** When the resource can be used; none means always. */
	readonly availability?: readonly TimeFrame[];
	/** The id of a registered policy (see policy.ts). */
	readonly policy: string;
	readonly place?: Place;
	/**
	 * Removed by its owner: kept (a tombstone) so that events that requested it can say so by
	 * name, but offered to no one and decided by no policy.
	 */
	readonly removed?: boolean;
}

export interface RequestData {
	readonly resource: ResourceId;
	/** The festival holding the resource (this one or an ancestor). */
	readonly festival: FestivalId;
	/** The frame requested; defaults to the event's own, and must lie within it. */
	readonly frame?: TimeFrame;
}

export interface EventData {
	readonly title: string;
	readonly description?: string;
	readonly start: string;
	readonly end: string;
	readonly tags: readonly string[];
	readonly requests: readonly RequestData[];
}

export type Verdict = 'accept' | 'deny';

export interface DecisionData {
	readonly resource: ResourceId;
	readonly event: EventId;
	/** The festival holding the event. */
	readonly festival: FestivalId;
	readonly verdict: Verdict;
	readonly reason?: string;
	/** The frame decided on. */
	readonly frame: TimeFrame;
	/** When the decision was made (ISO instant); orders decisions deterministically. */
	readonly at: string;
}

export interface MetaData {
	readonly name: string;
	readonly description?: string;
	readonly tz: string;
	readonly parent?: FestivalId;
	readonly forkedFrom?: { readonly festival: FestivalId; readonly heads: readonly string[] };
	readonly createdAt: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z$/;

/** Whether `s` is an ISO 8601 UTC instant this schema accepts. */
export function isInstant(s: unknown): s is string {
	return typeof s === 'string' && ISO.test(s) && !Number.isNaN(Date.parse(s));
}

/** Normalises a user-given date-time (any ISO form with offset, or epoch ms) to a UTC instant. */
export function toInstant(input: string | number | Date): string | undefined {
	const d = input instanceof Date ? input : new Date(input);
	if (Number.isNaN(d.getTime())) return undefined;
	return d.toISOString().replace('.000Z', 'Z');
}

/** Whether a frame is well formed: both instants, start before end. */
export function isFrame(f: unknown): f is TimeFrame {
	if (typeof f !== 'object' || f === null) return false;
	const { start, end } = f as Record<string, unknown>;
	return isInstant(start) && isInstant(end) && Date.parse(start) < Date.parse(end);
}

/** Whether two half-open frames overlap. */
export function overlaps(a: TimeFrame, b: TimeFrame): boolean {
	return Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);
}

/** Whether `inner` lies within `outer`. */
export function within(inner: TimeFrame, outer: TimeFrame): boolean {
	return (
		Date.parse(outer.start) <= Date.parse(inner.start) &&
		Date.parse(inner.end) <= Date.parse(outer.end)
	);
}

/**
 * Why a request cannot be made for an event of frame `event`: its own frame, if it has one,
 * must be a valid frame within the event's (the read model counts any other as invalid).
 */
export function requestFrameProblem(
	r: Pick<RequestData, 'frame'>,
	event: TimeFrame
): string | undefined {
	if (r.frame === undefined) return undefined;
	if (!isFrame(r.frame)) return 'a request frame needs a start before its end, as UTC instants';
	if (!within(r.frame, event))
		return `the request frame ${r.frame.start}–${r.frame.end} is not within the event's ${event.start}–${event.end}`;
	return undefined;
}

/** Whether a string is a valid IANA time zone name for this platform. */
export function isTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: tz });
		return true;
	} catch {
		return false;
	}
}

/** A value read from a peer, left out if over its field's limit (URLs, tags). */
const fits = (field: TextField, v: string | undefined) =>
	v !== undefined && v.length <= TEXT_LIMITS[field] ? v : undefined;

function place(v: unknown): Place | undefined {
	if (typeof v !== 'object' || v === null) return undefined;
	const o = v as Record<string, unknown>;
	const lat = typeof o.lat === 'number' && o.lat >= -90 && o.lat <= 90 ? o.lat : undefined;
	const lon = typeof o.lon === 'number' && o.lon >= -180 && o.lon <= 180 ? o.lon : undefined;
	const address = clip('address', str(o.address));
	const url = fits('url', str(o.url));
	return {
		...(lat !== undefined && lon !== undefined ? { lat, lon } : {}),
		...(address !== undefined ? { address } : {}),
		...(url !== undefined ? { url } : {})
	};
}

/** Validates a stored resource. */
export function readResource(v: unknown): Result<ResourceData, 'schema'> {
	if (typeof v !== 'object' || v === null) return err('schema', 'a resource must be a map');
	const o = v as Record<string, unknown>;
	const name = clip('name', str(o.name));
	const kind = str(o.kind);
	const policy = fits('policy', str(o.policy)) ?? 'manual';
	const description = clip('description', str(o.description));
	if (!name) return err('schema', 'a resource needs a name');
	if (!RESOURCE_KINDS.includes(kind as ResourceKind))
		return err('schema', `unknown resource kind ${JSON.stringify(kind?.slice(0, 20))}`);
	let capacity: number | undefined;
	if (o.capacity !== undefined) {
		if (typeof o.capacity !== 'number' || !Number.isInteger(o.capacity) || o.capacity < 1) {
			return err('schema', 'capacity must be a positive integer');
		}
		capacity = o.capacity;
	}
	let availability: TimeFrame[] | undefined;
	if (o.availability !== undefined) {
		if (!Array.isArray(o.availability))
			return err('schema', 'availability must be a list of frames');
		availability = [];
		for (const f of o.availability) {
			const frame = {
				start: str((f as Record<string, unknown>)?.start),
				end: str((f as Record<string, unknown>)?.end)
			};
			if (!isFrame(frame)) return err('schema', 'an availability window is not a valid time frame');
			availability.push(frame);
		}
	}
	const p = place(o.place);
	return ok({
		name,
		kind: kind as ResourceKind,
		policy,
		...(description !== undefined ? { description } : {}),
		...(capacity !== undefined ? { capacity } : {}),
		...(availability ? { availability } : {}),
		...(p && Object.keys(p).length ? { place: p } : {}),
		...(o.removed === true ? { removed: true } : {})
	});
}

/** Validates a stored event. */
export function readEvent(v: unknown, here: FestivalId): Result<EventData, 'schema'> {
	if (typeof v !== 'object' || v === null) return err('schema', 'an event must be a map');
	const o = v as Record<string, unknown>;
	const title = clip('title', str(o.title));
	const description = clip('description', str(o.description));
	const frame = { start: str(o.start), end: str(o.end) };
	if (!title) return err('schema', 'an event needs a title');
	if (!isFrame(frame))
		return err('schema', 'an event needs a start before its end, as UTC instants');
	const tags = Array.isArray(o.tags)
		? o.tags.map(str).filter((t): t is string => !!t && t.length <= TEXT_LIMITS.tag)
		: [];
	const requests: RequestData[] = [];
	if (o.requests && typeof o.requests === 'object') {
		for (const [resource, r] of Object.entries(o.requests as Record<string, unknown>)) {
			if (!/^[0-9a-f]{32}$/.test(resource) || typeof r !== 'object' || r === null) continue;
			const rr = r as Record<string, unknown>;
			const festival = (str(rr.festival) ?? here) as FestivalId;
			const f = { start: str(rr.start), end: str(rr.end) };
			requests.push({
				resource: resource as ResourceId,
				festival,
				...(isFrame(f) ? { frame: f } : {})
			});
		}
	}
	return ok({
		title,
		start: frame.start,
		end: frame.end,
		tags,
		requests,
		...(description !== undefined ? { description } : {})
	});
}

/** Validates a stored decision. */
export function readDecision(v: unknown): Result<DecisionData, 'schema'> {
	if (typeof v !== 'object' || v === null) return err('schema', 'a decision must be a map');
	const o = v as Record<string, unknown>;
	const resource = str(o.resource);
	const event = str(o.event);
	const festival = str(o.festival);
	const verdict = str(o.verdict);
	const reason = clip('reason', str(o.reason));
	const at = str(o.at);
	const frame = { start: str(o.start), end: str(o.end) };
	if (!resource || !event || !festival)
		return err('schema', 'a decision names a resource, an event and a festival');
	if (verdict !== 'accept' && verdict !== 'deny')
		return err('schema', 'a verdict is accept or deny');
	if (!isFrame(frame) || !isInstant(at))
		return err('schema', 'a decision needs a frame and a time');
	return ok({
		resource: resource as ResourceId,
		event: event as EventId,
		festival: festival as FestivalId,
		verdict,
		frame,
		at,
		...(reason !== undefined ? { reason } : {})
	});
}

/** Validates the festival's meta map. */
export function readMeta(v: unknown): Result<MetaData, 'schema'> {
	if (typeof v !== 'object' || v === null) return err('schema', 'meta must be a map');
	const o = v as Record<string, unknown>;
	const name = clip('name', str(o.name));
	const tz = fits('tz', str(o.tz)) ?? 'UTC';
	const createdAt = str(o.createdAt) ?? '1970-01-01T00:00:00Z';
	const description = clip('description', str(o.description));
	const parent = str(o.parent);
	if (!name) return err('schema', 'a festival needs a name');
	let forkedFrom: MetaData['forkedFrom'];
	if (o.forkedFrom && typeof o.forkedFrom === 'object') {
		const f = o.forkedFrom as Record<string, unknown>;
		const festival = str(f.festival);
		const heads = Array.isArray(f.heads) ? f.heads.map(str).filter((h): h is string => !!h) : [];
		if (festival) forkedFrom = { festival: festival as FestivalId, heads };
	}
	return ok({
		name,
		tz,
		createdAt,
		...(description !== undefined ? { description } : {}),
		...(parent ? { parent: parent as FestivalId } : {}),
		...(forkedFrom ? { forkedFrom } : {})
	});
}
