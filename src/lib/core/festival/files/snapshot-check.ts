/**
 * Checking a newcomer's snapshot (snapshot.ts) without touching any festival state, so that
 * it can run on another thread: the document is loaded, every entry it lists is rebuilt and
 * verified (signature, links, payload hash), every change of the document must be covered by
 * a verified entry of its actor's log, belong to the festival (its genesis, its own, or an
 * ancestor of its genesis: a fork's history) and keep the write rules (a genesis, the genesis
 * rule: so only a fork holds another festival's history). What a festival then
 * needs to adopt it (the entries, the shared containers, the fork history allowed) is
 * returned as plain data.
 * @module
 */
import * as A from '@automerge/automerge';
import { decodeEntry, type Entry } from '../../log/entry.js';
import type { HashSuite } from '../../log/hash.js';
import { LogBook } from '../../log/log.js';
import type { CryptoOptions } from '../../log/sign.js';
import { err, ok, type Result } from '../../result.js';
import { GENESIS_MESSAGE, type FestivalDoc } from '../document/doc.js';
import { authorOfActor, type FestivalId } from '../document/ids.js';
import { payloadCost, type EntryItem } from '../ingest/payload.js';
import { isDecoded, readChange, readOrDecode, type SomeChange } from '../ingest/change-read.js';
import { readColumns } from '../ingest/change-parse.js';
import { summarizeColumns } from '../ingest/change-rules.js';
import { checkChange, checkGenesis, checkSummary, sharedObjectsOf } from '../document/rules.js';
import { rebuildSnapshot, type Rebuilt, type Snapshot } from './snapshot.js';

/** A snapshot that passed every check: what adopting it takes. */
export interface CheckedSnapshot {
	/** Every entry rebuilt, with its payload, each log from seq 1. */
	readonly entries: readonly EntryItem[];
	/** The shared containers made by the genesis (and a fork's original genesis). */
	readonly shared: readonly string[];
	/** Changes of other festivals this one holds as its fork history. */
	readonly allowed: readonly string[];
	/** Changes in the document. */
	readonly changes: number;
	/**
	 * The document, loaded with the actor asked for, when the check ran in this thread (a
	 * document cannot cross threads; the caller loads it again otherwise).
	 */
	readonly doc?: A.Doc<unknown>;
}

/**
 * Checks a snapshot of festival `id` (see the module comment); never throws on untrusted
 * input. With `actor`, the loaded document comes back too (for a check in the same thread).
 */
export async function checkSnapshot(
	s: Snapshot,
	id: FestivalId,
	opts: CryptoOptions = {},
	actor?: string
): Promise<Result<CheckedSnapshot, 'snapshot'>> {
	if (s.festival !== id) return err('snapshot', 'a snapshot of another festival');
	const rebuilt = rebuildSnapshot(s, opts.suite, actor);
	if (!rebuilt.ok) return rebuilt;
	const { entries, parts, changes } = rebuilt.value;
	// Signatures are verified (off this thread where the platform can) while the changes are
	// checked here; every verdict is awaited before anything is returned. Only the entries go
	// to the verifier, not their payloads: rebuildSnapshot wrote each entry's payload size and
	// hash from the payload itself, so checking them again could not fail (the signature, the
	// encoding rules and the links are checked as for any entry).
	const verifying = new LogBook(opts).addMany(entries.map((e) => ({ bytes: e.bytes })));
	const checked = await checkChanges(id, parts, changes);
	const verdicts = await verifying;
	const bad = verdicts.find((v) => !v.ok);
	if (bad && !bad.ok)
		return err('snapshot', `a rebuilt entry does not verify: ${bad.error.reason}`);
	if (!checked.ok) return checked;
	return ok({
		entries,
		shared: checked.value.shared,
		allowed: checked.value.allowed,
		changes: changes.length,
		...(actor ? { doc: rebuilt.value.doc } : {})
	});
}

/** Changes checked between two turns of the event loop ({@link checkChanges}). */
export const CHECK_SLICE = 512;

/**
 * Lets the event loop take what waits (a verifying thread's answer), then goes on: at once
 * after it (`setImmediate` in Node, a message to itself elsewhere; not a timer, which browsers
 * hold back for milliseconds when nested).
 */
function nextTurn(): Promise<void> {
	return new Promise((resolve) => {
		if (typeof setImmediate === 'function') return void setImmediate(resolve);
		const { port1, port2 } = new MessageChannel();
		port1.onmessage = () => {
			port1.close();
			resolve();
		};
		port2.postMessage(null);
	});
}

type Checked = Result<{ shared: string[]; allowed: string[] }, 'snapshot'>;

/** What the write rules of a festival's changes need: the fork history allowed, the shared containers. */
interface FestivalRules {
	readonly allowed: ReadonlySet<string>;
	readonly shared: ReadonlySet<string>;
}

/**
 * The checks of the document's changes (see the module comment), each read as the write
 * rules need it (a genesis decoded by Automerge: change-read.ts), while the entries'
 * signatures are verified. A festival's document (not a fork) starts with its genesis, which
 * depends on nothing: then each later change is checked as soon as it is read and dropped, so
 * that little of the reading outlives it (less for the garbage collector to move). Otherwise
 * (a fork, whose history precedes its genesis, or a genesis not first) every change is read
 * first and checked as a whole ({@link checkAll}). Every {@link CHECK_SLICE} changes the event
 * loop turns: a verifier that hands out its work a little at a time as answers come back (the
 * Node programs' pool of verifying threads) is not left idle until the check ends.
 */
async function checkChanges(
	id: FestivalId,
	parts: Rebuilt['parts'],
	all: readonly Uint8Array[]
): Promise<Checked> {
	let covered = 0;
	for (const { seq, changes: mine } of parts) {
		covered += mine.length;
		// What peers would refuse as an entry, a newcomer refuses in a snapshot.
		const cost = payloadCost(mine, seq);
		if (cost) return err('snapshot', `a rebuilt entry is over the limits: ${cost.reason}`);
	}
	if (covered !== all.length) {
		return err(
			'snapshot',
			`${all.length - covered} changes of the document are not in any entry the snapshot lists`
		);
	}
	const kept: SomeChange[] = [];
	let rules: FestivalRules | undefined;
	for (let i = 0; i < all.length; i++) {
		if (i > 0 && i % CHECK_SLICE === 0) await nextTurn();
		const plain = rules && checkPlain(id, all[i]!, rules);
		if (plain) {
			if (!plain.ok) return plain;
			continue;
		}
		let c: SomeChange;
		try {
			// Automerge encoded these changes (rebuildSnapshot): a hash is computed only when needed.
			c = readOrDecode(all[i]!, GENESIS_MESSAGE, true);
		} catch (e) {
			return err('snapshot', `a change of the document does not decode: ${(e as Error).message}`);
		}
		if (rules) {
			const verdict = checkOne(id, c, rules);
			if (!verdict.ok) return verdict;
		} else if (i === 0 && c.hash === id && c.deps.length === 0) {
			if (!isDecoded(c)) return err('snapshot', 'a genesis was not decoded');
			const verdict = checkGenesis(c);
			if (!verdict.ok) return err('snapshot', verdict.error.reason);
			rules = { allowed: new Set(), shared: new Set(sharedObjectsOf(c)) };
		} else kept.push(c);
	}
	if (rules) return ok({ shared: [...rules.shared], allowed: [] });
	return checkAll(id, kept);
}

/** The checks of {@link checkChanges} on every change of the document at once. */
function checkAll(id: FestivalId, changes: readonly SomeChange[]): Checked {
	// Changes are hashed only up to the genesis (the first change, but in a fork), and for a
	// fork's history (the changes its genesis depends on).
	const genesis = changes.find((c) => c.hash === id);
	if (!genesis) return err('snapshot', "the document lacks this festival's genesis");
	// Only a genesis keeping the genesis rule (a fork's, naming its dependencies) allows
	// foreign history, as on ingest; every genesis the document holds must keep it.
	const allowed = new Set<string>();
	const stack = [...genesis.deps];
	const byHash = stack.length ? new Map(changes.map((c) => [c.hash, c])) : undefined;
	while (stack.length) {
		const h = stack.pop()!;
		if (allowed.has(h)) continue;
		allowed.add(h);
		stack.push(...(byHash?.get(h)?.deps ?? []));
	}
	for (const c of changes) {
		if (c.message !== GENESIS_MESSAGE || (c.hash !== id && !allowed.has(c.hash))) continue;
		if (!isDecoded(c)) return err('snapshot', 'a genesis was not decoded');
		const verdict = checkGenesis(c);
		if (!verdict.ok) return err('snapshot', verdict.error.reason);
	}
	const shared = new Set<string>();
	for (const c of changes) {
		if (c.message === GENESIS_MESSAGE && (c.hash === id || allowed.has(c.hash)) && isDecoded(c))
			for (const o of sharedObjectsOf(c)) shared.add(o);
	}
	const rules = { allowed, shared };
	for (const c of changes) {
		const verdict = checkOne(id, c, rules);
		if (!verdict.ok) return verdict;
	}
	return ok({ shared: [...shared], allowed: [...allowed] });
}

/**
 * {@link checkOne} for a plain change of the festival's own (its message is the festival id),
 * straight from its columns (change-parse.ts, change-rules.ts: the same verdict, without an
 * object per op); undefined for any other change, which is then read whole.
 */
function checkPlain(
	id: FestivalId,
	bytes: Uint8Array,
	rules: FestivalRules
): Result<void, 'snapshot'> | undefined {
	const cols = readColumns(bytes, true);
	if (!cols || cols.message !== id) return undefined;
	const author = authorOfActor(cols.actors[0]!);
	// The reason names the change by its hash: made only for a change that breaks a rule.
	if (checkSummary(summarizeColumns(cols, '', author), rules.shared).ok) return PASSED;
	const verdict = checkSummary(
		summarizeColumns(cols, readChange(bytes, true)!.hash, author),
		rules.shared
	);
	return verdict.ok ? PASSED : err('snapshot', verdict.error.reason);
}

const PASSED = ok(undefined);

/**
 * One change against the festival's rules: it belongs to the festival (or to the fork history
 * allowed) and, but for a genesis (checked with the genesis rule), keeps the write rules.
 */
function checkOne(id: FestivalId, c: SomeChange, rules: FestivalRules): Result<void, 'snapshot'> {
	if (c.message !== id && c.hash !== id && !rules.allowed.has(c.hash)) {
		return err('snapshot', `change ${c.hash.slice(0, 12)} belongs to another festival`);
	}
	if (c.message === GENESIS_MESSAGE) return ok(undefined);
	const verdict = checkChange(c, authorOfActor(c.actor), rules.shared);
	return verdict.ok ? ok(undefined) : err('snapshot', verdict.error.reason);
}

/**
 * The document and entries of a checked snapshot, to adopt: the document as the check loaded
 * it (or loaded here with `actor`) and the entries decoded.
 */
export function loadChecked(
	s: Snapshot,
	checked: CheckedSnapshot,
	actor: string,
	suite: HashSuite
): Result<{ doc: A.Doc<FestivalDoc>; entries: Entry[] }, 'snapshot'> {
	let doc = checked.doc as A.Doc<FestivalDoc> | undefined;
	try {
		doc ??= A.load<FestivalDoc>(s.doc, { actor: actor as A.ActorId });
	} catch (e) {
		return err('snapshot', `the document does not load: ${(e as Error).message}`);
	}
	const entries: Entry[] = [];
	for (const item of checked.entries) {
		const d = decodeEntry(item.bytes, suite);
		if (!d.ok) return err('snapshot', `a checked entry does not decode: ${d.error.reason}`);
		entries.push(d.value);
	}
	return ok({ doc, entries });
}
