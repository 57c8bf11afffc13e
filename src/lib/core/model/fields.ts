/**
 * The building blocks of the entity schemas: one rule per kind of field, for user input (with
 * problem codes as messages, see problems.ts) and for stored values read from a document
 * (lenient: over-long text is cut, odd values dropped, messages are read problems' reasons).
 * @module
 */
import * as v from 'valibot';
import {
	parseFestivalId,
	parseItemId,
	type EventId,
	type FestivalId,
	type ResourceId
} from '../festival/document/ids.js';
import { clip, fits, str, TEXT_LIMITS, type TextField } from './text.js';
import { isInstant } from './time.js';

// ---- user input -------------------------------------------------------------------------

/** Required text: trimmed, not empty, at most its field's limit. */
export const requiredText = (field: TextField) =>
	v.pipe(
		v.string('required'),
		v.trim(),
		v.nonEmpty('required'),
		v.maxLength(TEXT_LIMITS[field], 'too-long')
	);

/** Optional text: trimmed, at most its field's limit; empty is left out. */
export const optionalText = (field: TextField) =>
	v.optional(
		v.pipe(
			v.string('invalid'),
			v.trim(),
			v.maxLength(TEXT_LIMITS[field], 'too-long'),
			v.transform((s) => s || undefined)
		)
	);

/** A UTC instant (ISO 8601, ending in Z). */
export const Instant = v.pipe(
	v.string('required'),
	v.nonEmpty('required'),
	v.check((s) => isInstant(s), 'invalid-time')
);

/** Number typed as text or given as a number: text is trimmed; blank text is no number. */
const numeric = (message: string) =>
	v.pipe(
		v.union([v.number(), v.string()], message),
		v.transform((x) => (typeof x === 'number' ? x : x.trim() ? Number(x) : NaN)),
		v.number(message)
	);

/** A coordinate from -`max` to `max` (latitude 90, longitude 180). */
export const coordinate = (max: number) =>
	v.pipe(
		numeric('not-a-number'),
		v.minValue(-max, 'out-of-range'),
		v.maxValue(max, 'out-of-range')
	);

/** A whole number of at least `min`; typed as decimal digits. */
export const wholeAtLeast = (min: number) =>
	v.pipe(
		v.union([v.number(), v.string()], 'not-whole'),
		v.transform((x) => (typeof x === 'number' ? x : /^\s*\d+\s*$/.test(x) ? Number(x) : NaN)),
		v.number('not-whole'),
		v.safeInteger('not-whole'),
		v.minValue(min, 'too-small')
	);

/** A resource id (32 lower-case hex characters). */
export const ResourceIdSchema = v.custom<ResourceId>(
	(x) => typeof x === 'string' && parseItemId(x) !== undefined,
	'invalid'
);
/** An event id (32 lower-case hex characters). */
export const EventIdSchema = v.custom<EventId>(
	(x) => typeof x === 'string' && parseItemId(x) !== undefined,
	'invalid'
);
/** A festival id (64 lower-case hex characters). */
export const FestivalIdSchema = v.custom<FestivalId>(
	(x) => typeof x === 'string' && parseFestivalId(x) !== undefined,
	'invalid'
);

/** `T` with the keys that may hold undefined made optional (absent instead). */
export type Compact<T> = {
	[K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & {
	[K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops the keys whose value is undefined (Automerge refuses them; types stay exact). */
export function compact<T extends object>(o: T): Compact<T> {
	const out = {} as Record<string, unknown>;
	for (const [k, x] of Object.entries(o)) if (x !== undefined) out[k] = x;
	return out as Compact<T>;
}

// ---- stored values ----------------------------------------------------------------------

/**
 * A stored map: every key `entries` names is copied out of the (Automerge) object first, so
 * that each field's rule runs on it, present or not; then `entries` check them.
 */
export const storedMap = <E extends v.ObjectEntries>(entries: E, notMap: string) => {
	const keys = Object.keys(entries);
	return v.pipe(
		v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null, notMap),
		v.transform((o) => copyKeys(o, keys)),
		v.object(entries, notMap)
	);
};

/** The values at `keys` of a stored object (every key, undefined if absent; {} if no object). */
export function copyKeys(o: unknown, keys: readonly string[]): Record<string, unknown> {
	const from = typeof o === 'object' && o !== null ? (o as Record<string, unknown>) : {};
	const out: Record<string, unknown> = {};
	for (const k of keys) out[k] = from[k];
	return out;
}

/** Stored text a field needs: cut to its limit; `message` if missing or empty. */
export const storedText = (field: TextField, message: string) =>
	v.pipe(
		v.unknown(),
		v.transform((x) => clip(field, str(x))),
		v.string(message),
		v.nonEmpty(message)
	);

/** Stored text a field may have: cut to its limit, undefined if missing or not text. */
export const storedOptionalText = (field: TextField) =>
	v.pipe(
		v.unknown(),
		v.transform((x) => clip(field, str(x)))
	);

/** Stored text that a cut would falsify (URLs, tags, ids of policies): left out if too long. */
export const storedFittingText = (field: TextField) =>
	v.pipe(
		v.unknown(),
		v.transform((x) => fits(field, str(x)))
	);

/** Any stored string (no limit), undefined if missing or not text. */
export const storedString = v.pipe(v.unknown(), v.transform(str));
