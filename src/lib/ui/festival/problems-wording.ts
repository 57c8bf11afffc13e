/**
 * The app's words for the problems core's input checks find (codes, see core/model/problems.ts):
 * one sentence per problem, as the forms show them. No rule is decided here.
 * @module
 */
import {
	COORDINATE_LIMITS,
	PLACE_URL_SCHEMES,
	type Checked,
	type InputProblem
} from '../../core/index.js';

/** What the input was about, for sentences that name it. */
export type Subject = 'resource' | 'event' | 'festival' | 'decision' | 'name';

const LABELS: Record<string, string> = {
	name: 'name',
	title: 'title',
	description: 'description',
	policy: 'policy',
	reason: 'reason',
	tz: 'time zone',
	'place.address': 'address',
	'place.url': 'web address',
	'place.lat': 'latitude',
	'place.lon': 'longitude',
	capacity: 'capacity',
	kind: 'kind',
	note: 'note',
	contact: 'contact'
};

/** The value at a problem's dotted field path in the input checked. */
function valueAt(input: unknown, field: string): unknown {
	let v = input;
	for (const k of field ? field.split('.') : []) {
		if (typeof v !== 'object' || v === null) return undefined;
		v = (v as Record<string, unknown>)[k];
	}
	return v;
}

const schemes = PLACE_URL_SCHEMES.join(', ').replace(/, ([^,]*)$/, ' or $1');

/** One problem in a sentence, for people using the app. */
export function wordProblem(p: InputProblem, input: unknown, subject: Subject): string {
	const value = valueAt(input, p.field);
	const text = typeof value === 'string' ? value.trim() : String(value ?? '');
	const window = /^availability\.(\d+)\./.exec(p.field);
	if (window) {
		const n = Number(window[1]) + 1;
		return p.code === 'end-before-start'
			? `Availability window ${n} ends before it starts.`
			: `Availability window ${n} needs a start and an end.`;
	}
	if (/^tags\.\d+$/.test(p.field))
		return p.code === 'too-long'
			? `The tag “${text}” is longer than ${p.limit} characters.`
			: 'A tag must not be empty.';
	if (p.field === 'place.url' || (subject === 'resource' && p.field === '')) {
		if (p.code === 'url-scheme')
			return `“${text}” has the scheme ${p.detail}; a location's web address must start with ${schemes}.`;
		if (p.code === 'not-a-url')
			return `“${text}” is not a web address (like https://meet.example/room).`;
	}
	if (p.field === 'repeat' || p.field.startsWith('repeat.')) return wordRepeat(p);
	if ((p.field === 'start' || p.field === 'end') && subject === 'event')
		return p.code === 'end-before-start'
			? 'The event must end after it starts.'
			: 'Give a start and an end.';
	const label = LABELS[p.field] ?? (p.field || 'name');
	switch (p.code) {
		case 'required':
			if (p.field === 'title') return `Give the ${subject} a title.`;
			if (p.field === 'name' || p.field === '')
				return subject === 'name' ? 'Give it a name.' : `Give the ${subject} a name.`;
			return `Give the ${label}.`;
		case 'too-long':
			return `The ${label} is longer than ${p.limit} characters.`;
		case 'not-a-number':
		case 'out-of-range': {
			const max = COORDINATE_LIMITS[p.field === 'place.lat' ? 'lat' : 'lon'];
			return `The ${label} must be a number from -${max} to ${max}.`;
		}
		case 'not-whole':
		case 'too-small':
			return `The ${label} must be a whole number of at least 1${p.field === 'capacity' ? ', or “unlimited”' : ''}.`;
		case 'lat-lon-pair':
			return 'Give both latitude and longitude, or neither.';
		case 'location-only':
			return 'Only a location has a place.';
		case 'unknown-kind':
			return 'Choose a kind of resource.';
		case 'unknown-time-zone':
			return `“${text}” is not a time zone.`;
		case 'outside-event':
			return "A request's time is not within the event's.";
		case 'hidden-characters':
			return `The ${label} holds control, direction or invisible characters.`;
		case 'creator-only':
			return 'Only the person who created this festival can change its settings.';
		default:
			return `The ${label} is not valid.`;
	}
}

/** A problem with how an event repeats (the event form's "Repeats"). */
function wordRepeat(p: InputProblem): string {
	const field = p.field.split('.')[1];
	switch (p.code) {
		case 'too-many':
			return field === 'except'
				? `Skip at most ${p.limit} dates.`
				: `A repeating event has at most ${p.limit} occurrences; choose an earlier last date or fewer times.`;
		case 'invalid-date':
			return field === 'except' ? 'A date to skip is not a date.' : 'The last date is not a date.';
		case 'no-occurrence':
			return 'These choices leave no occurrence: check the last date, the days and the dates skipped.';
		case 'invalid-time':
			return 'The repeating event runs past the year 9999.';
		case 'required':
			return field === 'days'
				? 'Choose at least one day of the week.'
				: 'Say when it stops repeating: a last date or a number of times.';
		case 'not-whole':
		case 'too-small':
			return 'The number of times must be a whole number of at least 1.';
		default:
			return 'Choose how the event repeats.';
	}
}

/** The first problem in a sentence (forms show one at a time). */
export function wordFirst(
	problems: readonly InputProblem[],
	input: unknown,
	subject: Subject
): string {
	const p = problems[0];
	return p ? wordProblem(p, input, subject) : '';
}

/** The value of a checked edit, or an error in words (for a form's "Could not save"). */
export function valueOr<T>(r: Checked<T>, input: unknown, subject: Subject): T {
	if (!r.ok) throw new Error(wordFirst(r.problems, input, subject));
	return r.value;
}
