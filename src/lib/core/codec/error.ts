/**
 * The one error convention of the byte codec: a {@link CodecError} with a stable code, the
 * offset where the offending field starts and a readable reason. Readers (reader.ts) throw it
 * inside {@link decode}, which turns it into a typed result; each format maps the code onto
 * its own problems. Nothing else is caught: any other exception is a bug and propagates.
 * @module
 */
import type { Problem } from '../result.js';

/**
 * Why bytes were refused:
 * - `truncated`: the input ends inside a field, or a declared length or count needs more
 *   bytes than are left;
 * - `too-long`: a length or count over the format's limit;
 * - `bad-varint`: a varu64 that is not canonical, or whose value is beyond what the field
 *   can hold (overflow);
 * - `trailing-bytes`: bytes left after the value;
 * - `bad-tag`: a type, tag or flag that is not one of the known values;
 * - `bad-magic`, `bad-version`: not this format, or a version this program does not read;
 * - `invalid`: well framed, but against a rule of the format (say, an id listed twice).
 */
export type CodecCode =
	| 'truncated'
	| 'too-long'
	| 'bad-varint'
	| 'trailing-bytes'
	| 'bad-tag'
	| 'bad-magic'
	| 'bad-version'
	| 'invalid';

/** A refusal of untrusted bytes: code, offset of the offending field, reason. */
export class CodecError extends Error implements Problem<CodecCode> {
	override readonly name = 'CodecError';
	constructor(
		readonly code: CodecCode,
		readonly offset: number,
		readonly reason: string
	) {
		super(`${code} at byte ${offset}: ${reason}`);
	}
}

/** A decoded value, or the {@link CodecError} that refused the bytes. */
export type Decoded<T> =
	{ readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CodecError };
