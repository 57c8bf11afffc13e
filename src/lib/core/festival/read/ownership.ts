/**
 * Ownership at read time (docs/DESIGN.md): the owner of a value is the author of the
 * Automerge object or op that made it, and a value someone else wrote at the same key (a
 * conflict) cannot hide the rightful one. What a forked log wrote counts for nothing.
 * @module
 */
import * as A from '@automerge/automerge';
import { CONTAINERS, type Container, type FestivalDoc } from '../document/doc.js';
import { actorOfOpId, authorOfActor, shardNames } from '../document/ids.js';
import { integrityOf } from '../ingest/integrity.js';
/** The author (public key hex) who made an op or object id; undefined for `_root`. */
export function authorOf(opId: string): string | undefined {
	const actor = actorOfOpId(opId);
	return actor ? authorOfActor(actor) : undefined;
}

export function objectIdOf(v: unknown): string | undefined {
	if (typeof v !== 'object' || v === null) return undefined;
	try {
		return A.getObjectId(v as A.Doc<unknown>) ?? undefined;
	} catch {
		return undefined;
	}
}

/** Automerge's own order of op ids: counter, then actor. */
function compareOpIds(a: string, b: string): number {
	const ca = parseInt(a, 10);
	const cb = parseInt(b, 10);
	return ca !== cb ? ca - cb : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The value at `key` made by an author `ok` accepts. The visible value is checked first; only
 * if its author is not acceptable are concurrent values (Automerge conflicts) searched, so a
 * value someone else wrote at the same key cannot hide the rightful one. `ignored` names the
 * author of a visible value that was passed over.
 */
export function owned(
	container: Record<string, unknown>,
	key: string,
	ok: (author: string) => boolean,
	isVoid: (id: string) => boolean = noVoid
): { value?: unknown; owner?: string; ignored?: string; voided?: true } {
	const visible = container[key];
	const id = objectIdOf(visible);
	const author = id ? authorOf(id) : undefined;
	const voided = id !== undefined && isVoid(id);
	if (author !== undefined && ok(author) && !voided) return { value: visible, owner: author };
	let all: Record<string, unknown> | undefined;
	try {
		all = A.getConflicts(container as A.Doc<unknown>, key) as Record<string, unknown> | undefined;
	} catch {
		all = undefined;
	}
	const best = Object.keys(all ?? {})
		.filter((op) => {
			const a = authorOf(op);
			return a !== undefined && ok(a) && !isVoid(op);
		})
		.sort(compareOpIds)
		.pop();
	if (best !== undefined)
		return {
			value: all![best],
			owner: authorOf(best)!,
			...(author !== undefined && !voided ? { ignored: author } : {})
		};
	if (voided) return { voided: true };
	return author !== undefined ? { ignored: author } : {};
}

/** The check of a festival with no forked log: nothing is void. */
export const noVoid = (): boolean => false;

/**
 * Whether an object or op id was made by a log this peer knows to be forked (integrity.ts):
 * what such a log wrote counts for nothing, whichever branch of it a peer holds.
 */
export function voidCheck(doc: FestivalDoc | undefined): (id: string) => boolean {
	const actors = doc ? integrityOf(doc)?.voidActors : undefined;
	if (!actors?.size) return noVoid;
	return (id) => actors.has(actorOfOpId(id) ?? '');
}

export function* keysOf(
	doc: FestivalDoc,
	c: Container
): Generator<[Record<string, unknown>, string]> {
	const container = doc[c] as Record<string, Record<string, unknown> | undefined> | undefined;
	if (!container || typeof container !== 'object') return;
	for (const s of shardNames(CONTAINERS[c])) {
		const m = container[s];
		if (m && typeof m === 'object') for (const k of Object.keys(m)) yield [m, k];
	}
}
