/**
 * Import of a frab / c3voc `schedule.json` into a new festival.
 *
 * Real files often stray from the schema, so reading is lenient and never throws: whatever
 * can be read is imported and everything else is reported as a {@link ImportProblem} (a path
 * into the document and a reason), one per thing skipped or changed.
 *
 * - The festival: `conference.title` (else the acronym), `time_zone_name` if it is a zone
 *   this platform knows (else UTC), `conference.description`.
 * - Rooms (`conference.rooms`, the non-standard `schedule.rooms`, and every room a talk is
 *   listed in) become location resources owned by the importer, policy first-come. A room's
 *   `capacity` counts seats, not bookings, so it goes into the description; its `url` is
 *   kept if it is an http:, https: or geo: address (as in the app's form), else reported.
 * - Talks become events owned by the importer requesting their room, and the importer (the
 *   rooms' owner) decides at once, first come first served in file order: accepted, except
 *   that a talk overlapping an earlier one in the same room is denied as "taken" (and
 *   reported), never double booked.
 *   Start: `date` (a date-time, with offset or in the zone), else the day's `date` plus
 *   `start` (hh:mm). End: `end`, else `start` plus `duration` (h:mm or h:mm:ss). Tags: `track`
 *   and `type`. Description: abstract, description, speakers and links.
 * @module
 */
import {
	checkPlaceUrl,
	isInstant,
	isTimeZone,
	PLACE_URL_SCHEMES,
	TEXT_LIMITS
} from '../festival/document/schema.js';
import { linksParagraph, linkUrl, speakersParagraph } from './talk-extras.js';
import { parseTime } from '../festival/document/time.js';

/** Something in the file that was not imported as it stood, and why. */
export interface ImportProblem {
	/** Where in the document: a path like `schedule.conference.days[0].rooms["Hall"][2]`. */
	readonly where: string;
	readonly reason: string;
}

/** A room to create. */
export interface RoomPlan {
	readonly name: string;
	readonly description?: string;
	readonly url?: string;
}

/** A talk to create. */
export interface TalkPlan {
	/** Where in the document it came from (for problems found while writing). */
	readonly where: string;
	readonly title: string;
	readonly description?: string;
	readonly start: string;
	readonly end: string;
	readonly tags: readonly string[];
	/** The name of its room (one of the plan's rooms). */
	readonly room: string;
}

/** What a schedule.json holds that can be imported. */
export interface SchedulePlan {
	readonly name: string;
	readonly tz: string;
	readonly description?: string;
	readonly rooms: readonly RoomPlan[];
	readonly talks: readonly TalkPlan[];
}

/** The outcome of reading a file: a plan if anything can be imported, and the problems. */
export interface ScheduleRead {
	readonly plan?: SchedulePlan;
	readonly problems: ImportProblem[];
}

/** At most this many talks are imported from one file. */
export const MAX_TALKS = 20_000;
const MAX_SPAN_MS = 366 * 86_400_000;
const MAX_DESCRIPTION = TEXT_LIMITS.description;
const { name: MAX_NAME, title: MAX_TITLE, tag: MAX_TAG, url: MAX_URL } = TEXT_LIMITS;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
function describe(v: unknown): string {
	if (v === null) return 'null';
	if (v === undefined) return 'missing';
	if (Array.isArray(v)) return 'a list';
	if (typeof v === 'object') return 'an object';
	return `${typeof v} ${typeof v === 'string' ? JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v) : String(v)}`;
}
const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);

/** A trimmed non-empty string of at most `max` characters, or undefined. */
function text(v: unknown, max: number): string | undefined {
	if (typeof v !== 'string') return undefined;
	const t = v.trim();
	return t ? t.slice(0, max) : undefined;
}

/** A room description given as a string or a translation object (`{ en: ..., de: ... }`). */
function translated(v: unknown): string | undefined {
	if (typeof v === 'string') return text(v, 2000);
	if (isObj(v))
		return (
			text(v.en, 2000) ??
			text(
				Object.values(v).find((x) => typeof x === 'string'),
				2000
			)
		);
	return undefined;
}

/** A duration `h:mm` or `h:mm:ss` in ms, or undefined. */
export function parseDuration(v: unknown): number | undefined {
	if (typeof v !== 'string') return undefined;
	const m = /^(\d{1,5}):([0-5]\d)(?::([0-5]\d))?$/.exec(v.trim());
	if (!m) return undefined;
	return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000;
}

class Reader {
	readonly problems: ImportProblem[] = [];
	readonly rooms = new Map<string, RoomPlan>();
	readonly talks: TalkPlan[] = [];
	readonly #guids = new Map<string, string>();

	constructor(readonly tz: string) {}

	problem(where: string, reason: string): void {
		this.problems.push({ where, reason });
	}

	room(where: string, v: unknown): void {
		if (!isObj(v)) return this.problem(where, `a room must be an object, not ${describe(v)}`);
		const name = text(v.name, MAX_NAME);
		if (!name) return this.problem(where, 'a room needs a name');
		if (this.rooms.has(name)) return;
		const seats =
			typeof v.capacity === 'number' && Number.isSafeInteger(v.capacity) && v.capacity > 0
				? v.capacity
				: undefined;
		if (v.capacity !== undefined && v.capacity !== null && seats === undefined)
			this.problem(
				`${where}.capacity`,
				`capacity ${describe(v.capacity)} is not a whole number of seats; left out`
			);
		const description = [
			translated(v.description),
			seats !== undefined ? `Seats: ${seats}` : undefined
		]
			.filter(Boolean)
			.join('\n');
		// The same rules as the app's form: at most MAX_URL characters; only http:, https: and geo:.
		const raw = typeof v.url === 'string' ? v.url.trim() : '';
		let checkedUrl = raw ? checkPlaceUrl(raw) : undefined;
		if (raw.length > MAX_URL) {
			this.problem(
				`${where}.url`,
				`room "${name.slice(0, 40)}": its URL is ${raw.length} characters long, over ${MAX_URL}; left out`
			);
			checkedUrl = undefined;
		} else if (checkedUrl && !checkedUrl.ok) {
			const p = checkedUrl.problems[0];
			const why =
				p?.code === 'url-scheme'
					? `“${raw}” has the scheme ${p.detail}; a location's web address must start with ${PLACE_URL_SCHEMES.join(', ').replace(/, ([^,]*)$/, ' or $1')}`
					: `“${raw}” is not a web address`;
			this.problem(`${where}.url`, `${name}: ${why}; left out`);
		}
		const url = checkedUrl?.ok ? checkedUrl.value : undefined;
		this.rooms.set(name, {
			name,
			...(description ? { description } : {}),
			...(url ? { url } : {})
		});
	}

	day(where: string, v: unknown): void {
		if (!isObj(v)) return this.problem(where, `a day must be an object, not ${describe(v)}`);
		const date =
			typeof v.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.date) ? v.date : undefined;
		if (!isObj(v.rooms))
			return this.problem(
				`${where}.rooms`,
				`a day's rooms must be an object of room name to talks, not ${describe(v.rooms)}`
			);
		for (const [roomKey, talks] of Object.entries(v.rooms)) {
			const at = `${where}.rooms${key(roomKey)}`;
			if (!Array.isArray(talks)) {
				this.problem(at, `a room's talks must be a list, not ${describe(talks)}`);
				continue;
			}
			talks.forEach((t, i) => this.talk(`${at}[${i}]`, t, roomKey, date));
		}
	}

	#time(v: unknown): string | undefined {
		if (typeof v !== 'string') return undefined;
		const t = parseTime(v, this.tz);
		return t.ok && isInstant(t.value) ? t.value : undefined;
	}

	talk(where: string, v: unknown, roomKey: string, date: string | undefined): void {
		if (this.talks.length >= MAX_TALKS)
			return this.problem(where, `more than ${MAX_TALKS} talks; the rest are not imported`);
		if (!isObj(v)) return this.problem(where, `a talk must be an object, not ${describe(v)}`);
		const rawTitle = typeof v.title === 'string' ? v.title.trim() : '';
		if (!rawTitle)
			return this.problem(where, `a talk needs a title (title is ${describe(v.title)}); skipped`);
		const title = rawTitle.slice(0, MAX_TITLE);
		const name = `"${title.slice(0, 40)}"`;
		if (rawTitle.length > MAX_TITLE)
			this.problem(`${where}.title`, `${name}: title cut to ${MAX_TITLE} characters`);
		const guid = typeof v.guid === 'string' ? v.guid.trim().toLowerCase() : undefined;
		if (guid && this.#guids.has(guid))
			return this.problem(where, `${name}: the same guid as ${this.#guids.get(guid)}; skipped`);

		let start = this.#time(v.date);
		if (!start && date && typeof v.start === 'string' && /^\d{1,2}:\d{2}$/.test(v.start.trim()))
			start = this.#time(`${date}T${v.start.trim().padStart(5, '0')}`);
		if (!start)
			return this.problem(
				where,
				`${name}: no usable start time (date ${describe(v.date)}, start ${describe(v.start)}); skipped`
			);
		const duration = parseDuration(v.duration);
		let end = this.#time(v.end);
		if (end === undefined && v.end !== undefined && v.end !== null)
			this.problem(
				`${where}.end`,
				`${name}: end ${describe(v.end)} is not a date-time; using the duration`
			);
		if (end === undefined && duration !== undefined)
			end = new Date(Date.parse(start) + duration).toISOString().replace('.000Z', 'Z');
		if (end === undefined)
			return this.problem(
				where,
				`${name}: no usable end or duration (duration ${describe(v.duration)}, expected h:mm); skipped`
			);
		const span = Date.parse(end) - Date.parse(start);
		if (!(span > 0)) return this.problem(where, `${name}: it must end after it starts; skipped`);
		if (span > MAX_SPAN_MS) return this.problem(where, `${name}: longer than 366 days; skipped`);

		let room = text(v.room, MAX_NAME);
		if (v.room !== undefined && typeof v.room !== 'string')
			this.problem(
				`${where}.room`,
				`${name}: room ${describe(v.room)} is not a name; using "${roomKey}"`
			);
		room ??= text(roomKey, MAX_NAME) ?? 'Room';
		if (!this.rooms.has(room)) this.rooms.set(room, { name: room });

		const tags = [
			...new Set([text(v.track, MAX_TAG), text(v.type, MAX_TAG)].filter((t): t is string => !!t))
		];
		const persons = Array.isArray(v.persons)
			? v.persons
					.map((p) =>
						isObj(p) ? (text(p.public_name, MAX_NAME) ?? text(p.name, MAX_NAME)) : undefined
					)
					.filter((p): p is string => !!p)
			: [];
		// Only web links: the export hands them to apps that make them clickable.
		const links = Array.isArray(v.links)
			? v.links
					.map((l) => (isObj(l) ? linkUrl(l.url) : undefined))
					.filter((l): l is string => l !== undefined)
			: [];
		const abstract = text(v.abstract, MAX_DESCRIPTION);
		const long = text(v.description, MAX_DESCRIPTION);
		const parts = [
			text(v.subtitle, MAX_TITLE),
			abstract,
			long !== abstract ? long : undefined,
			speakersParagraph(persons),
			linksParagraph(links)
		];
		let description = parts.filter(Boolean).join('\n\n');
		if (description.length > MAX_DESCRIPTION) {
			this.problem(
				`${where}.description`,
				`${name}: description cut to ${MAX_DESCRIPTION} characters`
			);
			description = description.slice(0, MAX_DESCRIPTION);
		}
		if (guid) this.#guids.set(guid, where);
		this.talks.push({
			where,
			title,
			start,
			end,
			tags,
			room,
			...(description ? { description } : {})
		});
	}
}

/** Reads a schedule.json text into what can be imported and the problems found. */
export function readSchedule(input: string): ScheduleRead {
	let doc: unknown;
	try {
		doc = JSON.parse(input);
	} catch (e) {
		return {
			problems: [
				{ where: '(file)', reason: `not JSON: ${e instanceof Error ? e.message : String(e)}` }
			]
		};
	}
	const fatal = (where: string, reason: string): ScheduleRead => ({
		problems: [{ where, reason }]
	});
	if (!isObj(doc)) return fatal('(top)', `a schedule.json is an object, not ${describe(doc)}`);
	const s = doc.schedule;
	if (!isObj(s))
		return fatal('schedule', `missing or not an object (${describe(s)}): not a schedule.json`);
	const c = s.conference;
	if (!isObj(c)) return fatal('schedule.conference', `missing or not an object (${describe(c)})`);

	const pre: ImportProblem[] = [];
	let tz = 'UTC';
	if (typeof c.time_zone_name === 'string' && isTimeZone(c.time_zone_name.trim()))
		tz = c.time_zone_name.trim();
	else
		pre.push({
			where: 'schedule.conference.time_zone_name',
			reason: `${c.time_zone_name === undefined ? 'missing' : `${describe(c.time_zone_name)} is not a known time zone`}; times are shown in UTC`
		});
	const r = new Reader(tz);
	r.problems.push(...pre);
	const name = text(c.title, MAX_NAME) ?? text(c.acronym, MAX_NAME);
	if (!text(c.title, MAX_NAME))
		r.problem(
			'schedule.conference.title',
			`missing or not text (${describe(c.title)}); the festival is called "${name ?? 'Imported schedule'}"`
		);

	for (const [where, list] of [
		['schedule.conference.rooms', c.rooms],
		['schedule.rooms', s.rooms]
	] as const) {
		if (list === undefined) continue;
		if (!Array.isArray(list)) {
			r.problem(where, `rooms must be a list, not ${describe(list)}`);
			continue;
		}
		if (where === 'schedule.rooms')
			r.problem(
				where,
				'not part of the format (rooms belong in schedule.conference.rooms); read anyway'
			);
		list.forEach((room, i) => r.room(`${where}[${i}]`, room));
	}
	if (Array.isArray(c.days)) c.days.forEach((d, i) => r.day(`schedule.conference.days[${i}]`, d));
	else
		r.problem(
			'schedule.conference.days',
			`missing or not a list (${describe(c.days)}); no talks imported`
		);

	if (!r.rooms.size && !r.talks.length)
		return {
			problems: [
				...r.problems,
				{ where: '(file)', reason: 'no rooms and no talks could be read; nothing to import' }
			]
		};
	const description = text(c.description, MAX_DESCRIPTION);
	return {
		plan: {
			name: name ?? 'Imported schedule',
			tz,
			...(description ? { description } : {}),
			rooms: [...r.rooms.values()],
			talks: r.talks
		},
		problems: r.problems
	};
}
