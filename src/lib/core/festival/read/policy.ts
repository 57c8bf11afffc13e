/**
 * Authorization policies: code that runs in a resource owner's client and turns pending
 * requests into decisions (docs/DESIGN.md, "Policies"). A registry with one interface, so a new
 * policy plugs in with {@link registerPolicy} and nothing else changes.
 *
 * Shipped: `first-come` (first-come-first-served: accept when the resource is free and
 * available for the frame, deny otherwise with the reason) and `manual` (leave everything to
 * the owner's inbox). {@link runPolicies} applies them; the caller writes the decisions it
 * returns with `decide()` (doc.ts) in the festival holding each resource.
 * @module
 */
import { instant } from './instant.js';
import type { FestivalId } from '../document/ids.js';
import {
	freeAt,
	inbox,
	readTree,
	type EventView,
	type FreeResult,
	type ResourceView,
	type TreeInput,
	type TreeModel
} from './views.js';
import type { DecisionData, TimeFrame, Verdict } from '../document/schema.js';
import { toInstant } from '../document/schema.js';
import type { GroupNode } from '../../model/group.js';
import { groupDecider } from './group-decider.js';
import { mayDecideAny } from './decides.js';

/** A request waiting for a decision, as a policy sees it. */
export interface PendingRequest {
	/** The festival holding the event. */
	readonly festival: FestivalId;
	readonly event: EventView;
	/** The festival holding the resource. */
	readonly resourceFestival: FestivalId;
	readonly resource: ResourceView;
	/** The frame requested (the event's own unless the request names another). */
	readonly frame: TimeFrame;
}

/** What a policy may look at besides the request. */
export interface PolicyContext {
	/** The resource owner the policy runs for (public key hex). */
	readonly me: string;
	readonly now: Date;
	/** The whole tree, as read before this run. */
	readonly tree: TreeModel;
	/**
	 * Whether the request's resource is free for a frame (default: the request's), counting the
	 * requests accepted earlier in this same run.
	 */
	free(frame?: TimeFrame): FreeResult;
}

/** A policy's answer: accept or deny (with a reason a person can read). */
export interface PolicyVerdict {
	readonly verdict: Verdict;
	readonly reason?: string;
}

/** An authorization policy. */
export interface Policy {
	/** Stable id, stored in resources (`policy`). */
	readonly id: string;
	/** A name for people. */
	readonly label: string;
	/** Decides a pending request, or returns undefined to leave it to the owner. */
	decide(req: PendingRequest, ctx: PolicyContext): PolicyVerdict | undefined;
}

const registry = new Map<string, Policy>();

/**
 * Registers a policy. Registering the same object again is harmless; another policy under a
 * taken id is an error. Returns a function that unregisters it.
 */
export function registerPolicy(p: Policy): () => void {
	const had = registry.get(p.id);
	if (had && had !== p) throw new Error(`a policy ${JSON.stringify(p.id)} is already registered`);
	registry.set(p.id, p);
	return () => {
		if (registry.get(p.id) === p) registry.delete(p.id);
	};
}

/** The policy registered under an id. */
export function getPolicy(id: string): Policy | undefined {
	return registry.get(id);
}

/** Every registered policy, in registration order. */
export function listPolicies(): Policy[] {
	return [...registry.values()];
}

/** First-come-first-served: accept when free and available, deny with the reason otherwise. */
export const firstCome: Policy = {
	id: 'first-come',
	label: 'First come, first served',
	decide(_req, ctx) {
		const free = ctx.free();
		if (free.free) return { verdict: 'accept' };
		if (free.reason === 'unknown resource') return undefined;
		return { verdict: 'deny', reason: free.reason };
	}
};

/** Manual: the owner decides every request in the inbox. */
export const manual: Policy = {
	id: 'manual',
	label: 'Manual (the owner decides)',
	decide: () => undefined
};

registerPolicy(firstCome);
registerPolicy(manual);

/** The policy named in {@link PolicyDecision} when an owner's own request is accepted at once. */
export const OWN_REQUEST = 'own-request';

/** A decision a policy made, and where to write it. */
export interface PolicyDecision {
	/** The festival holding the resource: write the decision there with `decide()`. */
	readonly resourceFestival: FestivalId;
	/** The policy that made it. */
	readonly policy: string;
	readonly decision: DecisionData;
	/** For a group's resource: the member's decision node to write instead (groups.ts). */
	readonly node?: GroupNode;
}

/**
 * Runs the policies of `me`'s resources (and of the groups' resources `me` decides for as a
 * member) over their pending requests in the tree and returns
 * the decisions to write. Deterministic: requests are taken by event start, then event id,
 * then resource id, and a request accepted earlier in the run holds the resource for the
 * later ones, so two overlapping requests are never both accepted (an accept that would
 * overbook becomes a deny with the reason "taken", whatever the policy). Requests in conflict are
 * left to the owner. A policy that is unknown here or throws decides nothing.
 */
export function runPolicies(tree: TreeInput, me: string, now: Date): PolicyDecision[] {
	// Owning nothing here (and in no group), `me` decides nothing: the tree is not read.
	if (!('festivals' in tree && 'byResource' in tree) && !mayDecideAny(tree, me)) return [];
	const model = readTree(tree);
	const at = toInstant(now) ?? now.toISOString();
	const pending = inbox(model, me)
		.filter((i) => i.request.status === 'pending')
		.sort(
			(a, b) =>
				instant(a.event.start) - instant(b.event.start) ||
				(a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0) ||
				(a.resource.id < b.resource.id ? -1 : a.resource.id > b.resource.id ? 1 : 0)
		);
	// Frames accepted earlier in this run, per resource (one resource across the tree), with their events.
	const acceptedInRun = new Map<string, { event: string; frame: TimeFrame }[]>();
	const out: PolicyDecision[] = [];
	const asMember = groupDecider(model.groups, me);
	for (const item of pending) {
		const own = item.event.owner === me;
		const policy = registry.get(item.resource.policy);
		if (!own && !policy) continue;
		const key = item.resource.id;
		// Copies of this event (a fork and its original) are the same event: they never make it wait.
		const ignore = { festival: item.festival, event: item.event.id };
		const extra = (acceptedInRun.get(key) ?? [])
			.filter((x) => x.event !== item.event.id)
			.map((x) => x.frame);
		const req: PendingRequest = {
			festival: item.festival,
			event: item.event,
			resourceFestival: item.resourceFestival,
			resource: item.resource,
			frame: item.frame
		};
		const ctx: PolicyContext = {
			me,
			now,
			tree: model,
			free: (frame = item.frame) =>
				freeAt(model, item.resource.id, frame, { festival: item.resourceFestival, ignore, extra })
		};
		let v: PolicyVerdict | undefined;
		let by = OWN_REQUEST;
		const taken = () =>
			freeAt(model, item.resource.id, item.frame, {
				festival: item.resourceFestival,
				ignore,
				extra,
				ignoreAvailability: true
			});
		if (own && taken().free) v = { verdict: 'accept' };
		else {
			if (!policy) continue;
			by = policy.id;
			try {
				v = policy.decide(req, ctx);
			} catch {
				v = undefined;
			}
		}
		// Policies accept or deny; taking back is for people.
		if (!v || (v.verdict !== 'accept' && v.verdict !== 'deny')) continue;
		// Whatever a policy says, a run never double books.
		if (v.verdict === 'accept') {
			const now = taken();
			if (!now.free) v = { verdict: 'deny', reason: now.reason };
		}
		if (v.verdict === 'accept')
			acceptedInRun.set(key, [
				...(acceptedInRun.get(key) ?? []),
				{ event: item.event.id, frame: item.frame }
			]);
		const decision: DecisionData = {
			resource: item.resource.id,
			event: item.event.id,
			festival: item.festival,
			verdict: v.verdict,
			frame: item.frame,
			at,
			...(v.reason !== undefined ? { reason: v.reason } : {})
		};
		const node = asMember(item.resource, decision);
		out.push({
			resourceFestival: item.resourceFestival,
			policy: by,
			decision,
			...(node ? { node } : {})
		});
	}
	return out;
}
