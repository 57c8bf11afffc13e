/**
 * Test fixtures for the read model and policies: festival documents built directly with
 * Automerge, one actor per author and device, merged with `A.merge` as peers would. Edits go
 * straight into the document, so tests can also break the write rules on purpose.
 * @module
 */
import * as A from '@automerge/automerge';
import type { AuthorId } from '../../identity/identity.js';
import {
	addEvent,
	addResource,
	createFestivalDoc,
	decide,
	forkFestivalDoc,
	type FestivalDoc
} from '../document/doc.js';
import {
	shardOf,
	LARGE_SHARDS,
	type ActorId,
	type EventId,
	type FestivalId,
	type ResourceId
} from '../document/ids.js';
import type { DecisionData, EventData, ResourceData, TimeFrame } from '../document/schema.js';

export const ALICE = 'aa'.repeat(32) as AuthorId;
export const BOB = 'bb'.repeat(32) as AuthorId;
export const CAROL = 'cc'.repeat(32) as AuthorId;
export const MALLORY = 'ff'.repeat(32) as AuthorId;

/** The actor of an author's device (log id `device`). */
export function actor(author: AuthorId, device = 1): ActorId {
	return (author + device.toString(16).padStart(16, '0')) as ActorId;
}

type Doc = A.Doc<FestivalDoc>;

/**
 * A document as a careless or hostile peer may write it: any shape. Tests write through it
 * what honest writers never would (the typed {@link FestivalDoc} refuses it).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RawDoc = any;

/** One festival's document, edited by several authors and devices. */
export class Fest {
	readonly id: FestivalId;
	doc: Doc;

	/** A new festival made by `owner`'s device 99. */
	constructor(owner: AuthorId, name: string, parent?: FestivalId) {
		const made = createFestivalDoc(actor(owner, 99), {
			name,
			tz: 'Europe/Berlin',
			...(parent ? { parent } : {}),
			now: new Date('2026-01-01T00:00:00Z')
		});
		this.id = made.id;
		this.doc = made.doc;
	}

	/**
	 * A fork of this festival made by `who` at its current heads: a festival of its own, with
	 * this one's history (and `parent` as its parent, if given).
	 */
	forkFestival(who: AuthorId, name: string, parent?: FestivalId): Fest {
		const made = forkFestivalDoc(this.doc, this.id, actor(who, 98), {
			name,
			tz: 'Europe/Berlin',
			...(parent ? { parent } : {}),
			now: new Date('2026-01-01T00:00:00Z')
		});
		return Object.assign(Object.create(Fest.prototype) as Fest, { id: made.id, doc: made.doc });
	}

	/** A change by `who` on device `device`, merged in at once. */
	edit<T>(who: AuthorId, fn: (d: RawDoc) => T, device = 1): T {
		return this.merge(this.fork(who, device, fn));
	}

	/** A change by `who` on a copy (an offline device); merge it later with {@link merge}. */
	fork<T>(who: AuthorId, device: number, fn: (d: RawDoc) => T): { doc: Doc; out: T } {
		let out!: T;
		const doc = A.change(A.clone(this.doc, actor(who, device)), { message: this.id }, (d) => {
			out = fn(d as RawDoc);
		});
		return { doc, out };
	}

	/** Merges a copy made with {@link fork}. */
	merge<T>(copy: { doc: Doc; out: T }): T {
		this.doc = A.merge(A.clone(this.doc), copy.doc);
		return copy.out;
	}

	/** Adds a resource owned by `who` (a manual "Main hall" unless `r` says otherwise). */
	resource(who: AuthorId, r: Partial<ResourceData> = {}): ResourceId {
		return this.edit(who, (d) =>
			addResource(d, who, { name: 'Main hall', kind: 'location', policy: 'manual', ...r })
		);
	}

	/** Adds an event owned by `who`; requests name this festival unless they say otherwise. */
	event(
		who: AuthorId,
		frame: TimeFrame,
		requests: { resource: ResourceId; festival?: FestivalId; frame?: TimeFrame }[] = [],
		title = 'Talk'
	): EventId {
		const e: EventData = {
			title,
			start: frame.start,
			end: frame.end,
			tags: ['test'],
			requests: requests.map((r) => ({
				resource: r.resource,
				festival: r.festival ?? this.id,
				...(r.frame ? { frame: r.frame } : {})
			}))
		};
		return this.edit(who, (d) => addEvent(d, who, e));
	}

	/** The decision `who` writes (honest or not: it goes straight into the document). */
	decide(
		who: AuthorId,
		dec: Omit<DecisionData, 'at' | 'festival'> & { festival?: FestivalId },
		device = 1
	): void {
		this.edit(
			who,
			(d) => decide(d, { at: '2026-01-02T00:00:00Z', festival: this.id, ...dec }),
			device
		);
	}

	/** Moves an own event. */
	move(who: AuthorId, event: EventId, frame: TimeFrame): void {
		this.edit(who, (d) => {
			const ev = d.events[shardOf(event, LARGE_SHARDS)][event];
			ev.start = new A.ImmutableString(frame.start);
			ev.end = new A.ImmutableString(frame.end);
		});
	}
}

/** A frame on 2026-07-01 (a Wednesday) from `from` to `to` o'clock UTC. */
export function hours(from: number, to: number, day = '2026-07-01'): TimeFrame {
	const t = (h: number) => `${day}T${String(h).padStart(2, '0')}:00:00Z`;
	return { start: t(from), end: t(to) };
}

/** A tree of festival documents. */
export function tree(...fests: Fest[]): Map<FestivalId, FestivalDoc> {
	return new Map(fests.map((f) => [f.id, f.doc]));
}
