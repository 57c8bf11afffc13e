/**
 * The checked edits of repeating events (series.ts): writing a series' occurrences, editing
 * the title and description of all of them, and removing all or "this and the following".
 * An occurrence alone is edited and removed like any event (edits.ts).
 * @module
 */
import * as doc from '../festival/document/doc.js';
import { authorPrefix, type EventId, type FestivalId } from '../festival/document/ids.js';
import type { AuthorId } from '../identity/identity.js';
import type { FestivalDoc } from './doc.js';
import {
	checkEvent,
	readEvent,
	type EventData,
	type EventInput,
	type RequestData
} from './event.js';
import { checkSeries, type Occurrence } from './occurrences.js';
import type { Checked } from './problems.js';
import { newSeriesId, ownsSeries, type RepeatInput, type SeriesId } from './series.js';
import { toInstant } from './time.js';

/** Where a local edit is made (as edits.ts's `Editable`). */
interface Editable {
	change<T>(fn: (d: FestivalDoc) => T): Promise<T>;
}

/** A series written: its id and its occurrences' event ids, in order. */
export interface SeriesAdded {
	readonly series: SeriesId;
	readonly events: readonly EventId[];
}

/** A request of the first occurrence moved to another: its own frame as far, within it. */
function moved(r: RequestData, shift: number, o: Occurrence): RequestData {
	if (!r.frame) return r;
	const start = Math.max(Date.parse(r.frame.start) + shift, Date.parse(o.start));
	const end = Math.min(Date.parse(r.frame.end) + shift, Date.parse(o.end));
	const { frame: _, ...rest } = r;
	if (!(start < end)) return rest;
	return { ...rest, frame: { start: toInstant(start)!, end: toInstant(end)! } };
}

/**
 * Adds a repeating event owned by `author` in a festival of zone `tz`: one event per
 * occurrence, each with its own requests (the input's). Its ids, or the problems.
 */
export async function addSeries(
	at: Editable,
	author: AuthorId,
	input: EventInput,
	repeat: RepeatInput,
	tz: string
): Promise<Checked<SeriesAdded>> {
	const checked = checkSeries(input, repeat, tz);
	if (!checked.ok) return checked;
	const { event, occurrences } = checked.value;
	const first = Date.parse(event.start);
	const id = newSeriesId(author);
	const events = await at.change((d) =>
		occurrences.map((o) => {
			const shift = Date.parse(o.start) - first;
			return doc.addEvent(d, author, {
				...event,
				start: o.start,
				end: o.end,
				requests: event.requests.map((r) => moved(r, shift, o)),
				series: { id, index: o.index }
			});
		})
	);
	return { ok: true, value: { series: id, events } };
}

/** The occurrences of series `id` a document holds: own events only, with their data. */
export function seriesEvents(d: FestivalDoc, id: SeriesId): [EventId, EventData][] {
	const out: [EventId, EventData][] = [];
	const prefix = authorPrefix(id);
	for (const [key, raw] of doc.rawItems(d, 'events')) {
		if (!key.startsWith(prefix)) continue;
		// The festival a request names is not needed: edits keep requests as stored.
		const e = readEvent(raw, '' as FestivalId);
		if (e.ok && e.value.series?.id === id) out.push([key as EventId, e.value]);
	}
	return out.sort((a, b) => (a[1].series?.index ?? 0) - (b[1].series?.index ?? 0));
}

/**
 * Gives every occurrence of `author`'s series the title and description typed (times, tags
 * and requests of each stay its own): the problems, or how many were changed.
 */
export async function editSeries(
	at: Editable,
	author: AuthorId,
	id: SeriesId,
	input: { readonly title: string; readonly description?: string }
): Promise<Checked<number>> {
	const probe = { ...input, start: '2000-01-01T00:00Z', end: '2000-01-01T01:00Z' };
	const checked = checkEvent({ ...probe, tags: [], requests: [] });
	if (!checked.ok) return checked;
	const { title, description } = checked.value;
	const n = await at.change((d) => {
		const all = ownsSeries(author, id) ? seriesEvents(d, id) : [];
		for (const [eid, e] of all) {
			const { description: _, ...rest } = e;
			doc.updateEvent(d, eid, { ...rest, title, ...(description ? { description } : {}) });
		}
		return all.length;
	});
	return { ok: true, value: n };
}

/**
 * Removes the occurrences of `author`'s series from index `from` on (0: the whole series),
 * with their requests: how many were removed (none of a series not `author`'s).
 */
export function removeSeries(
	at: Editable,
	author: AuthorId,
	id: SeriesId,
	from = 0
): Promise<number> {
	return at.change((d) => {
		if (!ownsSeries(author, id)) return 0;
		const gone = seriesEvents(d, id).filter(([, e]) => (e.series?.index ?? 0) >= from);
		for (const [eid] of gone) doc.removeEvent(d, eid);
		return gone.length;
	});
}
