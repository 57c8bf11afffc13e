/**
 * Parsing one festival document for the tree model (tree-model.ts): meta, owned resources and
 * events, listed children and profiles, each checked for who made it (ownership.ts).
 * @module
 */
import type { FestivalDoc } from '../document/doc.js';
import {
	authorPrefix,
	parseItemId,
	type EventId,
	type FestivalId,
	type ResourceId
} from '../document/ids.js';
import { integrityOf } from '../ingest/integrity.js';
import { creatorOf, creatorText } from './access.js';
import { readChild, type ChildData } from '../../model/meta.js';
import { readProfile, type ProfileData } from '../../model/profile.js';
import { groupKeyId } from '../../model/group.js';
import { readMeta, readResource } from '../document/schema.js';
import { readOwnedEvent } from './event-read.js';
import { owned, voidCheck, keysOf } from './ownership.js';
import { finish, STEP, type Steps } from './steps.js';
import type { FestivalModel, OwnedEvent, OwnedResource, ReadProblem } from './tree-types.js';

const short = (author: string) => author.slice(0, 8);
/** A key of `children` that holds a profile: a public key (64 hex). */
const PERSON_KEY = /^[0-9a-f]{64}$/;

/** Parses one festival document: meta, owned resources and events, listed children. */
export function parseFestival(id: FestivalId, doc: FestivalDoc): FestivalModel {
	return finish(parseFestivalSteps(id, doc));
}

/** {@link parseFestival} in steps (see steps.ts): it may pause every {@link STEP} events. */
export function* parseFestivalSteps(id: FestivalId, doc: FestivalDoc): Steps<FestivalModel> {
	const problems: ReadProblem[] = [];
	const problem = (where: string, reason: string) => problems.push({ festival: id, where, reason });
	const m = readMeta(doc.meta);
	if (!m.ok) problem('meta', m.error.reason);
	const creator = creatorOf(doc);
	let meta = m.ok ? m.value : undefined;
	if (meta?.eventsNeed) {
		// Counts only as the creator wrote it (a value by anyone else is passed over).
		const own = creatorText(doc, 'eventsNeed', creator);
		const { eventsNeed: _, ...rest } = meta;
		const rid = own.value !== undefined ? parseItemId<ResourceId>(own.value) : undefined;
		meta = rid ? { ...rest, eventsNeed: rid } : rest;
		if (own.ignored) problem('meta/eventsNeed', "not set by the festival's creator: ignored");
	}
	const byKeyAuthor = (key: string) => (a: string) => key.startsWith(authorPrefix(a));
	const isVoid = voidCheck(doc);
	// Reads of events are kept by object while no log of this festival is known forked.
	const cache = !integrityOf(doc)?.voidActors?.size;
	for (const n of integrityOf(doc)?.notes ?? []) problem(n.where, n.reason);
	const voidedWhy = 'made by a log its author signed twice (forked): ignored';

	const resources = new Map<ResourceId, OwnedResource>();
	const removed = new Map<ResourceId, OwnedResource>();
	/**
	 * The items of a container that pass the checks every item passes (an id of the right form,
	 * made by the author its id names, not by a forked log); each failure is a problem.
	 */
	function* ownedItems<Id extends ResourceId | EventId>(
		c: 'resources' | 'events',
		what: string,
		shape: string
	): Generator<{ where: string; id: Id; value: unknown; owner: string }> {
		for (const [container, key] of keysOf(doc, c)) {
			const where = `${c}/${key}`;
			const id = parseItemId<Id>(key);
			if (!id) {
				problem(where, `not ${what} id`);
				continue;
			}
			const o = owned(container, key, byKeyAuthor(key), isVoid);
			if (o.voided) problem(where, voidedWhy);
			else if (o.owner === undefined)
				problem(
					where,
					o.ignored ? `made by ${short(o.ignored)}, not the author its id names` : shape
				);
			else yield { where, id, value: o.value, owner: o.owner };
		}
	}

	for (const { where, id: rid, ...o } of ownedItems<ResourceId>(
		'resources',
		'a resource',
		'a resource must be a map'
	)) {
		const r = readResource(o.value);
		if (!r.ok) {
			problem(where, r.error.reason);
			continue;
		}
		(r.value.removed ? removed : resources).set(rid, { ...r.value, id: rid, owner: o.owner });
	}

	const events = new Map<EventId, OwnedEvent>();
	let n = 0;
	for (const { where, id: eid, ...o } of ownedItems<EventId>(
		'events',
		'an event',
		'an event must be a map'
	)) {
		if (++n % STEP === 0) yield;
		const r = readOwnedEvent(id, where, eid, o.value, o.owner, isVoid, cache);
		for (const p of r.problems) problem(p.where, p.reason);
		if (r.event) events.set(eid, r.event);
	}

	const listedChildren: ChildData[] = [];
	const people = new Map<string, ProfileData>();
	for (const [container, key] of keysOf(doc, 'children')) {
		if (groupKeyId(key)) continue; // a group record (groups.ts)
		if (PERSON_KEY.test(key)) {
			// A profile counts only if the key's own author made it (PROTOCOL.md, "People").
			const o = owned(container, key, (a) => a === key, isVoid);
			const p = o.owner === key ? readProfile(o.value) : undefined;
			if (p) people.set(key, p);
			else problem(`children/${key}`, o.voided ? voidedWhy : 'not a profile of its key');
			continue;
		}
		const child = readChild(container[key]);
		if (!child) {
			problem(`children/${key}`, 'a child names a festival id');
			continue;
		}
		listedChildren.push(child);
	}
	return {
		id,
		meta,
		...(creator !== undefined ? { creator } : {}),
		resources,
		removed,
		events,
		listedChildren,
		people,
		problems
	};
}
