/**
 * Writing decisions and withdrawals (the writers doc.ts calls). A decision lives under the
 * key `<ResourceId><EventId>` of `decisions`, which starts with the resource owner's prefix, so
 * only the owner writes there (rules.ts). Changing a decision keeps the earlier ones: the
 * owner's map is updated in place and what it said before is appended to its `history` list
 * (oldest first), all inside the owner's own object. A requester's withdrawal is written in the
 * request itself, inside the event owner's object.
 * @module
 */
import * as A from '@automerge/automerge';
import type { StoredDecision, StoredDecisionEntry, StoredRequest } from '../../model/doc.js';
import { actorOfOpId, authorOfActor, authorPrefix, type ResourceId } from './ids.js';
import { checkText, str, type DecisionData } from './schema.js';

const S = (s: string) => new A.ImmutableString(s);

function creatorOf(v: unknown): string | undefined {
	if (typeof v !== 'object' || v === null) return undefined;
	try {
		const id = A.getObjectId(v as A.Doc<unknown>);
		return id ? authorOfActor(actorOfOpId(id) ?? '') : undefined;
	} catch {
		return undefined;
	}
}

/** Whether `v` is a map the owner of `resource` made (its creator has the resource's prefix). */
function ownersMap(v: unknown, resource: ResourceId): v is Record<string, unknown> {
	const by = creatorOf(v);
	return by !== undefined && resource.startsWith(authorPrefix(by));
}

function entryOf(dec: DecisionData): StoredDecisionEntry {
	return {
		verdict: S(dec.verdict),
		at: S(dec.at),
		start: S(dec.frame.start),
		end: S(dec.frame.end),
		...(dec.reason ? { reason: S(dec.reason) } : {})
	};
}

/**
 * Writes the owner's decision at `key` of a `decisions` shard. An earlier decision of the
 * owner's stays: its map is kept, what it said is appended to `history`, and its fields are
 * set to the new decision. Anything else at the key is replaced by a new map.
 */
export function writeDecision(
	shard: Record<string, unknown>,
	key: string,
	dec: DecisionData
): void {
	checkText('reason', dec.reason);
	const cur = shard[key];
	const fresh: StoredDecision = {
		resource: S(dec.resource),
		event: S(dec.event),
		festival: S(dec.festival),
		...entryOf(dec)
	};
	if (!ownersMap(cur, dec.resource)) {
		shard[key] = fresh;
		return;
	}
	const before: Record<string, A.ImmutableString> = {};
	for (const k of ['verdict', 'at', 'start', 'end', 'reason'] as const) {
		const s = str(cur[k]);
		if (s !== undefined) before[k] = S(s);
	}
	if (!Array.isArray(cur.history) || !ownersMap(cur.history, dec.resource)) cur.history = [];
	(cur.history as unknown[]).push(before);
	if (!dec.reason) delete cur.reason;
	Object.assign(cur, fresh);
}

/** Marks a request (a map of the event owner's) as withdrawn by its requester. */
export function writeWithdrawal(req: StoredRequest, at: string, reason?: string): void {
	checkText('reason', reason);
	req.withdrawn = { at: S(at), ...(reason ? { reason: S(reason) } : {}) };
}
