/**
 * Positions on the map as the forms and maps handle them: reading typed latitude and
 * longitude, rounding a clicked point, and the tile server the maps draw from.
 * @module
 */

/** A position in degrees (WGS 84), latitude from -90 to 90, longitude from -180 to 180. */
export interface LatLon {
	readonly lat: number;
	readonly lon: number;
}

/**
 * The map tiles: OpenStreetMap's standard tile server. Its usage policy asks for the
 * attribution below and moderate use; a festival expecting heavy use points this at its own
 * tile server (any `{z}/{x}/{y}` raster source works).
 */
export const TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/** The attribution the tiles require (HTML, shown in the map's corner). */
export const TILE_ATTRIBUTION =
	'&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

/** The highest zoom the tile server has. */
export const MAX_ZOOM = 19;

/** The zoom a map opens at around one position (a street and its buildings). */
export const PLACE_ZOOM = 16;

/** Below this zoom a typed position is worth zooming in to. */
export const MIN_FOCUS_ZOOM = 13;

/** Decimal places kept from a click on the map (6 places: about 11 cm). */
export const PLACES = 6;

/** `n` rounded to {@link PLACES} decimals (never `-0`). */
export function roundCoordinate(n: number): number {
	const r = Number(n.toFixed(PLACES));
	return r === 0 ? 0 : r;
}

/** A longitude brought into -180..180 (a map scrolled past the date line gives e.g. 190). */
export function wrapLongitude(lon: number): number {
	if (lon >= -180 && lon <= 180) return lon;
	const w = ((((lon + 180) % 360) + 360) % 360) - 180;
	return w === -180 && lon > 0 ? 180 : w;
}

/** A point clicked on the map as the form stores it: longitude wrapped, both rounded, in range. */
export function pickedPosition(lat: number, lon: number): LatLon {
	return {
		lat: roundCoordinate(Math.max(-90, Math.min(90, lat))),
		lon: roundCoordinate(wrapLongitude(lon))
	};
}

function coordinate(raw: string, limit: number): number | undefined {
	const text = raw.trim();
	if (!text) return undefined;
	const n = Number(text);
	return Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}

/** The position typed into latitude and longitude fields, or `undefined` while either is empty or not a valid coordinate. */
export function readPosition(lat: string, lon: string): LatLon | undefined {
	const la = coordinate(lat, 90);
	const lo = coordinate(lon, 180);
	return la !== undefined && lo !== undefined ? { lat: la, lon: lo } : undefined;
}

/** The text of a coordinate for a form field (`52.520008`, never an exponent or `-0`). */
export function coordinateText(n: number): string {
	return String(roundCoordinate(n));
}

/** Whether two positions are the same point (as stored: to {@link PLACES} decimals). */
export function samePosition(a: LatLon | undefined, b: LatLon | undefined): boolean {
	if (!a || !b) return a === b;
	return (
		roundCoordinate(a.lat) === roundCoordinate(b.lat) &&
		roundCoordinate(a.lon) === roundCoordinate(b.lon)
	);
}
