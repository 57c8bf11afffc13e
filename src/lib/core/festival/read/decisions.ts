/**
 * Applying the resource owner's decision to a request (tree-model.ts), with its history.
 * Only what the resource's owner made counts: the decision map at the request's key, its
 * `history` list and every entry in it must be objects the owner created; anything else found
 * there (a forged entry, a list someone else put in) is left out, with a problem. A decision
 * written before histories existed is a history of one.
 * @module
 */
import { CONTAINERS, decisionKey, type FestivalDoc } from '../document/doc.js';
import { shardOf, type FestivalId } from '../document/ids.js';
import { readDecision, readDecisionEntry, type DecisionData } from '../document/schema.js';
import { sameFrame } from './instant.js';
import { authorOf, noVoid, objectIdOf, owned, voidCheck } from './ownership.js';
import { applyGroupDecision } from './group-decisions.js';
import type { GroupIndex } from './groups.js';
import type {
	FestivalModel,
	FestivalTree,
	HistoryEntry,
	OwnedResource,
	RequestState
} from './tree-types.js';

const short = (author: string) => author.slice(0, 8);

/** The entries of a decision's `history` the owner made, oldest first; problems for the rest. */
function earlier(
	value: unknown,
	owner: string,
	isVoid: (id: string) => boolean,
	problem: (reason: string) => void
): HistoryEntry[] {
	const list = (value as { history?: unknown }).history;
	if (list === undefined) return [];
	const listId = objectIdOf(list);
	if (!Array.isArray(list) || !listId || authorOf(listId) !== owner || isVoid(listId)) {
		problem("history not made by the resource's owner: ignored");
		return [];
	}
	const out: HistoryEntry[] = [];
	list.forEach((item: unknown, i) => {
		const id = objectIdOf(item);
		const by = id ? authorOf(id) : undefined;
		if (!id || by !== owner || isVoid(id))
			return problem(`history entry ${i} by ${short(by ?? '?')} ignored: not the resource's owner`);
		const e = readDecisionEntry(item);
		if (!e.ok) return problem(`history entry ${i}: ${e.error.reason}`);
		out.push({ by: owner, ...e.value });
	});
	return out;
}

/** What reading a decision its resource's owner made gave (kept by object, below). */
interface DecisionRead {
	readonly decision?: DecisionData;
	readonly earlier: readonly HistoryEntry[];
	readonly problems: readonly string[];
}

/**
 * Reads of decisions by their Automerge object and owner: Automerge keeps an unchanged object
 * from one version of a document to the next, so a tree read again reads only the decisions
 * that changed. Kept only while no log of the festival is known forked (what counts then
 * depends on more than the object).
 */
const kept = new WeakMap<object, DecisionRead & { owner: string }>();

function readOwned(value: unknown, owner: string, isVoid: (id: string) => boolean): DecisionRead {
	const problems: string[] = [];
	const d = readDecision(value);
	if (!d.ok) return { earlier: [], problems: [d.error.reason] };
	const before = earlier(value, owner, isVoid, (reason) => void problems.push(reason));
	return { decision: d.value, earlier: before, problems };
}

/** Applies the owner's decision (if any) to a request, and fills its history. */
export function applyDecision(
	docs: FestivalTree,
	model: ReadonlyMap<FestivalId, FestivalModel>,
	q: RequestState,
	res: OwnedResource,
	/** The festivals whose events a decision of this request may name (the event's fork chain). */
	names: ReadonlySet<FestivalId>,
	/** The tree's groups: a group-owned resource is decided by its members (group-decisions.ts). */
	groups?: GroupIndex
): void {
	if (res.group !== undefined) return applyGroupDecision(groups, q, res, names);
	const rf = q.resourceFestival!;
	const key = decisionKey(q.resource, q.event);
	const doc: FestivalDoc | undefined = docs.get(rf);
	const shard = (doc?.decisions as Record<string, Record<string, unknown>> | undefined)?.[
		shardOf(key, CONTAINERS.decisions)
	];
	if (!shard || typeof shard !== 'object' || shard[key] === undefined) return;
	const where = `decisions/${key}`;
	const problem = (reason: string) => model.get(rf)!.problems.push({ festival: rf, where, reason });
	const isVoid = voidCheck(doc);
	const o = owned(shard, key, (a) => a === res.owner, isVoid);
	if (o.voided) return void problem('made by a log its author signed twice (forked): ignored');
	if (o.ignored) problem(`decision by ${short(o.ignored)} ignored: not the resource's owner`);
	if (o.owner === undefined) return;
	const cache = isVoid === noVoid && typeof o.value === 'object' && o.value !== null;
	let r = cache ? kept.get(o.value as object) : undefined;
	if (!r || r.owner !== o.owner) {
		r = { ...readOwned(o.value, o.owner, isVoid), owner: o.owner };
		if (cache) kept.set(o.value as object, r);
	}
	for (const reason of r.problems) problem(reason);
	const dec = r.decision;
	if (!dec) return;
	if (dec.resource !== q.resource || dec.event !== q.event)
		return void problem('decision fields do not match its key');
	if (!names.has(dec.festival)) return; // about an event of another festival
	const { verdict, frame, at } = dec;
	const latest: HistoryEntry = {
		by: o.owner,
		verdict,
		frame,
		at,
		...(dec.reason !== undefined ? { reason: dec.reason } : {})
	};
	q.history.push(...r.earlier, latest);
	if (!sameFrame(dec.frame, q.frame)) {
		q.reason = 'the time frame changed since the owner decided';
		return;
	}
	q.status = verdict === 'accept' ? 'accepted' : verdict === 'deny' ? 'denied' : 'withdrawn';
	if (dec.reason !== undefined) q.reason = dec.reason;
}
