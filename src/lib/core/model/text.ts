/**
 * Text in the festival document: the length limit of each text field, and reading Automerge
 * scalars as plain strings.
 * @module
 */

/**
 * Most characters (UTF-16 code units) of each text field. Local edits over a limit are refused
 * (the input checks of this folder, and festival/document/doc.ts on every write); values from peers are still
 * shown, cut to the limit ({@link clip}), except URLs and tags, which a cut would falsify:
 * those are left out. The limits keep any one object far below what an entry carries (4 MiB).
 */
export const TEXT_LIMITS = {
	/** A festival's, a resource's or a sub-festival's name. */
	name: 200,
	/** An event's title. */
	title: 300,
	/** A festival's, a resource's or an event's description. */
	description: 10_000,
	tag: 50,
	/** A location's street address. */
	address: 500,
	/** A location's virtual address. */
	url: 2_000,
	/** The reason given with a decision. */
	reason: 500,
	/** A policy's id. */
	policy: 64,
	/** A time zone name. */
	tz: 64,
	/** The name a person publishes in their profile. */
	person: 80,
	/** A profile's short note about its person. */
	note: 280,
	/** A profile's way to reach its person (an address, a handle). */
	contact: 200
} as const;

/** A text field with a length limit. */
export type TextField = keyof typeof TEXT_LIMITS;

/** Plain string of an Automerge scalar (ImmutableString, string), else undefined. */
export function str(v: unknown): string | undefined {
	if (typeof v === 'string') return v;
	if (v && typeof v === 'object' && 'val' in v && typeof (v as { val: unknown }).val === 'string')
		return (v as { val: string }).val;
	if (
		v &&
		typeof v === 'object' &&
		typeof (v as object).toString === 'function' &&
		(v as object).constructor?.name === 'Text'
	) {
		return String(v);
	}
	return undefined;
}

/** A value read from a peer, cut to its field's limit (never in the middle of a surrogate pair). */
export function clip(field: TextField, value: string): string;
export function clip(field: TextField, value: string | undefined): string | undefined;
export function clip(field: TextField, value: string | undefined): string | undefined {
	const max = TEXT_LIMITS[field];
	if (value === undefined || value.length <= max) return value;
	const cut = /[\uD800-\uDBFF]/.test(value[max - 1] ?? '') ? max - 1 : max;
	return value.slice(0, cut);
}

/** A value read from a peer, left out if over its field's limit (URLs, tags). */
export function fits(field: TextField, v: string | undefined): string | undefined {
	return v !== undefined && v.length <= TEXT_LIMITS[field] ? v : undefined;
}
