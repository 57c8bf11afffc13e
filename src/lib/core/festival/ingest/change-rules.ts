/**
 * The write-rule summary of a change straight from its op columns (change-parse.ts
 * `readColumns`), without an object or an id string per op: what ingest spends per change
 * beyond verifying and applying. It gives exactly the summary `summarizeRules` gives for the
 * ops `readChange` reads of the same bytes (document/rules.ts; the test holds the two side by
 * side), from the same rule messages.
 *
 * Per op, the rules need only whose each id is: an object's or a pred's actor index names an
 * actor, whose author is or is not the change's. So that is decided once per actor, and an
 * object's id is made as a string only when the summary lists it.
 * @module
 */
import { authorOfActor, authorPrefix } from '../document/ids.js';
import {
	foreignObjectProblem,
	foreignValueProblem,
	INSERT_PROBLEM,
	once,
	rootWriteProblem,
	unprefixedKeyProblem,
	type RuleSummary
} from '../document/rules.js';
import { objectId, objKey, type ChangeColumns } from './change-parse.js';

/** The object key of the root (object keys of other objects are never negative). */
const ROOT = -1;

/**
 * The reason for writing inside an object of `actor`, by actor: every change of a festival
 * writes inside the shared containers its genesis made, so this is asked once per change.
 */
const foreignObjectReasons = new Map<string, string>();
function foreignObjectReason(actor: string): string {
	let why = foreignObjectReasons.get(actor);
	if (why === undefined) {
		if (foreignObjectReasons.size >= 4096) foreignObjectReasons.clear();
		foreignObjectReasons.set(actor, (why = once(foreignObjectProblem(authorOfActor(actor)))));
	}
	return why;
}

/**
 * The write-rule summary of a change with hash `hash` by `author`, from its columns: the
 * summary `summarizeRules` makes of `readChange`'s ops.
 */
export function summarizeColumns(c: ChangeColumns, hash: string, author: string): RuleSummary {
	const { actors, objActor, objCtr, keyStr, insert, groups, predActor } = c;
	const mine = actors.map((a) => authorOfActor(a) === author);
	const prefix = authorPrefix(author);
	/** Per object, in the order first written: id, shared-case hit and why, own-case hit and why. */
	const out: (string | number)[] = [];
	const at = new Map<number, number>();
	let p = 0;
	for (let i = 0; i < c.n; i++) {
		const oa = objActor[i]!;
		const g = groups[i]!;
		const k = oa === null ? ROOT : objKey(oa, objCtr[i]!);
		let o = at.get(k);
		if (o === undefined) {
			at.set(k, (o = out.length));
			if (oa === null) {
				// Any write to the root breaks a rule, shared containers or not: the first op's.
				const why = once(rootWriteProblem(keyStr[i] ?? undefined));
				out.push('_root', i, why, i, why);
			} else {
				// Inside an object not shared, only whose object it is counts: the same for every op.
				const own = mine[oa] ? '' : foreignObjectReason(actors[oa]!);
				out.push(objectId(actors[oa]!, objCtr[i]!), -1, '', own ? i : -1, own);
			}
		}
		if (out[o + 1] === -1) {
			const why = sharedProblem(keyStr[i]!, insert[i]!, g, p, predActor, mine, actors, prefix);
			if (why) {
				out[o + 1] = i;
				out[o + 2] = once(why);
			}
		}
		p += g;
	}
	const objects: (string | number)[] = [];
	for (let o = 0; o < out.length; o += 5)
		if (out[o + 1] !== -1 || out[o + 3] !== -1)
			objects.push(out[o]!, out[o + 1]!, out[o + 2]!, out[o + 3]!, out[o + 4]!);
	return { hash, objects };
}

/**
 * What an op breaks if its object is a shared container (rules.ts `sharedOpProblem`): its
 * preds are `predActor[p]`..`predActor[p + g - 1]`.
 */
function sharedProblem(
	key: string | null,
	insert: boolean,
	g: number,
	p: number,
	predActor: readonly number[],
	mine: readonly boolean[],
	actors: readonly string[],
	prefix: string
): string | undefined {
	if (insert || key === null) return INSERT_PROBLEM;
	if (g === 0) return key.startsWith(prefix) ? undefined : unprefixedKeyProblem(key);
	for (let q = p; q < p + g; q++) {
		const a = predActor[q]!;
		if (!mine[a]) return foreignValueProblem(key, authorOfActor(actors[a]!));
	}
	return undefined;
}
