/**
 * What the read model left out of a festival, for people: a count for the summary line and,
 * per problem, where it was in plain words next to its reason (kept as written, for people).
 * @module
 */
import type { ReadProblem } from '../../core/index.js';
import { short } from './format.js';

/** Names of the events and resources the tree shows, by id (to name what a problem is about). */
export interface ProblemNames {
	readonly events: ReadonlyMap<string, string>;
	readonly resources: ReadonlyMap<string, string>;
}

/** One problem as shown: what it is about, and why it was left out. */
export interface ProblemLine {
	/** Where, in plain words ("The event “Opening”", "Everything a1b2c3d4… wrote on one device"). */
	readonly what: string;
	/** Why, as the read model gives it. */
	readonly reason: string;
}

/** The problems of a festival as shown. */
export interface ProblemSummary {
	/** How many distinct problems there are. */
	readonly count: number;
	/** The summary line: "3 things were not accepted". */
	readonly title: string;
	/** The first lines (at most the limit asked for). */
	readonly lines: readonly ProblemLine[];
	/** How many lines were left out after the limit. */
	readonly more: number;
}

/** The festivals of a tree as {@link namesOf} reads them (a tree model's festivals fit). */
export interface NamedItems {
	readonly events: ReadonlyMap<string, { readonly title: string }>;
	readonly resources: ReadonlyMap<string, { readonly name: string }>;
	readonly removed: ReadonlyMap<string, { readonly name: string }>;
}

/** Collects the names of every event and resource (removed ones too) of some festivals. */
export function namesOf(festivals: Iterable<NamedItems>): ProblemNames {
	const events = new Map<string, string>();
	const resources = new Map<string, string>();
	for (const f of festivals) {
		for (const [id, e] of f.events) if (!events.has(id)) events.set(id, e.title);
		for (const map of [f.resources, f.removed])
			for (const [id, r] of map) if (!resources.has(id)) resources.set(id, r.name);
	}
	return { events, resources };
}

const NO_NAMES: ProblemNames = { events: new Map(), resources: new Map() };
const ITEM_ID = /^[0-9a-f]{32}$/;
const AUTHOR = /^[0-9a-f]{8}$/;

function eventPhrase(id: string, names: ProblemNames): string {
	const title = names.events.get(id);
	return title !== undefined ? `the event “${title}”` : `an event (id ${short(id)})`;
}

function resourcePhrase(id: string, names: ProblemNames): string {
	const name = names.resources.get(id);
	return name !== undefined ? `the resource “${name}”` : `a resource (id ${short(id)})`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Says where a problem is in plain words, from the read model's `where` (`events/<id>`,
 * `decisions/<key>`, `log <author>/<n>`, `entry <n> by <author>`...). `me` is the public key
 * of this device's person (shown as "you"). Anything else is returned as it is.
 */
export function describeWhere(where: string, names: ProblemNames = NO_NAMES, me?: string): string {
	const who = (author: string) =>
		me !== undefined && me.startsWith(author) ? 'you' : `${author}…`;
	if (where === 'meta') return 'The festival’s details (name, time zone, parent)';
	let m = /^resources\/([0-9a-f]{32})$/.exec(where);
	if (m) return capital(resourcePhrase(m[1]!, names));
	m = /^events\/([0-9a-f]{32})$/.exec(where);
	if (m) return capital(eventPhrase(m[1]!, names));
	m = /^events\/([0-9a-f]{32})\/requests\/([0-9a-f]{32})$/.exec(where);
	if (m) return `The request of ${eventPhrase(m[1]!, names)} for ${resourcePhrase(m[2]!, names)}`;
	m = /^decisions\/([0-9a-f]{32})([0-9a-f]{32})$/.exec(where);
	if (m)
		return `The answer to the request of ${eventPhrase(m[2]!, names)} for ${resourcePhrase(m[1]!, names)}`;
	m = /^(resources|events)\/(.*)$/.exec(where);
	if (m && !ITEM_ID.test(m[2]!))
		return m[1] === 'resources' ? 'A resource with a broken id' : 'An event with a broken id';
	if (where.startsWith('children/')) return 'A sub-festival listed here';
	m = /^log ([0-9a-f]+)\/\d+$/.exec(where);
	if (m && AUTHOR.test(m[1]!)) return `Everything ${who(m[1]!)} wrote on one device`;
	m = /^(?:entry (\d+) )?by ([0-9a-f]+)$/.exec(where);
	if (m && AUTHOR.test(m[2]!))
		return m[1] !== undefined
			? `Change no. ${m[1]} from ${who(m[2]!)}`
			: `A change from ${who(m[2]!)}`;
	return where;
}

/** The summary line for `count` problems: "1 thing was not accepted", "3 things were not accepted". */
export function problemTitle(count: number): string {
	return `${count} ${count === 1 ? 'thing was' : 'things were'} not accepted`;
}

/**
 * The problems of a festival as shown, or undefined when there are none (then nothing is
 * shown). Repeated problems (same place, same reason) count once; the order is kept. At most
 * `limit` lines are given; `more` counts the rest.
 */
export function problemSummary(
	problems: readonly ReadProblem[],
	names: ProblemNames = NO_NAMES,
	me?: string,
	limit = 100
): ProblemSummary | undefined {
	const seen = new Set<string>();
	const unique: ReadProblem[] = [];
	for (const p of problems) {
		const key = `${p.where}\n${p.reason}`;
		if (seen.has(key)) continue;
		seen.add(key);
		unique.push(p);
	}
	if (unique.length === 0) return undefined;
	const shown = unique.slice(0, Math.max(0, limit));
	return {
		count: unique.length,
		title: problemTitle(unique.length),
		lines: shown.map((p) => ({ what: describeWhere(p.where, names, me), reason: p.reason })),
		more: unique.length - shown.length
	};
}
