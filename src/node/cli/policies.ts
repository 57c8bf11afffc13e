/**
 * Policies in the CLI: choosing one for a resource. Running them is the festival host's
 * (the session's): after a command's change or the entries it imports, the owner's
 * policies decide ("a first-come-first-served resource is decided by its owner's client
 * whenever that client ingests new entries").
 * @module
 */
import { getPolicy, listPolicies } from '../../lib/core/index.js';

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
