/**
 * The CLI's words for the problems core's input checks find (codes, see core/model/problems.ts):
 * sentences that name the options typed. No rule is decided here.
 * @module
 */
import {
	COORDINATE_LIMITS,
	PLACE_URL_SCHEMES,
	RESOURCE_KINDS,
	type Checked,
	type InputProblem
} from '../../lib/core/index.js';
import { CliError } from './command.js';

/** How the fields of the input checked were typed: option names and what a name names. */
export interface Wording {
	/** What `name` (or a bare value, field '') is the name of: "resource name", "festival name". */
	readonly name?: string;
	/** The option a field came from, by field path (default `--<field>`). */
	readonly options?: Readonly<Record<string, string>>;
}

function valueAt(input: unknown, field: string): unknown {
	let v = input;
	for (const k of field ? field.split('.') : []) {
		if (typeof v !== 'object' || v === null) return undefined;
		v = (v as Record<string, unknown>)[k];
	}
	return v;
}

const schemes = PLACE_URL_SCHEMES.join(', ').replace(/, ([^,]*)$/, ' or $1');

/** One problem in a sentence, as the CLI says it. */
export function wordProblem(p: InputProblem, input: unknown, w: Wording = {}): string {
	const value = valueAt(input, p.field);
	const raw = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
	const option = w.options?.[p.field] ?? `--${p.field.split('.').pop() || 'name'}`;
	if (p.field === 'repeat' || p.field.startsWith('repeat.')) return wordRepeat(p, raw);
	if (/^tags\.\d+$/.test(p.field))
		return `a tag must be 1 to ${p.limit ?? 50} characters, not "${raw}"`;
	if (p.field === 'place.url' || (p.field === '' && p.code.includes('url'))) {
		if (p.code === 'url-scheme')
			return `--url: “${raw.trim()}” has the scheme ${p.detail}; a location's web address must start with ${schemes}`;
		if (p.code === 'not-a-url')
			return `--url: “${raw.trim()}” is not a web address (like https://meet.example/room)`;
	}
	const what =
		p.field === 'name' || p.field === ''
			? (w.name ?? 'name')
			: p.field === 'place.url'
				? 'web address'
				: p.field.replace(/^place\./, '');
	switch (p.code) {
		case 'required':
			return p.field.startsWith('place.')
				? `${option} must not be empty`
				: `the ${what} must not be empty`;
		case 'too-long':
			return `the ${what} is longer than ${p.limit} characters`;
		case 'not-a-number':
		case 'out-of-range': {
			const max = COORDINATE_LIMITS[p.field === 'place.lat' ? 'lat' : 'lon'];
			return `${option} must be a number from -${max} to ${max}, not "${raw}"`;
		}
		case 'not-whole':
		case 'too-small':
			return `${option} must be a whole number of at least ${p.code === 'too-small' ? p.limit : 1}${p.field === 'capacity' ? ' or unlimited' : ''}, not "${raw}"`;
		case 'lat-lon-pair':
			return '--lat and --lon go together';
		case 'location-only':
			return '--lat/--lon, --address and --url are for --kind location only';
		case 'unknown-kind':
			return `--kind must be one of ${RESOURCE_KINDS.join(', ')}, not "${raw}"`;
		case 'unknown-time-zone':
			return `unknown time zone "${raw}" (use an IANA name like Europe/Berlin, or UTC)`;
		case 'end-before-start':
			return /^availability\.(\d+)\./.test(p.field)
				? `--available window ${Number(p.field.split('.')[1]) + 1} ends before it starts`
				: 'the end must be after the start';
		case 'outside-event':
			return "a request's time is not within the event's";
		case 'hidden-characters':
			return `the ${what} holds control, direction or invisible characters`;
		case 'creator-only':
			return "only the festival's creator can change its settings";
		default:
			return `${option} is not valid${raw ? `: "${raw}"` : ''}`;
	}
}

/** A problem with how an event repeats (`--repeat`, `--until`, `--count`, `--on`, `--except`). */
function wordRepeat(p: InputProblem, raw: string): string {
	const field = p.field.split('.')[1];
	const option =
		field === 'freq' ? '--repeat' : field === 'days' ? '--on' : field ? `--${field}` : '--repeat';
	switch (p.code) {
		case 'too-many':
			return field === 'except'
				? `at most ${p.limit} --except dates`
				: `a series has at most ${p.limit} occurrences; ${option} gives more`;
		case 'invalid-date':
			return `${option} must be a date like 2026-07-01, not "${raw}"`;
		case 'no-occurrence':
			return 'the rule leaves no occurrence (check --until, --on and --except)';
		case 'invalid-time':
			return 'the series runs past the year 9999';
		case 'required':
			return field === 'days'
				? '--on needs at least one day (mon, tue, wed, thu, fri, sat, sun)'
				: '--repeat needs one of --until DATE or --count N';
		case 'not-whole':
		case 'too-small':
			return `--count must be a whole number of at least 1, not "${raw}"`;
		default:
			return field === 'freq'
				? `--repeat must be daily or weekly, not "${raw}"`
				: field === 'days'
					? `--on takes days like mon,wed (mon, tue, wed, thu, fri, sat, sun), not "${raw}"`
					: `${option} is not valid${raw ? `: "${raw}"` : ''}`;
	}
}

/** The value of a check, or a {@link CliError} wording its first problem. */
export function orFail<T>(r: Checked<T>, input: unknown, w: Wording = {}): T {
	if (r.ok) return r.value;
	const p = r.problems[0];
	throw new CliError(p ? wordProblem(p, input, w) : 'the input is not valid');
}
