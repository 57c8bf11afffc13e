/**
 * Series as views show them: a festival's events grouped by the series they are occurrences
 * of (PROTOCOL.md, "Series"), each occurrence with its own derived status, so a view can tell
 * which occurrences hold their resources.
 * @module
 */
import type { EventId } from '../document/ids.js';
import type { SeriesId } from '../../model/series.js';
import type { EventState, EventView } from './views.js';

/** One occurrence of a series as shown. */
export interface OccurrenceView {
	readonly event: EventId;
	readonly index: number;
	readonly start: string;
	readonly end: string;
	/** Its event's derived state: `confirmed` holds every resource it requested. */
	readonly status: EventState;
	/** Its event's status in words ("1 of 1 resource confirmed", "denied"...). */
	readonly label: string;
}

/** A series as shown: its owner, its first occurrence's title, its occurrences in order. */
export interface SeriesView {
	readonly id: SeriesId;
	readonly owner: string;
	readonly title: string;
	readonly occurrences: readonly OccurrenceView[];
}

/**
 * The series among `events` (a festival view's), in the order of their first occurrence.
 * An occurrence removed alone is simply not there; the others stay.
 */
export function seriesOf(events: readonly EventView[]): SeriesView[] {
	const by = new Map<SeriesId, EventView[]>();
	for (const e of events) {
		if (!e.series) continue;
		const list = by.get(e.series.id);
		if (list) list.push(e);
		else by.set(e.series.id, [e]);
	}
	const out: SeriesView[] = [];
	for (const [id, list] of by) {
		list.sort(
			(a, b) => a.series!.index - b.series!.index || Date.parse(a.start) - Date.parse(b.start)
		);
		const first = list[0]!;
		out.push({
			id,
			owner: first.owner,
			title: first.title,
			occurrences: list.map((e) => ({
				event: e.id,
				index: e.series!.index,
				start: e.start,
				end: e.end,
				status: e.status.state,
				label: e.status.label
			}))
		});
	}
	return out.sort(
		(a, b) => Date.parse(a.occurrences[0]!.start) - Date.parse(b.occurrences[0]!.start)
	);
}
