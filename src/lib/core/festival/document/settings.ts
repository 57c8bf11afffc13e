/**
 * A festival's settings (name, time zone, description) edited after its creation. They live in
 * the meta map its genesis made, so by the write rules (rules.ts: an author writes only inside
 * objects it created) only the genesis author's changes to them are accepted by peers; the
 * writer refuses anyone else's edit before it is made.
 * @module
 */
import * as A from '@automerge/automerge';
import type { FestivalDoc } from '../../model/doc.js';
import type { AuthorId } from '../../identity/identity.js';
import { actorOfOpId, authorOfActor } from './ids.js';
import { checkText } from './schema.js';

/** A festival's editable settings. */
export interface SettingsData {
	readonly name: string;
	readonly tz: string;
	readonly description?: string;
}

/** The author who made the festival's meta map (its creator, or a fork's maker); undefined if none. */
export function metaCreator(doc: FestivalDoc): AuthorId | undefined {
	const meta: unknown = doc.meta;
	if (typeof meta !== 'object' || meta === null) return undefined;
	const id = A.getObjectId(meta);
	const actor = id ? actorOfOpId(id) : undefined;
	return actor ? authorOfActor(actor) : undefined;
}

/**
 * Sets the resource (a ticket) an event's owner must hold for the event to count, or lifts
 * the rule (undefined), as `author`. Throws {@link NotCreatorError} unless `author` made the
 * meta map (PROTOCOL.md, "Festival access").
 */
export function setEventsNeed(
	d: FestivalDoc,
	author: AuthorId,
	resource: string | undefined
): void {
	if (metaCreator(d) !== author) throw new NotCreatorError();
	const meta = d.meta as unknown as Record<string, unknown>;
	if (resource) meta.eventsNeed = new A.ImmutableString(resource);
	else if ('eventsNeed' in meta) delete meta.eventsNeed;
}

/** Thrown when someone other than the festival's creator edits its settings. */
export class NotCreatorError extends Error {
	constructor() {
		super("only the festival's creator may change its name, time zone and description");
		this.name = 'NotCreatorError';
	}
}

/**
 * Replaces the festival's name, time zone and description (left out: removed), as `author`.
 * Throws {@link NotCreatorError} unless `author` made the meta map.
 */
export function updateSettings(d: FestivalDoc, author: AuthorId, s: SettingsData): void {
	if (metaCreator(d) !== author) throw new NotCreatorError();
	checkText('name', s.name);
	checkText('tz', s.tz);
	checkText('description', s.description);
	const meta = d.meta as unknown as Record<string, unknown>;
	meta.name = new A.ImmutableString(s.name);
	meta.tz = new A.ImmutableString(s.tz);
	if (s.description) meta.description = new A.ImmutableString(s.description);
	else if ('description' in meta) delete meta.description;
}
