/**
 * The tree model behind the read model's views (views.ts): every festival document of a tree parsed
 * and validated, every request resolved to the resource it names, the resource owner's
 * decision applied, and overbooking turned into conflicts. A pure function of the documents:
 * every peer holding the same documents computes the same model.
 *
 * Ownership (docs/DESIGN.md, "Ownership at read time"): the owner of a resource or event is the creator
 * of its Automerge object (`counter@actor`, the actor names the author). A decision counts
 * only if the resource's owner created it; a request only if the event's owner created it.
 * These checks do not rely on the write rules: a document built around them is read the same.
 *
 * One resource is one resource, however many festivals of the tree hold a copy of it (a fork
 * holds its original's history): a request is resolved to the festival of its own ancestry
 * that holds the resource, and a festival's copy of something an ancestor of it holds (a
 * sub-festival forked from its own parent) is not a second one: it is left out, with a problem.
 * Conflicts are computed over every request for a resource in the whole tree; copies of one
 * event (the same event id in a fork and its original) count as one event.
 * @module
 */
import { applyDecision } from './decisions.js';
import type { FestivalId, ResourceId } from '../document/ids.js';
import { applyRequirements, applyTickets, markConflicts } from './access.js';
import { capacityCount } from '../../model/resource.js';
import type { Withdrawal } from '../../model/event.js';
import { withGroupClaims } from './group-decisions.js';
import { readGroups } from './groups.js';
import { inside } from './instant.js';
import { parseFestivalSteps } from './parse-festival.js';
import { finish, STEP, type Steps } from './steps.js';

export { parseFestival } from './parse-festival.js';

export { occupancy, overloaded, touches } from './occupancy.js';
export { voidCheck } from './ownership.js';

export type * from './tree-types.js';
import type { FestivalModel, FestivalTree, RequestState, TreeModel } from './tree-types.js';

/** The festival itself, its parent, the parent's parent... as far as the tree holds them. */
export function ancestry(
	festivals: ReadonlyMap<FestivalId, FestivalModel>,
	id: FestivalId
): FestivalId[] {
	const out: FestivalId[] = [];
	let cur: FestivalId | undefined = id;
	while (cur !== undefined && !out.includes(cur)) {
		out.push(cur);
		cur = festivals.get(cur)?.meta?.parent;
	}
	return out;
}

/** The festivals a festival's copied history may name for itself: it and what it was forked from. */
function forkChain(
	festivals: ReadonlyMap<FestivalId, FestivalModel>,
	id: FestivalId
): Set<FestivalId> {
	const out = new Set<FestivalId>();
	let cur: FestivalId | undefined = id;
	while (cur !== undefined && !out.has(cur)) {
		out.add(cur);
		cur = festivals.get(cur)?.meta?.forkedFrom?.festival;
	}
	return out;
}

/**
 * The festival whose copy of a resource a request from festival `from` uses: the festival of
 * `from`'s ancestry (itself, its parent, ...) that holds it, whatever festival the request
 * names (a fork's copied requests name the original). Copies of an ancestor's resource are
 * left out of the festivals below it ({@link dropCopies}), so at most one festival of an
 * ancestry holds a resource. Undefined if none does.
 */
function resolve(
	festivals: ReadonlyMap<FestivalId, FestivalModel>,
	from: FestivalId,
	resource: ResourceId,
	/** Ancestries already found in this read, by festival (filled here). */
	lines: Map<FestivalId, FestivalId[]>
): FestivalId | undefined {
	let line = lines.get(from);
	if (!line) lines.set(from, (line = ancestry(festivals, from)));
	return line.find(
		(f) => festivals.get(f)?.resources.has(resource) || festivals.get(f)?.removed.has(resource)
	);
}

/**
 * Leaves out of each festival the resources and events a proper ancestor of it holds under
 * the same id: ids name their author and are random, so the same id below an ancestor is a
 * copy of the ancestor's (a sub-festival forked from its own parent holds the parent's
 * history), not a second resource or event. Each is listed as a problem.
 */
function dropCopies(festivals: Map<FestivalId, FestivalModel>): void {
	for (const f of [...festivals.values()]) {
		const above = ancestry(festivals, f.id)
			.slice(1)
			.map((id) => festivals.get(id))
			.filter((a): a is FestivalModel => a !== undefined);
		if (!above.length) continue;
		const holder = (pick: (a: FestivalModel) => ReadonlyMap<string, unknown>[], id: string) =>
			above.find((a) => pick(a).some((m) => m.has(id)));
		const problems = [...f.problems];
		const keep = <K extends string, V>(
			items: ReadonlyMap<K, V>,
			pick: (a: FestivalModel) => ReadonlyMap<string, unknown>[],
			what: string,
			where: string
		) => {
			const out = new Map<K, V>();
			for (const [id, v] of items) {
				const a = holder(pick, id);
				if (a)
					problems.push({
						festival: f.id,
						where: `${where}/${id}`,
						reason: `a copy of the ${what} ${a.id.slice(0, 8)} holds (an ancestor): that one counts`
					});
				else out.set(id, v);
			}
			return out;
		};
		const ofResources = (a: FestivalModel) => [a.resources, a.removed];
		festivals.set(f.id, {
			...f,
			resources: keep(f.resources, ofResources, 'resource', 'resources'),
			removed: keep(f.removed, ofResources, 'resource', 'resources'),
			events: keep(f.events, (a) => [a.events], 'event', 'events'),
			problems
		});
	}
}

/** Marks a request its requester withdrew; the withdrawal joins its history by time. */
function withdraw(q: RequestState, w: Withdrawal, by: string): void {
	q.status = 'withdrawn';
	q.reason = w.reason ?? 'withdrawn by its requester';
	const entry = {
		by,
		at: w.at,
		verdict: 'withdraw' as const,
		frame: q.frame,
		...(w.reason !== undefined ? { reason: w.reason } : {})
	};
	const i = q.history.findIndex((h) => Date.parse(h.at) > Date.parse(w.at));
	if (i < 0) q.history.push(entry);
	else q.history.splice(i, 0, entry);
}

/** Builds the tree model: parse, resolve requests, apply decisions, find conflicts. */
export function buildTree(docs: FestivalTree): TreeModel {
	return finish(buildTreeSteps(docs));
}

/** {@link buildTree} in steps (see steps.ts): it may pause every {@link STEP} events. */
export function* buildTreeSteps(docs: FestivalTree): Steps<TreeModel> {
	const festivals = new Map<FestivalId, FestivalModel>();
	for (const [id, doc] of [...docs].sort(([a], [b]) => (a < b ? -1 : 1)))
		festivals.set(id, yield* parseFestivalSteps(id, doc));
	dropCopies(festivals);
	const groups = readGroups(docs, (f) => festivals.get(f)?.problems);
	withGroupClaims(festivals, groups);
	const requests: RequestState[] = [];
	const byResource = new Map<ResourceId, RequestState[]>();
	// Per festival, once a read: its ancestry and its fork chain.
	const lines = new Map<FestivalId, FestivalId[]>();
	const chains = new Map<FestivalId, Set<FestivalId>>();
	const chainOf = (f: FestivalId) => {
		let c = chains.get(f);
		if (!c) chains.set(f, (c = forkChain(festivals, f)));
		return c;
	};
	const capacity = new Map<ResourceId, number>();
	let n = 0;
	for (const f of festivals.values()) {
		for (const e of f.events.values()) {
			if (++n % STEP === 0) yield;
			for (const r of e.requests) {
				const rf = resolve(festivals, f.id, r.resource, lines);
				const q: RequestState = {
					festival: f.id,
					event: e.id,
					resource: r.resource,
					named: r.festival,
					resourceFestival: rf,
					frame: r.frame ?? { start: e.start, end: e.end },
					status: 'pending',
					history: []
				};
				requests.push(q);
				// A request holds a resource only within its event's frame (or it would make an
				// all-day event read "confirmed" for a minute on another day).
				if (r.frame && !inside(r.frame, e)) {
					q.status = 'denied';
					q.reason = "its time frame is not within the event's";
					continue;
				}
				const res = rf ? festivals.get(rf)?.resources.get(r.resource) : undefined;
				const gone = rf ? festivals.get(rf)?.removed.get(r.resource) : undefined;
				if (gone) {
					q.status = 'denied';
					q.reason = `“${gone.name}” was removed by its owner`;
					continue;
				}
				if (!rf || !res) {
					q.reason =
						festivals.has(r.festival) && !rf
							? 'the resource is not in this festival or an ancestor'
							: 'resource not found';
					continue;
				}
				applyDecision(docs, festivals, q, res, chainOf(q.festival), groups);
				if (r.withdrawn) withdraw(q, r.withdrawn, e.owner);
				if (q.status === 'withdrawn') continue; // holds nothing
				const list = byResource.get(r.resource);
				if (list) list.push(q);
				else byResource.set(r.resource, [q]);
				capacity.set(
					r.resource,
					Math.min(capacity.get(r.resource) ?? Infinity, capacityCount(res.capacity))
				);
			}
		}
	}
	const resourceOf = (q: RequestState) =>
		q.resourceFestival ? festivals.get(q.resourceFestival)?.resources.get(q.resource) : undefined;
	const named = (id: ResourceId) => {
		for (const f of festivals.values()) {
			const r = f.resources.get(id) ?? f.removed.get(id);
			if (r) return { name: r.name, removed: !f.resources.has(id) };
		}
		return undefined;
	};
	// What holds nothing: requests waiting for the resources theirs requires, and the requests of
	// events whose owner holds no ticket the festival needs (access.ts).
	const leaveOut = (out: ReadonlySet<RequestState>) => {
		for (const [rid, list] of byResource) {
			const kept = list.filter((q) => !out.has(q));
			if (kept.length !== list.length) byResource.set(rid, kept);
		}
	};
	yield;
	leaveOut(applyRequirements(requests, resourceOf, named));
	const unadmitted = applyTickets({ festivals, requests, byResource, capacity, named, groups });
	if (unadmitted.size)
		leaveOut(new Set(requests.filter((q) => unadmitted.has(`${q.festival}/${q.event}`))));
	// No double booking, anywhere in the tree: accepted requests of a resource overlapping
	// beyond its capacity are all conflicts (an event's copies count once).
	yield;
	markConflicts(byResource, capacity);
	yield;
	// A requirement in conflict is not accepted: what requires it waits (it was counted above).
	leaveOut(applyRequirements(requests, resourceOf, named));
	return { festivals, requests, byResource, capacity, unadmitted, groups };
}
