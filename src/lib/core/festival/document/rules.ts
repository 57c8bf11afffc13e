/**
 * Write rules, checked on ingest for every change before it is applied (docs/DESIGN.md, "Write
 * rules"). They read only the decoded change (`Automerge.decodeChange(...).ops`): op ids,
 * object ids and pred ids all carry their actor, and an actor names its author. So every
 * honest peer decides the same without looking at its document.
 *
 * An author may:
 * - add a new key to a shared container (the maps made by a genesis change under
 *   `resources`, `events`, `decisions`, `children`, and their shards) if the key starts with
 *   the author's prefix (ids.ts), so no one can shadow another author's key;
 * - overwrite or delete a value in a shared container only if it made that value;
 * - do anything inside an object it created.
 * Nothing else: no writes to the root, none inside another author's object.
 *
 * A genesis change (message `festival-genesis`; the change a festival id names) defines the
 * festival and has a rule of its own ({@link checkGenesis}): it may make the root keys `meta`
 * and the shared containers (as maps) and write inside objects it makes itself, nothing else.
 * A genesis with dependencies sits on another festival's history (a fork): it must say so,
 * its `meta.forkedFrom` naming a festival and exactly those dependencies as `heads`.
 * @module
 */
import type * as A from '@automerge/automerge';
import { err, ok, type Result } from '../../result.js';
import { actorOfOpId, authorOfActor, authorPrefix } from './ids.js';

type DecodedChange = A.DecodedChange;
// The runtime ops also carry `insert` and `elemId` for list ops, which the typings omit.
type Op = DecodedChange['ops'][number] & { readonly insert?: boolean; readonly elemId?: string };

/** Root keys whose maps (and the maps made inside them by a genesis) are shared containers. */
export const SHARED_ROOT_KEYS: readonly string[] = ['resources', 'events', 'decisions', 'children'];

/** The shared container object ids a genesis change creates. */
export function sharedObjectsOf(genesis: DecodedChange): string[] {
	const shared = new Set<string>();
	genesis.ops.forEach((op, i) => {
		if (op.action !== 'makeMap') return;
		const id = `${genesis.startOp + i}@${genesis.actor}`;
		if ((op.obj === '_root' && SHARED_ROOT_KEYS.includes(String(op.key))) || shared.has(op.obj))
			shared.add(id);
	});
	return [...shared];
}

const short = (author: string) => author.slice(0, 8);

/** What the write rules read of an op (a decoded change's op, or ingest/change-read.ts's). */
export interface RuleOp {
	readonly obj: string;
	readonly key?: string | number;
	readonly insert?: boolean;
	readonly pred: readonly string[];
}

/** What the write rules read of a change. */
export interface RuleInput {
	readonly hash: string;
	readonly ops: readonly RuleOp[];
}

/** The rule an insert (or any list op) into a shared container breaks. */
export const INSERT_PROBLEM = 'inserts into a shared container, which only holds keys';

/** The rule a new key without the author's prefix breaks. */
export const unprefixedKeyProblem = (key: string | number | undefined): string =>
	`adds key ${JSON.stringify(key)} to a shared container without the author's prefix`;

/** The rule overwriting or deleting another author's value (`owner`'s) breaks. */
export const foreignValueProblem = (key: string | number | undefined, owner: string): string =>
	`overwrites or deletes ${JSON.stringify(key)}, a value of ${short(owner)}`;

/** The rule any write to the festival's root breaks. */
export const rootWriteProblem = (key: string | number | undefined): string =>
	`writes the festival's root key ${JSON.stringify(key)}, which only its creation may`;

/** The rule writing inside an object `creator` made breaks. */
export const foreignObjectProblem = (creator: string): string =>
	`writes inside an object of ${short(creator)}`;

/** What breaks a rule if `op.obj` is a shared container. */
function sharedOpProblem(op: RuleOp, author: string): string | undefined {
	if (op.insert || op.key === undefined) return INSERT_PROBLEM;
	if (op.pred.length === 0) {
		if (!String(op.key).startsWith(authorPrefix(author))) return unprefixedKeyProblem(op.key);
		return undefined;
	}
	for (const p of op.pred) {
		const owner = authorOfActor(actorOfOpId(p) ?? '');
		if (owner !== author) return foreignValueProblem(op.key, owner);
	}
	return undefined;
}

/** What breaks a rule if `op.obj` is not a shared container. */
function ownOpProblem(op: RuleOp, author: string): string | undefined {
	if (op.obj === '_root') return rootWriteProblem(op.key);
	const creator = authorOfActor(actorOfOpId(op.obj) ?? '');
	if (creator !== author) return foreignObjectProblem(creator);
	return undefined;
}

function checkOp(op: RuleOp, author: string, shared: ReadonlySet<string>): string | undefined {
	if (op.obj === '_root') return ownOpProblem(op, author);
	return shared.has(op.obj) ? sharedOpProblem(op, author) : ownOpProblem(op, author);
}

/**
 * The write-rule verdict of a change, computed without knowing which objects are shared
 * containers: per object written, the first broken rule in either case. Objects with no
 * broken rule either way are left out. {@link checkSummary} finishes the check once the shared
 * containers are known, with exactly the answer {@link checkChange} gives; so the costly part
 * (decoding the change) can run on another thread. Compact, as a large batch holds one per
 * change until it is ordered: `objects` is flat, five items per object (its id; the first
 * breaking op's index and why if it is shared, -1 and '' if none; the same if it is not).
 */
export interface RuleSummary {
	readonly hash: string;
	readonly objects: readonly (string | number)[];
}

/** Reasons given lately, one string each: a batch's changes break the same few rules either way. */
const reasons = new Map<string, string>();
/** `why` as the one string kept for it (see {@link RuleSummary}). */
export function once(why: string): string {
	let r = reasons.get(why);
	if (r === undefined) {
		if (reasons.size >= 4096) reasons.clear();
		reasons.set(why, (r = why));
	}
	return r;
}

/** Summarizes the write-rule verdict of a change by `author` (see {@link RuleSummary}). */
export function summarizeRules(change: RuleInput, author: string): RuleSummary {
	const out: (string | number)[] = [];
	/** Where each object's five items start in `out`. */
	const at = new Map<string, number>();
	change.ops.forEach((op, i) => {
		let o = at.get(op.obj);
		if (o === undefined) {
			at.set(op.obj, (o = out.length));
			out.push(op.obj, -1, '', -1, '');
		}
		if (out[o + 1] === -1) {
			const why = op.obj === '_root' ? ownOpProblem(op, author) : sharedOpProblem(op, author);
			if (why) out.splice(o + 1, 2, i, once(why));
		}
		if (out[o + 3] === -1) {
			const why = ownOpProblem(op, author);
			if (why) out.splice(o + 3, 2, i, once(why));
		}
	});
	const objects: (string | number)[] = [];
	for (let o = 0; o < out.length; o += 5)
		if (out[o + 1] !== -1 || out[o + 3] !== -1) objects.push(...out.slice(o, o + 5));
	return { hash: change.hash, objects };
}

/** The verdict of a change that breaks no rule (one object: checked once per change). */
const PASS = ok(undefined);

/** Finishes a {@link RuleSummary} against the shared containers known: the same as {@link checkChange}. */
export function checkSummary(s: RuleSummary, shared: ReadonlySet<string>): Result<void, 'rule'> {
	let first = -1;
	let why = '';
	const v = s.objects;
	for (let o = 0; o < v.length; o += 5) {
		const obj = v[o] as string;
		const k = obj !== '_root' && shared.has(obj) ? o + 1 : o + 3;
		const hit = v[k] as number;
		if (hit !== -1 && (first === -1 || hit < first)) {
			first = hit;
			why = v[k + 1] as string;
		}
	}
	return first !== -1 ? err('rule', `change ${s.hash.slice(0, 12)} op ${first + 1} ${why}`) : PASS;
}

/**
 * Checks every op of a non-genesis change by `author` against the shared containers known.
 * Returns the first broken rule with the op's index.
 */
export function checkChange(
	change: RuleInput,
	author: string,
	shared: ReadonlySet<string>
): Result<void, 'rule'> {
	for (let i = 0; i < change.ops.length; i++) {
		const why = checkOp(change.ops[i]!, author, shared);
		if (why) return err('rule', `change ${change.hash.slice(0, 12)} op ${i + 1} ${why}`);
	}
	return ok(undefined);
}

/** Root keys a genesis may make (as maps): the festival's own meta and the shared containers. */
export const GENESIS_ROOT_KEYS: readonly string[] = ['meta', ...SHARED_ROOT_KEYS];

const FESTIVAL_ID = /^[0-9a-f]{64}$/;

/** The last op of a change on `key` of `obj` (the value the change leaves there). */
function lastOn(ops: readonly Op[], obj: string, key: string): [number, Op] | undefined {
	for (let i = ops.length - 1; i >= 0; i--)
		if (ops[i]!.obj === obj && ops[i]!.key === key && !ops[i]!.insert) return [i, ops[i]!];
	return undefined;
}

/**
 * What a genesis's `meta.forkedFrom` says, from its ops: undefined if it writes none, a
 * reason if it is not a map with a festival id and a list of heads (strings inserted, nothing else).
 */
function forkedFromOf(
	change: DecodedChange
): { festival: string; heads: string[] } | string | undefined {
	const ops = change.ops as Op[];
	const id = (i: number) => `${change.startOp + i}@${change.actor}`;
	const meta = lastOn(ops, '_root', 'meta');
	if (!meta || meta[1].action !== 'makeMap') return undefined;
	const ff = lastOn(ops, id(meta[0]), 'forkedFrom');
	if (!ff || ff[1].action === 'del') return undefined;
	if (ff[1].action !== 'makeMap') return 'meta.forkedFrom is not a map';
	const festival = lastOn(ops, id(ff[0]), 'festival')?.[1];
	const value = festival?.action === 'set' ? (festival as { value?: unknown }).value : undefined;
	if (typeof value !== 'string' || !FESTIVAL_ID.test(value))
		return 'meta.forkedFrom names no festival id';
	const list = lastOn(ops, id(ff[0]), 'heads');
	if (!list || list[1].action !== 'makeList') return 'meta.forkedFrom has no list of heads';
	const heads: string[] = [];
	for (const op of ops) {
		if (op.obj !== id(list[0])) continue;
		const v = (op as { value?: unknown }).value;
		if (!op.insert || op.action !== 'set' || typeof v !== 'string')
			return 'meta.forkedFrom.heads holds something other than inserted hashes';
		heads.push(v);
	}
	return { festival: value, heads };
}

/**
 * Checks a genesis change (see the module comment): every op makes a root key of
 * {@link GENESIS_ROOT_KEYS} as a map or writes inside an object made in this same change; and
 * its dependencies are exactly the heads its `meta.forkedFrom` names (none without it). So a
 * fork cannot rewrite anything of the history it sits on, and only a fork holds another
 * festival's history. Stateless: every peer decides the same from the change alone.
 */
export function checkGenesis(change: DecodedChange): Result<void, 'rule'> {
	const at = `genesis ${change.hash.slice(0, 12)}`;
	const made = new Set<string>();
	change.ops.forEach((op, i) => {
		if (op.action.startsWith('make')) made.add(`${change.startOp + i}@${change.actor}`);
	});
	for (let i = 0; i < change.ops.length; i++) {
		const op = change.ops[i]! as Op;
		if (made.has(op.obj)) continue;
		let why: string | undefined;
		if (op.obj !== '_root')
			why = `writes inside an object it did not make (${op.obj.split('@')[0]}@${short(authorOfActor(actorOfOpId(op.obj) ?? ''))}), which a genesis may not`;
		else if (!GENESIS_ROOT_KEYS.includes(String(op.key)))
			why = `writes the root key ${JSON.stringify(op.key)}, which a genesis may not`;
		else if (op.action !== 'makeMap')
			why = `writes the root key ${JSON.stringify(op.key)} with something other than a new map (${op.action})`;
		if (why) return err('rule', `${at} op ${i + 1} ${why}`);
	}
	const fork = forkedFromOf(change);
	if (typeof fork === 'string') return err('rule', `${at}: ${fork}`);
	const deps = [...change.deps].sort();
	if (!fork) {
		return deps.length
			? err(
					'rule',
					`${at} depends on ${deps.length} changes of another history but is not a fork (no meta.forkedFrom)`
				)
			: ok(undefined);
	}
	const heads = [...fork.heads].sort();
	if (!deps.length)
		return err('rule', `${at} names an original in meta.forkedFrom but holds none of its history`);
	if (heads.length !== deps.length || heads.some((h, i) => h !== deps[i])) {
		return err(
			'rule',
			`${at} depends on other changes than the heads its meta.forkedFrom names, so it is not a fork of them`
		);
	}
	return ok(undefined);
}
