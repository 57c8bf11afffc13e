import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import type { AuthorId } from '../../identity/identity.js';
import { addEvent, createFestivalDoc, type FestivalDoc } from '../document/doc.js';
import { actorFor } from '../document/ids.js';
import { checkSummary } from '../document/rules.js';
import { ChangeQueue, depsOf, rulesOf, slim, type Candidate } from './change-queue.js';
import { HeldLog } from './held-logs.js';
import { encodeChanges } from './payload.js';
import { preparePayload, type PreparedChange } from './prepare.js';
import { talk } from '../talk.fixture.js';

const creator = 'c1'.repeat(32) as AuthorId;
const author = 'a2'.repeat(32) as AuthorId;

/** A festival's genesis and two changes by another author, the second one depending on the first. */
function changes() {
	const { doc, id } = createFestivalDoc(actorFor(creator, 1n), { name: 'Queue' });
	let d = A.clone(doc, actorFor(author, 7n));
	d = A.change(d, { message: id }, (x: FestivalDoc) => void addEvent(x, author, talk('One')));
	const first = A.getLastLocalChange(d)!;
	d = A.change(d, { message: id }, (x: FestivalDoc) => void addEvent(x, author, talk('Two')));
	const second = A.getLastLocalChange(d)!;
	return { id, genesis: A.getLastLocalChange(doc)!, first, second };
}

/** A candidate as the intake makes it, from a prepared change of `payload`. */
function candidate(payload: Uint8Array, c: PreparedChange): Candidate {
	return {
		bytes: payload.subarray(c.start, c.end),
		hash: c.hash,
		seq: c.seq,
		message: c.message,
		deps: c.deps,
		rules: c.rules,
		author,
		actor: actorFor(author, 7n),
		log: new HeldLog(author, 7n),
		entrySeq: 1,
		missing: 0
	};
}

function prepared(
	bytes: Uint8Array,
	by: AuthorId = author,
	logId = 7n
): { payload: Uint8Array; change: PreparedChange } {
	const payload = encodeChanges([bytes]);
	const p = preparePayload(payload, by, logId, 1);
	if (!('changes' in p)) throw new Error(p.reason);
	return { payload, change: p.changes[0]! };
}

describe('change queue candidates', () => {
	it('a candidate taken to be applied drops its dependencies and rule summary, and reads the same again from its bytes', () => {
		const { genesis, second } = changes();
		const { payload, change } = prepared(second);
		const c = candidate(payload, change);
		slim(c);
		expect(c.deps).toBeUndefined();
		expect(c.rules).toBeUndefined();
		expect(depsOf(c)).toEqual(change.deps);
		expect(rulesOf(c)).toEqual(change.rules);
		expect(c.deps).toEqual(change.deps);
		// The summary read again gives the verdict the prepared one gives.
		const shared = new Set(prepared(genesis, creator, 1n).change.shared);
		expect(shared.size).toBeGreaterThan(0);
		expect(checkSummary(rulesOf(c), shared).ok).toBe(true);
		expect(checkSummary(rulesOf(c), new Set()).ok).toBe(false);
	});

	it('a slimmed candidate that Automerge held back waits for its dependencies again', () => {
		const { id, first, second } = changes();
		const a = prepared(first);
		const b = prepared(second);
		const applied = new Set<string>([id]);
		const q = new ChangeQueue((h) => applied.has(h));
		const ca = candidate(a.payload, a.change);
		const cb = candidate(b.payload, b.change);
		q.add(ca, id);
		q.add(cb, id);
		expect(q.ready).toEqual([ca]);
		q.ready.pop();
		q.pending.delete(ca.hash);
		slim(ca);
		q.markApplied(ca.hash);
		expect(q.ready).toEqual([cb]);
		q.ready.pop();
		q.pending.delete(cb.hash);
		slim(cb);
		q.markApplied(cb.hash);
		// Automerge refused the first and held the second back: the second waits for the first.
		q.unapply(ca, false);
		q.unapply(cb, true);
		expect(cb.missing).toBe(1);
		expect(q.ready).toEqual([]);
		expect(q.pending.get(cb.hash)).toBe(cb);
		applied.add(ca.hash);
		q.markApplied(ca.hash);
		expect(q.ready).toEqual([cb]);
	});
});
