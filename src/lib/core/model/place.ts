/**
 * Where a location is: a GPS position, a street address, a web address, any of them. The web
 * address rules say which addresses are taken on input and which are ever rendered as links.
 * @module
 */
import * as v from 'valibot';
import {
	coordinate,
	compact,
	copyKeys,
	requiredText,
	storedFittingText,
	storedOptionalText
} from './fields.js';
import { checkWith, withDetail, type Checked, type InputOf } from './problems.js';
import { TEXT_LIMITS } from './text.js';

/**
 * The schemes a location's web address may have, and the only ones ever rendered as links
 * (or exported as a calendar's URL): anything else (`javascript:`, `data:`, `file:`…) could
 * run script or reach local files when clicked.
 */
export const PLACE_URL_SCHEMES: readonly string[] = ['http:', 'https:', 'geo:'];
/** The longest web address a location may be given (characters). */
export const MAX_PLACE_URL = TEXT_LIMITS.url;
/** The ranges of a position's coordinates (degrees either side of zero). */
export const COORDINATE_LIMITS = { lat: 90, lon: 180 } as const;

function protocol(url: string): string | undefined {
	try {
		return new URL(url).protocol;
	} catch {
		return undefined;
	}
}

/** A web address typed for a location: trimmed, parsed by a URL parser, of an allowed scheme. */
export const PlaceUrl = v.pipe(
	requiredText('url'),
	v.check((u) => protocol(u) !== undefined, 'not-a-url'),
	v.check(
		(u) => PLACE_URL_SCHEMES.includes(protocol(u) ?? ''),
		(issue) => withDetail('url-scheme', protocol(String(issue.input)) ?? '')
	)
);

/** A place as input: coordinates come as a pair; what is given must not be blank. */
export const Place = v.pipe(
	v.object({
		lat: v.optional(coordinate(COORDINATE_LIMITS.lat)),
		lon: v.optional(coordinate(COORDINATE_LIMITS.lon)),
		address: v.optional(requiredText('address')),
		url: v.optional(PlaceUrl)
	}),
	v.check((p) => (p.lat === undefined) === (p.lon === undefined), 'lat-lon-pair'),
	v.transform(compact),
	v.readonly()
);

/** Where a location is: any of a GPS position, a street address, a virtual address. */
export type Place = v.InferOutput<typeof Place>;
/** A place as typed (coordinates as text or numbers). */
export type PlaceInput = InputOf<v.InferInput<typeof Place>>;

/**
 * Checks a web address typed for a location (the app's form, the CLI): returns it trimmed, or
 * why not (`required`, `too-long`, `not-a-url`, `url-scheme` with the scheme as detail).
 */
export function checkPlaceUrl(raw: string): Checked<string> {
	return checkWith(PlaceUrl, raw);
}

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

const inRange = (max: number) => (x: unknown) =>
	typeof x === 'number' && x >= -max && x <= max ? x : undefined;

/**
 * A stored place: coordinates out of range (or without their pair) are dropped, the address cut
 * to its limit, an over-long web address dropped (it is kept otherwise, whatever its scheme:
 * {@link placeLink} decides whether it is a link). Undefined when nothing is left.
 */
export const StoredPlace = v.pipe(
	v.unknown(),
	v.transform((x) => copyKeys(x, ['lat', 'lon', 'address', 'url'])),
	v.object({
		lat: v.pipe(v.unknown(), v.transform(inRange(COORDINATE_LIMITS.lat))),
		lon: v.pipe(v.unknown(), v.transform(inRange(COORDINATE_LIMITS.lon))),
		address: storedOptionalText('address'),
		url: storedFittingText('url')
	}),
	v.transform(({ lat, lon, address, url }): Place | undefined => {
		const p = compact({
			...(lat !== undefined && lon !== undefined ? { lat, lon } : {}),
			address,
			url
		});
		return Object.keys(p).length ? p : undefined;
	})
);
