/**
 * Branded ids of the festival layer and how they are made.
 *
 * - A festival id is the hash of the festival's genesis change (64 hex): self-certifying, so a
 *   peer that has the id can tell the real genesis from a forged one.
 * - Resource and event ids are the first 16 hex characters of the author's public key followed
 *   by 16 random hex characters. The write rules require every new key in a shared container
 *   to start with its author's prefix, so no one can shadow another author's key.
 * - An actor id is the author's public key (64 hex) followed by the log id (16 hex): one actor
 *   per author, device and festival, bound to exactly one log.
 * @module
 */
import { randomBytes, toHex } from '../../bytes.js';
import type { AuthorId } from '../../identity/identity.js';

export type FestivalId = string & { readonly __brand: 'FestivalId' };
export type ResourceId = string & { readonly __brand: 'ResourceId' };
export type EventId = string & { readonly __brand: 'EventId' };
export type ActorId = string & { readonly __brand: 'ActorId' };

/** Length of the author prefix that starts every key an author adds to a shared container. */
export const AUTHOR_PREFIX_LENGTH = 16;

/** The prefix an author's keys in shared containers start with. */
export function authorPrefix(author: AuthorId | string): string {
	return author.slice(0, AUTHOR_PREFIX_LENGTH);
}

function newKey(author: AuthorId): string {
	return authorPrefix(author) + toHex(randomBytes(8));
}

/** A fresh resource id owned by `author`. */
export function newResourceId(author: AuthorId): ResourceId {
	return newKey(author) as ResourceId;
}

/** A fresh event id owned by `author`. */
export function newEventId(author: AuthorId): EventId {
	return newKey(author) as EventId;
}

const ID = /^[0-9a-f]{32}$/;
const FESTIVAL = /^[0-9a-f]{64}$/;

/** Brands a string as a resource or event id if it has the right shape. */
export function parseItemId<T extends ResourceId | EventId>(s: string): T | undefined {
	return ID.test(s) ? (s as T) : undefined;
}

/** Brands a string as a festival id if it is 64 lower-case hex characters. */
export function parseFestivalId(s: string): FestivalId | undefined {
	return FESTIVAL.test(s) ? (s as FestivalId) : undefined;
}

/** The actor id of a log: author key hex plus the log id as 16 hex digits. */
export function actorFor(author: AuthorId, logId: bigint): ActorId {
	return (author + logId.toString(16).padStart(16, '0')) as ActorId;
}

/** The author (public key hex) an actor id belongs to. */
export function authorOfActor(actor: string): AuthorId {
	return actor.slice(0, 64) as AuthorId;
}

/** The actor of an Automerge op id or object id (`counter@actor`); undefined for `_root`. */
export function actorOfOpId(opId: string): string | undefined {
	const at = opId.indexOf('@');
	return at < 0 ? undefined : opId.slice(at + 1);
}

/** Number of shards of the large containers (events, decisions). */
export const LARGE_SHARDS = 64;
/** Number of shards of the small containers (resources, children). */
export const SMALL_SHARDS = 16;

/** The shard a key lives in: from its last two hex digits (the random part). */
export function shardOf(key: string, shards: number): string {
	const n = parseInt(key.slice(-2), 16);
	return ((Number.isNaN(n) ? 0 : n) % shards).toString(16).padStart(2, '0');
}

/** All shard names for a container of `shards` shards. */
export function shardNames(shards: number): string[] {
	return Array.from({ length: shards }, (_, i) => i.toString(16).padStart(2, '0'));
}
