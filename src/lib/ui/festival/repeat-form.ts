/**
 * The event form's "Repeats" control: what a person chose (none, daily, weekly on some days;
 * until a date or a number of times; dates to skip), turned into core's rule, and a new event
 * with its rule checked by core (the occurrences it makes, or the first problem in words).
 * @module
 */
import {
	checkSeries,
	WEEKDAYS,
	type EventInput,
	type Occurrence,
	type RepeatInput,
	type Weekday
} from '../../core/index.js';
import { eventInput, readEventDraft, type EventDraft } from './event-form.js';
import { wordFirst } from './problems-wording.js';

/** The control's values, as chosen. */
export interface RepeatDraft {
	freq: 'none' | 'daily' | 'weekly';
	/** How it ends: on a date, or after a number of times. */
	ends: 'until' | 'count';
	until: string;
	count: string;
	days: Weekday[];
	/** Dates to skip (`YYYY-MM-DD`, as date inputs give them). */
	except: string[];
}

/** Does not repeat. */
export function emptyRepeat(): RepeatDraft {
	return { freq: 'none', ends: 'count', until: '', count: '4', days: [], except: [] };
}

/** Weekdays from Monday, with the names the form shows. */
export const WEEKDAY_NAMES: readonly (readonly [Weekday, string])[] = [
	['mon', 'Monday'],
	['tue', 'Tuesday'],
	['wed', 'Wednesday'],
	['thu', 'Thursday'],
	['fri', 'Friday'],
	['sat', 'Saturday'],
	['sun', 'Sunday']
];

/** Core's rule for what was chosen; undefined when it does not repeat. */
export function repeatInput(r: RepeatDraft): RepeatInput | undefined {
	if (r.freq === 'none') return undefined;
	const except = r.except.filter((d) => d.trim());
	return {
		freq: r.freq,
		...(r.ends === 'until' ? { until: r.until } : { count: r.count }),
		...(r.freq === 'weekly' && r.days.length
			? { days: WEEKDAYS.filter((w) => r.days.includes(w)) }
			: {}),
		...(except.length ? { except } : {})
	};
}

/** An event with its rule, checked: what to write, or the first problem and its field. */
export type SeriesDraftResult =
	| {
			readonly ok: true;
			readonly input: EventInput;
			readonly repeat: RepeatInput | undefined;
			readonly occurrences: readonly Occurrence[] | undefined;
	  }
	| { readonly ok: false; readonly error: string; readonly field: string };

/**
 * Checks a new event and how it repeats with core's rules, in the festival's zone. Problems
 * with the rule come back on fields `repeat`, `repeat.until`, `repeat.count`, `repeat.days`,
 * `repeat.except.N`.
 */
export function readSeriesDraft(d: EventDraft, r: RepeatDraft, tz: string): SeriesDraftResult {
	const event = readEventDraft(d, tz);
	if (!event.ok) return event;
	const repeat = repeatInput(r);
	if (!repeat) return { ok: true, input: event.input, repeat, occurrences: undefined };
	const input = eventInput(d, tz);
	const checked = checkSeries(input, repeat, tz);
	if (!checked.ok) {
		const all = { ...input, repeat };
		return {
			ok: false,
			error: wordFirst(checked.problems, all, 'event'),
			field: checked.problems[0]?.field ?? ''
		};
	}
	return { ok: true, input, repeat, occurrences: checked.value.occurrences };
}
