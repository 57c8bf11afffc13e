/**
 * An event and its requests for resources.
 * @module
 */
import * as v from 'valibot';
import { parseItemId, type FestivalId, type ResourceId } from '../festival/document/ids.js';
import type { Result } from '../result.js';
import {
	compact,
	FestivalIdSchema,
	Instant,
	optionalText,
	requiredText,
	ResourceIdSchema
} from './fields.js';
import { Frame, storedFrame } from './frame.js';
import { checkWith, type Checked, type InputOf } from './problems.js';
import { readSeriesRef, type SeriesRef } from './series.js';
import { clip, fits, str } from './text.js';
import { isFrame, isInstant, within, type TimeFrame } from './time.js';

/** A request of an event for a resource. */
export const Request = v.pipe(
	v.object({
		resource: ResourceIdSchema,
		/** The festival holding the resource (this one or an ancestor). */
		festival: FestivalIdSchema,
		/** The frame requested; defaults to the event's own, and must lie within it. */
		frame: v.optional(Frame)
	}),
	v.transform(compact),
	v.readonly()
);
/** The requester took a request back (stored in the request as a map `withdrawn: { at, reason? }`). */
export interface Withdrawal {
	readonly at: string;
	readonly reason?: string;
}
/**
 * A request as written and read. `withdrawn` is never typed in with an event: the requester
 * sets it on a request already made (doc.ts, `withdrawRequest`).
 */
export type RequestData = v.InferOutput<typeof Request> & { readonly withdrawn?: Withdrawal };

/**
 * The frame of a personal request made without one: from 2000 to 2100, i.e. for as long as
 * the festival lasts (an event needing a ticket lies within it).
 */
export const ALWAYS: TimeFrame = { start: '2000-01-01T00:00:00Z', end: '2100-01-01T00:00:00Z' };

/** A request's own frame, if it has one, lies within its event's. */
export const requestWithin = (r: { readonly frame?: TimeFrame | undefined }, event: TimeFrame) =>
	r.frame === undefined || (isFrame(r.frame) && within(r.frame, event));

/** An event as input, and as written: tags are trimmed and kept once each. */
export const Event = v.pipe(
	v.object({
		title: requiredText('title'),
		description: optionalText('description'),
		start: Instant,
		end: Instant,
		tags: v.pipe(
			v.array(requiredText('tag'), 'invalid'),
			v.transform((ts) => [...new Set(ts)]),
			v.readonly()
		),
		requests: v.pipe(v.array(Request, 'invalid'), v.readonly()),
		/**
		 * A person's request for resources for themselves (a ticket, a badge, a tool), not an
		 * event of the schedule (PROTOCOL.md, "Personal requests").
		 */
		personal: v.optional(v.literal(true))
	}),
	v.forward(
		v.partialCheck(
			[['start'], ['end']],
			(e) => Date.parse(e.start) < Date.parse(e.end),
			'end-before-start'
		),
		['end']
	),
	v.forward(
		v.partialCheck(
			[['start'], ['end'], ['requests']],
			(e) => e.requests.every((r) => requestWithin(r, e)),
			'outside-event'
		),
		['requests']
	),
	v.transform(compact),
	v.readonly()
);
/**
 * An event as written and read. `series` is never typed in with an event: the edit writing a
 * repeating event's occurrences sets it (edits.ts, `addSeries`; series.ts).
 */
export type EventData = Omit<v.InferOutput<typeof Event>, 'requests'> & {
	readonly requests: readonly RequestData[];
	readonly series?: SeriesRef;
};
/** An event as typed. */
export type EventInput = InputOf<v.InferInput<typeof Event>>;

/** Checks an event typed by a person: the event to write, or every problem. */
export function checkEvent(input: EventInput): Checked<EventData> {
	return checkWith(Event, input);
}

/**
 * Reads a stored event (an untrusted value): the event, or why it does not read. Over-long
 * title and description are cut; odd tags, request keys and request frames are dropped. A
 * request that names no festival names `here`, the festival holding the event.
 *
 * Hand-written rather than a Valibot schema: a festival may hold tens of thousands of events
 * and every read of the model reads them all; this is some four times faster (measured over
 * 10,000 events). It keeps to the rules of {@link Event} and its output is an `EventData`.
 */
export function readEvent(stored: unknown, here: FestivalId): Result<EventData, 'schema'> {
	if (typeof stored !== 'object' || stored === null) return schemaError('an event must be a map');
	const o = stored as Record<string, unknown>;
	const title = clip('title', str(o.title));
	const description = clip('description', str(o.description));
	const frame = { start: str(o.start), end: str(o.end) };
	if (!title) return schemaError('an event needs a title');
	if (!isFrame(frame)) return schemaError('an event needs a start before its end, as UTC instants');
	const tags = Array.isArray(o.tags)
		? o.tags.map((t) => fits('tag', str(t))).filter((t): t is string => !!t)
		: [];
	const requests: RequestData[] = [];
	if (o.requests && typeof o.requests === 'object') {
		for (const [resource, r] of Object.entries(o.requests as Record<string, unknown>)) {
			if (parseItemId(resource) === undefined || typeof r !== 'object' || r === null) continue;
			const m = r as Record<string, unknown>;
			const festival = (str(m.festival) ?? here) as FestivalId;
			const f = storedFrame(r);
			const w = readWithdrawal(m);
			requests.push({
				resource: resource as ResourceId,
				festival,
				...(f ? { frame: f } : {}),
				...(w ? { withdrawn: w } : {})
			});
		}
	}
	const series = readSeriesRef(o.series);
	return {
		ok: true,
		value: {
			title,
			start: frame.start,
			end: frame.end,
			tags,
			requests,
			...(description !== undefined ? { description } : {}),
			...(series ? { series } : {}),
			...(o.personal === true ? { personal: true as const } : {})
		}
	};
}

/** A stored request's withdrawal, if it has a valid one. */
function readWithdrawal(m: Record<string, unknown>): Withdrawal | undefined {
	const w = m.withdrawn;
	if (typeof w !== 'object' || w === null) return undefined;
	const at = str((w as Record<string, unknown>).at);
	if (!at || !isInstant(at)) return undefined;
	const reason = clip('reason', str((w as Record<string, unknown>).reason));
	return { at, ...(reason !== undefined ? { reason } : {}) };
}

const schemaError = (reason: string) => ({ ok: false, error: { code: 'schema', reason } }) as const;

/**
 * Why a request cannot be made for an event of frame `event`: its own frame, if it has one,
 * must be a valid frame within the event's (the read model counts any other as invalid).
 */
export function requestFrameProblem(
	r: { readonly frame?: TimeFrame | undefined },
	event: TimeFrame
): string | undefined {
	if (r.frame === undefined) return undefined;
	if (!isFrame(r.frame)) return 'a request frame needs a start before its end, as UTC instants';
	if (!within(r.frame, event))
		return `the request frame ${r.frame.start}–${r.frame.end} is not within the event's ${event.start}–${event.end}`;
	return undefined;
}
