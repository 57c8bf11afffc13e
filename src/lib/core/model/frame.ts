/**
 * A time frame as input and as stored: two UTC instants, the start before the end.
 * @module
 */
import * as v from 'valibot';
import { Instant } from './fields.js';
import { str } from './text.js';
import { isFrame, type TimeFrame } from './time.js';

const before = (f: { start: string; end: string }) => Date.parse(f.start) < Date.parse(f.end);

/** A frame as input: both instants, the end after the start (else `end-before-start` on `end`). */
export const Frame = v.pipe(
	v.object({ start: Instant, end: Instant }),
	v.forward(v.partialCheck([['start'], ['end']], before, 'end-before-start'), ['end']),
	v.readonly()
);

/** A stored frame (`start`, `end` of a map): the frame, or undefined if it is not a valid one. */
export function storedFrame(o: unknown): TimeFrame | undefined {
	if (typeof o !== 'object' || o === null) return undefined;
	const m = o as Record<string, unknown>;
	const f = { start: str(m.start), end: str(m.end) };
	return isFrame(f) ? f : undefined;
}
