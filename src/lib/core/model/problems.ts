/**
 * What an input check says when user input does not fit: typed problems (a field, a code and
 * the limit broken), never sentences. The app and the CLI word them, each in its own voice.
 * @module
 */
import * as v from 'valibot';

/** Why a field's input was refused. */
export type InputCode =
	/** Empty or missing. */
	| 'required'
	/** More characters than `limit`. */
	| 'too-long'
	/** Not a number at all. */
	| 'not-a-number'
	/** A number beyond ±`limit`. */
	| 'out-of-range'
	/** Not a whole number. */
	| 'not-whole'
	/** Smaller than `limit`. */
	| 'too-small'
	/** A latitude without a longitude, or the other way round. */
	| 'lat-lon-pair'
	/** Not a web address (a URL parser refuses it). */
	| 'not-a-url'
	/** A web address whose scheme (`detail`) is not http:, https: or geo:. */
	| 'url-scheme'
	/** Not a UTC instant. */
	| 'invalid-time'
	/** A frame whose end is not after its start. */
	| 'end-before-start'
	/** A request's frame that is not within its event's. */
	| 'outside-event'
	/** Not one of the resource kinds. */
	| 'unknown-kind'
	/** Not a time zone this platform knows. */
	| 'unknown-time-zone'
	/** A place (coordinates, address, web address) for a resource that is not a location. */
	| 'location-only'
	/** Holds control, bidirectional or invisible characters (a person's name or note). */
	| 'hidden-characters'
	/** A change only the festival's creator may make (its settings). */
	| 'creator-only'
	/** More than `limit` of something (a series' occurrences, its skipped dates). */
	| 'too-many'
	/** Not a calendar date (`YYYY-MM-DD`, a real day, years 1900–9999). */
	| 'invalid-date'
	/** A repeating event whose rule leaves no occurrence. */
	| 'no-occurrence'
	/** Not one of the values allowed (a verdict, …). */
	| 'invalid';

/** One problem with user input. */
export interface InputProblem {
	/** Dotted path of the field: `name`, `place.url`, `availability.0.end`, `tags.2`. */
	readonly field: string;
	readonly code: InputCode;
	/** The limit broken, for `too-long`, `out-of-range`, `too-small`. */
	readonly limit?: number;
	/** The part of the input at fault, where a code needs it (a URL's scheme). */
	readonly detail?: string;
}

/** Input as callers hold it: lists and maps may be readonly (a check never changes its input). */
export type InputOf<T> = T extends string | number | boolean | bigint | symbol | null | undefined
	? T
	: T extends readonly (infer U)[]
		? readonly InputOf<U>[]
		: { readonly [K in keyof T]: InputOf<T[K]> };

/** The result of an input check: the value to write, or every problem found. */
export type Checked<T> =
	| { readonly ok: true; readonly value: T }
	| { readonly ok: false; readonly problems: readonly InputProblem[] };

const CODES: ReadonlySet<string> = new Set<InputCode>([
	'required',
	'too-long',
	'not-a-number',
	'out-of-range',
	'not-whole',
	'too-small',
	'lat-lon-pair',
	'not-a-url',
	'url-scheme',
	'invalid-time',
	'end-before-start',
	'outside-event',
	'unknown-kind',
	'unknown-time-zone',
	'location-only',
	'hidden-characters',
	'creator-only',
	'too-many',
	'invalid-date',
	'no-occurrence',
	'invalid'
]);

/**
 * The message of an input rule that names the part of the input at fault: its code and that
 * part (`url-scheme|javascript:`), unpacked by {@link checkWith}. Other rules' messages are
 * their bare codes; a limit is the rule's own requirement (`maxLength(200)` gives 200).
 */
export function withDetail(c: InputCode, detail: string): string {
	return `${c}|${detail}`;
}

function problemOf(issue: v.BaseIssue<unknown>): InputProblem {
	const field = v.getDotPath(issue) ?? '';
	const bar = issue.message.indexOf('|');
	const c = bar < 0 ? issue.message : issue.message.slice(0, bar);
	const limit = typeof issue.requirement === 'number' ? Math.abs(issue.requirement) : undefined;
	return {
		field,
		code: CODES.has(c) ? (c as InputCode) : 'invalid',
		...(limit !== undefined ? { limit } : {}),
		...(bar >= 0 ? { detail: issue.message.slice(bar + 1) } : {})
	};
}

/** Runs an input schema: the typed value, or every problem (one per field, in field order). */
export function checkWith<T>(schema: v.GenericSchema<unknown, T>, input: unknown): Checked<T> {
	const r = v.safeParse(schema, input);
	if (r.success) return { ok: true, value: r.output };
	const problems: InputProblem[] = [];
	for (const issue of r.issues) {
		const p = problemOf(issue);
		if (!problems.some((q) => q.field === p.field)) problems.push(p);
	}
	return { ok: false, problems };
}

const READ = { abortEarly: true } as const;

/** Runs a reader schema over a stored value: the value, or the first reason it does not read. */
export function readWith<T>(
	schema: v.GenericSchema<unknown, T>,
	stored: unknown
): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string } {
	const r = v.safeParse(schema, stored, READ);
	return r.success ? { ok: true, value: r.output } : { ok: false, reason: r.issues[0].message };
}
