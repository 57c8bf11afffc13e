/**
 * The festival document's entities and their validation, as this folder uses them. The
 * entities are defined once, as schemas, in `../model/` (types, readers of stored values, input
 * checks); this module passes them on and adds the writers' guard against over-long text.
 *
 * Stored shape (every scalar an Automerge ImmutableString or number; no text objects):
 * ```
 * meta:      { name, description?, tz, parent?, forkedFrom?: { festival, heads[] }, nonce, createdAt }
 * resources: { <shard>: { <ResourceId>: Resource } }
 * events:    { <shard>: { <EventId>: Event } }
 * decisions: { <shard>: { <ResourceId><EventId>: Decision } }
 * children:  { <shard>: { <author prefix><FestivalId>: { festival, name } } }
 * ```
 * The containers and their shards are made in the genesis change, once. Values read from a
 * document are untrusted (any peer can write well-formed changes with odd values): the
 * readers return typed results and the read model skips what does not validate.
 * @module
 */
import { TEXT_LIMITS, type TextField } from '../../model/text.js';

export {
	checkPlaceUrl,
	MAX_PLACE_URL,
	PLACE_URL_SCHEMES,
	placeLink,
	type Place
} from '../../model/place.js';
export {
	RESOURCE_KINDS,
	readResource,
	type ResourceData,
	type ResourceKind
} from '../../model/resource.js';
export {
	readEvent,
	requestFrameProblem,
	type EventData,
	type RequestData
} from '../../model/event.js';
export {
	readDecision,
	readDecisionEntry,
	type DecisionData,
	type DecisionEntry,
	type Verdict
} from '../../model/decision.js';
export { readMeta, type MetaData } from '../../model/meta.js';
export { clip, str, TEXT_LIMITS, type TextField } from '../../model/text.js';
export {
	isFrame,
	isInstant,
	isTimeZone,
	overlaps,
	toInstant,
	within,
	type TimeFrame
} from '../../model/time.js';

/** A local edit would write a text longer than its field's limit; nothing was written. */
export class TextTooLongError extends Error {
	readonly code = 'text-too-long';
	constructor(
		readonly field: TextField,
		readonly length: number
	) {
		super(`The ${field} is ${length} characters long; at most ${TEXT_LIMITS[field]} are allowed.`);
		this.name = 'TextTooLongError';
	}
}

/** Throws {@link TextTooLongError} if `value` is longer than `field` allows. */
export function checkText(field: TextField, value: string | undefined): void {
	if (value !== undefined && value.length > TEXT_LIMITS[field])
		throw new TextTooLongError(field, value.length);
}
