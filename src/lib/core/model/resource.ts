/**
 * A resource (a location, a thing, a skill…) that events request and its owner decides on.
 * @module
 */
import * as v from 'valibot';
import {
	compact,
	optionalText,
	requiredText,
	storedFittingText,
	storedMap,
	storedOptionalText,
	storedString,
	storedText,
	ResourceIdSchema,
	wholeAtLeast
} from './fields.js';
import { parseItemId, type ResourceId } from '../festival/document/ids.js';
import { Frame, storedFrame } from './frame.js';
import { Place, StoredPlace } from './place.js';
import { str } from './text.js';
import { checkWith, readWith, type Checked, type InputOf } from './problems.js';
import type { TimeFrame } from './time.js';
import type { Result } from '../result.js';

/** The capacity of a resource anyone may hold at the same time as everyone else. */
export const UNLIMITED = 'unlimited';
/** At most this many resources a resource requires. */
export const MAX_REQUIRES = 16;

/** A capacity as a number to count against (`unlimited`: Infinity; none: 1). */
export const capacityCount = (c: number | typeof UNLIMITED | undefined): number =>
	c === UNLIMITED ? Infinity : (c ?? 1);

/** A capacity as stored: a number, or the flag `unlimited` (PROTOCOL.md, "Resources"). */
export const storedCapacity = (
	c: number | typeof UNLIMITED | undefined
): { capacity?: number; unlimited?: true } =>
	c === UNLIMITED ? { unlimited: true } : c !== undefined ? { capacity: c } : {};

/** The kinds of resources. */
export const RESOURCE_KINDS = ['location', 'thing', 'skill', 'other'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** A resource as input, and as written. */
export const Resource = v.pipe(
	v.object({
		name: requiredText('name'),
		kind: v.picklist(RESOURCE_KINDS, 'unknown-kind'),
		/** The id of a registered policy (see festival/read/policy.ts); manual decisions if none. */
		policy: v.optional(requiredText('policy'), 'manual'),
		description: optionalText('description'),
		/**
		 * How many events (or people) may hold the resource at once (default 1), or `unlimited`
		 * (stored as the flag `unlimited: true`, PROTOCOL.md "Resources").
		 */
		capacity: v.optional(v.union([v.literal(UNLIMITED), wholeAtLeast(1)], 'not-whole')),
		/**
		 * Resources an event must also hold, for the same time, for its hold on this one to count
		 * (PROTOCOL.md, "Dependent resources").
		 */
		requires: v.optional(
			v.pipe(
				v.array(ResourceIdSchema, 'invalid'),
				v.maxLength(MAX_REQUIRES, 'too-many'),
				v.transform((ids) => [...new Set(ids)]),
				v.readonly()
			)
		),
		/** When the resource can be used; none means always. */
		availability: v.optional(v.pipe(v.array(Frame), v.readonly())),
		place: v.optional(Place),
		/**
		 * Removed by its owner: kept (a tombstone) so that events that requested it can say so by
		 * name, but offered to no one and decided by no policy.
		 */
		removed: v.optional(v.literal(true))
	}),
	v.forward(
		v.partialCheck(
			[['kind'], ['place']],
			(r) => r.place === undefined || r.kind === 'location',
			'location-only'
		),
		['place']
	),
	v.transform((r) =>
		compact({
			...r,
			place: r.place && Object.keys(r.place).length ? r.place : undefined,
			requires: r.requires?.length ? r.requires : undefined
		})
	),
	v.readonly()
);

/** A resource. */
export type ResourceData = v.InferOutput<typeof Resource>;
/** A resource as typed in a form or on the command line (numbers may be text). */
export type ResourceInput = InputOf<v.InferInput<typeof Resource>>;

/** Checks a resource typed by a person: the resource to write, or every problem. */
export function checkResource(input: ResourceInput): Checked<ResourceData> {
	return checkWith(Resource, input);
}

const availability = v.pipe(
	v.unknown(),
	v.check((x) => x === undefined || Array.isArray(x), 'availability must be a list of frames'),
	v.transform((x) => (x === undefined ? undefined : (x as unknown[]).map(storedFrame))),
	v.check(
		(fs) => fs === undefined || fs.every((f) => f !== undefined),
		'an availability window is not a valid time frame'
	),
	v.transform((fs) => fs as TimeFrame[] | undefined)
);

const capacity = v.pipe(
	v.unknown(),
	v.check(
		(x) => x === undefined || (typeof x === 'number' && Number.isInteger(x) && x >= 1),
		'capacity must be a positive integer'
	),
	v.transform((x) => x as number | undefined)
);

const requires = v.pipe(
	v.unknown(),
	v.transform((x) => {
		if (!Array.isArray(x)) return undefined;
		const ids = [...new Set(x.map((i: unknown) => str(i) ?? ''))].filter(
			(i): i is ResourceId => parseItemId(i) !== undefined
		);
		return ids.length ? (ids.slice(0, MAX_REQUIRES) as readonly ResourceId[]) : undefined;
	})
);

/** A stored resource; its messages are the reasons a read problem gives. */
const StoredResource = v.pipe(
	storedMap(
		{
			name: storedText('name', 'a resource needs a name'),
			kind: v.pipe(
				storedString,
				v.picklist(
					RESOURCE_KINDS,
					(i) =>
						`unknown resource kind ${JSON.stringify((i.input as string | undefined)?.slice(0, 20))}`
				)
			),
			policy: storedFittingText('policy'),
			description: storedOptionalText('description'),
			capacity,
			unlimited: v.pipe(
				v.unknown(),
				v.transform((x) => x === true)
			),
			requires,
			availability,
			place: StoredPlace,
			removed: v.pipe(
				v.unknown(),
				v.transform((x) => (x === true ? (true as const) : undefined))
			)
		},
		'a resource must be a map'
	),
	v.transform(({ unlimited, ...r }): ResourceData =>
		compact({
			...r,
			policy: r.policy ?? 'manual',
			capacity: unlimited ? (UNLIMITED as typeof UNLIMITED) : r.capacity
		})
	)
);

/** Reads a stored resource (an untrusted value): the resource, or why it does not read. */
export function readResource(stored: unknown): Result<ResourceData, 'schema'> {
	const r = readWith(StoredResource, stored);
	return r.ok ? r : { ok: false, error: { code: 'schema', reason: r.reason } };
}
