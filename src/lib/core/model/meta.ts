/**
 * A festival's own description (its meta map) and its listing of sub-festivals.
 * @module
 */
import * as v from 'valibot';
import { parseItemId, type FestivalId, type ResourceId } from '../festival/document/ids.js';
import type { Result } from '../result.js';
import {
	compact,
	FestivalIdSchema,
	optionalText,
	ResourceIdSchema,
	requiredText,
	storedFittingText,
	storedMap,
	storedOptionalText,
	storedString,
	storedText
} from './fields.js';
import { checkWith, readWith, type Checked, type InputOf } from './problems.js';
import { clip, str } from './text.js';
import { isTimeZone } from './time.js';

/** A time zone: an IANA name this platform knows (`UTC`, `Europe/Berlin`). */
export const TimeZone = v.pipe(requiredText('tz'), v.check(isTimeZone, 'unknown-time-zone'));

/** A new festival (or sub-festival) as typed: its name, time zone and description. */
export const NewFestival = v.pipe(
	v.object({
		name: requiredText('name'),
		tz: v.optional(TimeZone),
		description: optionalText('description'),
		parent: v.optional(FestivalIdSchema)
	}),
	v.transform(compact),
	v.readonly()
);
export type NewFestivalData = v.InferOutput<typeof NewFestival>;
export type NewFestivalInput = InputOf<v.InferInput<typeof NewFestival>>;

/** Checks a new festival's fields as typed: the fields, or every problem. */
export function checkNewFestival(input: NewFestivalInput): Checked<NewFestivalData> {
	return checkWith(NewFestival, input);
}

/** A festival's settings as its creator edits them: name, time zone and description. */
export const FestivalSettings = v.pipe(
	v.object({
		name: requiredText('name'),
		tz: TimeZone,
		description: optionalText('description')
	}),
	v.transform(compact),
	v.readonly()
);
export type FestivalSettingsData = v.InferOutput<typeof FestivalSettings>;
export type FestivalSettingsInput = InputOf<v.InferInput<typeof FestivalSettings>>;

/** Checks a festival's settings as typed: the settings, or every problem. */
export function checkSettings(input: FestivalSettingsInput): Checked<FestivalSettingsData> {
	return checkWith(FestivalSettings, input);
}

/** Checks a name typed for a festival, a sub-festival or a resource. */
export function checkName(input: string): Checked<string> {
	return checkWith(requiredText('name'), input);
}

/** The meta map as written in a festival's genesis. */
export const Meta = v.object({
	name: requiredText('name'),
	description: v.optional(v.string()),
	tz: v.string(),
	parent: v.optional(FestivalIdSchema),
	forkedFrom: v.optional(
		v.object({ festival: FestivalIdSchema, heads: v.pipe(v.array(v.string()), v.readonly()) })
	),
	createdAt: v.string(),
	/**
	 * The resource (a ticket) whose accepted personal request an event's owner must hold for
	 * the event to count (PROTOCOL.md, "Festival access"); written by the creator only.
	 */
	eventsNeed: v.optional(ResourceIdSchema)
});
export type MetaData = Readonly<v.InferOutput<typeof Meta>>;

const forkedFrom = v.pipe(
	v.unknown(),
	v.transform((x) => {
		if (!x || typeof x !== 'object') return undefined;
		const f = x as Record<string, unknown>;
		const festival = str(f.festival) as FestivalId | undefined;
		const heads = Array.isArray(f.heads) ? f.heads.map(str).filter((h): h is string => !!h) : [];
		return festival ? { festival, heads } : undefined;
	})
);

const StoredMeta = v.pipe(
	storedMap(
		{
			name: storedText('name', 'a festival needs a name'),
			tz: storedFittingText('tz'),
			createdAt: storedString,
			description: storedOptionalText('description'),
			parent: storedString,
			forkedFrom,
			eventsNeed: storedString
		},
		'meta must be a map'
	),
	v.transform((m): MetaData =>
		compact({
			...m,
			tz: m.tz ?? 'UTC',
			createdAt: m.createdAt ?? '1970-01-01T00:00:00Z',
			parent: (m.parent || undefined) as FestivalId | undefined,
			eventsNeed:
				m.eventsNeed && parseItemId(m.eventsNeed) ? (m.eventsNeed as ResourceId) : undefined
		})
	)
);

/** Reads the festival's meta map (an untrusted value): the meta, or why it does not read. */
export function readMeta(stored: unknown): Result<MetaData, 'schema'> {
	const r = readWith(StoredMeta, stored);
	return r.ok ? r : { ok: false, error: { code: 'schema', reason: r.reason } };
}

/** A sub-festival as listed in its parent. */
export interface ChildData {
	readonly id: FestivalId;
	readonly name: string;
	/** The festival that listed it, when the listing says (newer listings do). */
	readonly parent?: FestivalId;
}

/** Reads a listed child (an untrusted value): undefined if it names no festival id. */
export function readChild(stored: unknown): ChildData | undefined {
	const o = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
	const festival = String(o.festival ?? '');
	if (!/^[0-9a-f]{64}$/.test(festival)) return undefined;
	const parent = String(o.parent ?? '');
	return {
		id: festival as FestivalId,
		name: clip('name', String(o.name ?? '')),
		...(/^[0-9a-f]{64}$/.test(parent) ? { parent: parent as FestivalId } : {})
	};
}
