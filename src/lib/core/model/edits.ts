/**
 * The edits the app and the CLI make, each checked before it is written: the input is checked
 * against its entity's schema (problems come back as codes, nothing is written), then the
 * document writer of festival/document/doc.ts makes the change. Callers never touch the document themselves.
 * @module
 */
import * as doc from '../festival/document/doc.js';
import type { EventId, FestivalId, ResourceId } from '../festival/document/ids.js';
import { metaCreator, setEventsNeed, updateSettings } from '../festival/document/settings.js';
import type { AuthorId } from '../identity/identity.js';
import { checkDecision, type DecisionInput } from './decision.js';
import type { FestivalDoc } from './doc.js';
import { ALWAYS, checkEvent, type EventInput } from './event.js';
import { checkSettings, type FestivalSettingsInput } from './meta.js';
import type { Checked } from './problems.js';
import { checkResource, type ResourceInput } from './resource.js';
import { toInstant, type TimeFrame } from './time.js';

export { addSeries, editSeries, removeSeries, type SeriesAdded } from './series-edits.js';

/** Where a local edit is made: a festival (core's `Festival`, the app's page, the CLI's). */
export interface Editable {
	change<T>(fn: (d: FestivalDoc) => T): Promise<T>;
}

async function write<T, R>(
	checked: Checked<T>,
	at: Editable,
	fn: (d: FestivalDoc, value: T) => R
): Promise<Checked<R>> {
	if (!checked.ok) return checked;
	const value = checked.value;
	return { ok: true, value: await at.change((d) => fn(d, value)) };
}

/** Adds a resource owned by `author`, if its input is fine: its id, or the problems. */
export function addResource(
	at: Editable,
	author: AuthorId,
	input: ResourceInput
): Promise<Checked<ResourceId>> {
	return write(checkResource(input), at, (d, r) => doc.addResource(d, author, r));
}

/**
 * Replaces what its owner edits of a resource (fields the input leaves out are removed); a
 * removed resource stays removed.
 */
export function editResource(
	at: Editable,
	id: ResourceId,
	input: Omit<ResourceInput, 'removed'>
): Promise<Checked<void>> {
	return write(checkResource(input), at, (d, r) => {
		const { removed: _, ...fields } = r;
		doc.replaceResource(d, id, fields);
	});
}

/** Removes an own resource (it stays as a tombstone). */
export function removeResource(at: Editable, id: ResourceId): Promise<void> {
	return at.change((d) => doc.removeResource(d, id));
}

/** Adds an event owned by `author`, if its input is fine: its id, or the problems. */
export function addEvent(
	at: Editable,
	author: AuthorId,
	input: EventInput
): Promise<Checked<EventId>> {
	return write(checkEvent(input), at, (d, e) => doc.addEvent(d, author, e));
}

/** Replaces an own event's fields and requests, if its input is fine. */
export function editEvent(at: Editable, id: EventId, input: EventInput): Promise<Checked<void>> {
	return write(checkEvent(input), at, (d, e) => doc.updateEvent(d, id, e));
}

/** Removes an own event. */
export function removeEvent(at: Editable, id: EventId): Promise<void> {
	return at.change((d) => doc.removeEvent(d, id));
}

/** Records the resource owner's decision, if its input is fine (`at`: the resource's festival). */
export function decide(at: Editable, input: DecisionInput): Promise<Checked<void>> {
	return write(checkDecision(input), at, (d, dec) => doc.decide(d, dec));
}

/**
 * Withdraws a request of an own event (`at`: the event's festival): it stays, marked
 * withdrawn with the time and an optional reason, and holds nothing.
 */
export function withdrawRequest(
	at: Editable,
	event: EventId,
	resource: ResourceId,
	when: Date,
	reason?: string
): Promise<void> {
	const instant = toInstant(when) ?? when.toISOString();
	return at.change((d) => doc.withdrawRequest(d, event, resource, instant, reason || undefined));
}

/**
 * Changes the festival's name, time zone and description, if its input is fine and `author`
 * is the festival's creator (whose meta map it is; anyone else's edit would be refused by every
 * peer): otherwise the problems (`creator-only` on field `name`), and nothing is written.
 */
export async function editSettings(
	at: Editable,
	author: AuthorId,
	input: FestivalSettingsInput
): Promise<Checked<void>> {
	const checked = checkSettings(input);
	if (!checked.ok) return checked;
	const s = checked.value;
	const done = await at.change((d) => {
		if (metaCreator(d) !== author) return false;
		updateSettings(d, author, s);
		return true;
	});
	return done
		? { ok: true, value: undefined }
		: { ok: false, problems: [{ field: 'name', code: 'creator-only' }] };
}

/**
 * Sets the resource (a ticket) every event's owner must hold an accepted personal request for,
 * for the event to count, or lifts the rule (`undefined`). Only the festival's creator may:
 * otherwise the problem `creator-only` (on field `eventsNeed`), and nothing is written.
 */
export async function editEventsNeed(
	at: Editable,
	author: AuthorId,
	resource: ResourceId | undefined
): Promise<Checked<void>> {
	const done = await at.change((d) => {
		if (metaCreator(d) !== author) return false;
		setEventsNeed(d, author, resource);
		return true;
	});
	return done
		? { ok: true, value: undefined }
		: { ok: false, problems: [{ field: 'eventsNeed', code: 'creator-only' }] };
}

/** What a person asks for themselves: a resource, where it is, and for when (default: always). */
export interface AskInput {
	readonly resource: ResourceId;
	/** The festival holding the resource (this one or an ancestor). */
	readonly festival: FestivalId;
	/** The resource's name, which names the request where a reader does not know personal requests. */
	readonly name: string;
	readonly frame?: TimeFrame;
}

/**
 * Asks for a resource for `author` themselves (a ticket, a badge, a tool for the weekend): a
 * personal request, kept in the events container flagged `personal` and decided like an
 * event's request (PROTOCOL.md, "Personal requests"). Its id, or the problems.
 */
export function ask(at: Editable, author: AuthorId, input: AskInput): Promise<Checked<EventId>> {
	const frame = input.frame ?? ALWAYS;
	return addEvent(at, author, {
		title: input.name,
		start: frame.start,
		end: frame.end,
		tags: [],
		requests: [{ resource: input.resource, festival: input.festival }],
		personal: true
	});
}
