/**
 * A resource owner's decision on one request. An owner may change it later (accept after a
 * deny, deny or withdraw after an accept): the earlier decisions stay in the decision's
 * `history` (PROTOCOL.md, "Decisions").
 * @module
 */
import * as v from 'valibot';
import type { EventId, FestivalId, ResourceId } from '../festival/document/ids.js';
import type { Result } from '../result.js';
import {
	compact,
	EventIdSchema,
	FestivalIdSchema,
	Instant,
	optionalText,
	ResourceIdSchema
} from './fields.js';
import { Frame } from './frame.js';
import { checkWith, type Checked, type InputOf } from './problems.js';
import { clip, str } from './text.js';
import { isFrame, isInstant } from './time.js';

/**
 * What an owner decides: `accept`, `deny`, or `withdraw` (take back an acceptance: the request
 * then holds nothing and counts for nothing).
 */
export const VERDICTS = ['accept', 'deny', 'withdraw'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** A decision as input, and as written. */
export const Decision = v.pipe(
	v.object({
		resource: ResourceIdSchema,
		event: EventIdSchema,
		/** The festival holding the event. */
		festival: FestivalIdSchema,
		verdict: v.picklist(VERDICTS, 'invalid'),
		reason: optionalText('reason'),
		/** The frame decided on. */
		frame: Frame,
		/** When the decision was made (ISO instant); orders decisions deterministically. */
		at: Instant
	}),
	v.transform(compact),
	v.readonly()
);
export type DecisionData = v.InferOutput<typeof Decision>;
export type DecisionInput = InputOf<v.InferInput<typeof Decision>>;

/** Checks a decision made by a person: the decision to write, or every problem. */
export function checkDecision(input: DecisionInput): Checked<DecisionData> {
	return checkWith(Decision, input);
}

/**
 * Reads a stored decision (an untrusted value): the decision, or why it does not read.
 * Hand-written like `readEvent` (there may be as many decisions as requests); it keeps to the
 * rules of {@link Decision} and its output is a `DecisionData`.
 */
export function readDecision(stored: unknown): Result<DecisionData, 'schema'> {
	if (typeof stored !== 'object' || stored === null) return schemaError('a decision must be a map');
	const o = stored as Record<string, unknown>;
	const resource = str(o.resource);
	const event = str(o.event);
	const festival = str(o.festival);
	if (!resource || !event || !festival)
		return schemaError('a decision names a resource, an event and a festival');
	const entry = readDecisionEntry(o);
	if (!entry.ok) return entry;
	return {
		ok: true,
		value: {
			resource: resource as ResourceId,
			event: event as EventId,
			festival: festival as FestivalId,
			...entry.value
		}
	};
}

/** One decision of a history: what was decided, for which frame, when and why. */
export type DecisionEntry = Pick<DecisionData, 'verdict' | 'frame' | 'at' | 'reason'>;

const isVerdict = (s: string | undefined): s is Verdict =>
	s !== undefined && (VERDICTS as readonly string[]).includes(s);

/**
 * Reads one stored decision of a history (an untrusted value): `verdict`, `at`, `start`,
 * `end` and an optional `reason`, the fields a decision has besides what it is about.
 */
export function readDecisionEntry(stored: unknown): Result<DecisionEntry, 'schema'> {
	if (typeof stored !== 'object' || stored === null) return schemaError('a decision must be a map');
	const o = stored as Record<string, unknown>;
	const verdict = str(o.verdict);
	const reason = clip('reason', str(o.reason));
	const at = str(o.at);
	const frame = { start: str(o.start), end: str(o.end) };
	if (!isVerdict(verdict)) return schemaError('a verdict is accept, deny or withdraw');
	if (!isFrame(frame) || !isInstant(at)) return schemaError('a decision needs a frame and a time');
	return { ok: true, value: { verdict, frame, at, ...(reason !== undefined ? { reason } : {}) } };
}

const schemaError = (reason: string) => ({ ok: false, error: { code: 'schema', reason } }) as const;
