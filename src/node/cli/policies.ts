/**
 * Policies in the CLI: choosing one for a resource, and running the owner's policies after a
 * command brings in or makes requests ("a first-come-first-served resource is decided by its
 * owner's client whenever that client ingests new entries").
 * @module
 */
import {
	decide,
	type Festival,
	type FestivalDoc,
	type FestivalId,
	getPolicy,
	listPolicies,
	type PolicyDecision,
	runPolicies
} from '../../lib/core/index.js';
import type { Session } from './session.js';

/** Names accepted for `--policy` besides the registered ids. */
const ALIASES: Readonly<Record<string, string>> = {
	'first-come-first-served': 'first-come',
	fcfs: 'first-come'
};

/** The registered policy ids, for messages. */
export function policyChoices(): string[] {
	return listPolicies().map((p) => p.id);
}

/** The registered policy id for a `--policy` value, or undefined. */
export function policyFromCli(name: string): string | undefined {
	return getPolicy(ALIASES[name] ?? name)?.id;
}

/** The documents of the families of `festivals` (each with its ancestors and held descendants). */
export async function treeOf(
	s: Session,
	festivals: readonly Festival[]
): Promise<Map<FestivalId, FestivalDoc>> {
	const tree = new Map<FestivalId, FestivalDoc>();
	for (const f of festivals) for (const g of await s.family(f)) tree.set(g.id, g.doc);
	return tree;
}

/**
 * Runs the policies of this identity's resources over the trees of `festivals` and writes
 * their decisions, each in the festival holding its resource. Returns what was decided.
 */
export async function applyPolicies(
	s: Session,
	festivals: readonly Festival[],
	now = new Date()
): Promise<PolicyDecision[]> {
	const decisions = runPolicies(await treeOf(s, festivals), s.author, now);
	for (const d of decisions) {
		const holder = await s.open(d.resourceFestival);
		if (holder) await holder.change((doc) => decide(doc, d.decision));
	}
	return decisions;
}
