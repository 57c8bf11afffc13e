/**
 * Recurring events. A series is written as one ordinary event per occurrence, each carrying
 * `series: { id, index }` (PROTOCOL.md, "Series"): every occurrence requests, is decided,
 * conflicts and is removed on its own, like any event. The rule ({@link Repeat}) is input
 * only: it says which occurrences to write (occurrences.ts expands it) and is not stored.
 * @module
 */
import * as v from 'valibot';
import { randomBytes, toHex } from '../bytes.js';
import { authorPrefix } from '../festival/document/ids.js';
import type { AuthorId } from '../identity/identity.js';
import { wholeAtLeast } from './fields.js';
import { checkWith, type Checked, type InputOf } from './problems.js';
import { str } from './text.js';

/** A series' id: the owner's 16-hex prefix and 16 random hex characters, like an event's. */
export type SeriesId = string & { readonly __brand: 'SeriesId' };

/** The most occurrences one series may have (a year of days, leap or not). */
export const MAX_OCCURRENCES = 366;
/** The most dates a rule may skip. */
export const MAX_EXCEPTIONS = 366;

/** The days of the week, as typed and as {@link Repeat} holds them (Sunday is day 0). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** A day of the week. */
export type Weekday = (typeof WEEKDAYS)[number];

/** Which series an occurrence belongs to, and its place in it (0 for the first). */
export interface SeriesRef {
	readonly id: SeriesId;
	readonly index: number;
}

const SERIES_ID = /^[0-9a-f]{32}$/;

/** A fresh series id owned by `author`. */
export function newSeriesId(author: AuthorId): SeriesId {
	return (authorPrefix(author) + toHex(randomBytes(8))) as SeriesId;
}

/** Whether a series id belongs to `owner` (public key hex): it starts with the owner's prefix. */
export function ownsSeries(owner: string, id: SeriesId): boolean {
	return id.startsWith(authorPrefix(owner));
}

/** Reads an event's stored `series` (untrusted): the reference, or undefined if it is odd. */
export function readSeriesRef(stored: unknown): SeriesRef | undefined {
	if (typeof stored !== 'object' || stored === null) return undefined;
	const o = stored as Record<string, unknown>;
	const id = str(o.id);
	const index = o.index;
	if (!id || !SERIES_ID.test(id)) return undefined;
	if (typeof index !== 'number' || !Number.isSafeInteger(index)) return undefined;
	if (index < 0 || index >= MAX_OCCURRENCES) return undefined;
	return { id: id as SeriesId, index };
}

/** A calendar date as typed: `YYYY-MM-DD`, a real date. */
export const DateOnly = v.pipe(
	v.string('invalid-date'),
	v.trim(),
	v.check(isDateOnly, 'invalid-date')
);

/** Whether `s` is a real calendar date written `YYYY-MM-DD` (years 1900–9999). */
export function isDateOnly(s: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (y < 1900 || y > 9999) return false;
	const t = new Date(Date.UTC(y, mo - 1, d));
	return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * How an event repeats, as typed. `daily` or `weekly` (on `days`, by default the first
 * occurrence's weekday); it ends on `until` (a date in the festival's zone, its occurrences
 * included) or after `count` occurrences of the rule, exactly one of the two; `except` lists
 * dates skipped (they still count towards `count`, as iCalendar's EXDATE does).
 */
export const Repeat = v.pipe(
	v.object({
		freq: v.picklist(['daily', 'weekly'], 'invalid'),
		days: v.optional(
			v.pipe(
				v.array(v.picklist(WEEKDAYS, 'invalid'), 'invalid'),
				v.transform((ds) => WEEKDAYS.filter((w) => ds.includes(w))),
				v.readonly()
			)
		),
		until: v.optional(DateOnly),
		count: v.optional(v.pipe(wholeAtLeast(1), v.maxValue(MAX_OCCURRENCES, 'too-many'))),
		except: v.optional(
			v.pipe(
				v.array(DateOnly, 'invalid'),
				v.maxLength(MAX_EXCEPTIONS, 'too-many'),
				v.transform((ds) => [...new Set(ds)].sort()),
				v.readonly()
			)
		)
	}),
	v.forward(
		v.partialCheck(
			[['until'], ['count']],
			(r) => (r.until === undefined) !== (r.count === undefined),
			'required'
		),
		['until']
	),
	v.forward(
		v.partialCheck(
			[['freq'], ['days']],
			(r) => r.days === undefined || r.days.length > 0 || r.freq === 'daily',
			'required'
		),
		['days']
	),
	v.readonly()
);
/** A checked rule. */
export type RepeatData = v.InferOutput<typeof Repeat>;
/** A rule as typed (`count` may be text, as a form holds it). */
export type RepeatInput = InputOf<v.InferInput<typeof Repeat>>;

/** Checks a rule typed by a person (fields: `freq`, `days`, `until`, `count`, `except.N`). */
export function checkRepeat(input: RepeatInput): Checked<RepeatData> {
	return checkWith(Repeat, input);
}
