/**
 * Typed results for untrusted input: decoders and verifiers return these instead of throwing.
 * @module
 */

/** A failure a person can read: a stable machine `code` and a sentence `reason`. */
export interface Problem<C extends string = string> {
	readonly code: C;
	readonly reason: string;
}

/** Either a value or a {@link Problem}. */
export type Result<T, C extends string = string> =
	{ readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Problem<C> };

/** Wraps a value as a success. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
	return { ok: true, value };
}

/** Builds a failure with a code and a readable reason. */
export function err<C extends string>(
	code: C,
	reason: string
): { readonly ok: false; readonly error: Problem<C> } {
	return { ok: false, error: { code, reason } };
}
