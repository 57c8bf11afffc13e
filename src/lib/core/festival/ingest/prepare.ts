/**
 * The stateless part of ingest, which may run on another thread (a Web Worker in the app):
 * per entry, decode it, check its signature and payload hash, hash it for the link checks,
 * split its payload into changes, decode each, check each change's actor, and summarize each
 * change's write-rule verdict ({@link summarizeRules}). What needs the festival's state (link
 * checks against held entries, dependency order, which objects are shared containers, the
 * document) stays with the engine.
 *
 * Everything returned is plain data that survives `structuredClone` without dragging large
 * buffers along: change bytes are given as offsets into the payload the caller already has.
 * @module
 */
import * as A from '@automerge/automerge';
import type { CryptoOptions } from '../../log/sign.js';
import { verifyEntries } from '../../log/verify-batch.js';
import type { VerifyProblem } from '../../log/verify.js';
import type { Entry } from '../../log/entry.js';
import type { Problem, Result } from '../../result.js';
import { GENESIS_MESSAGE } from '../document/doc.js';
import { actorFor, type FestivalId } from '../document/ids.js';
import { checkSnapshot, type CheckedSnapshot } from '../files/snapshot-check.js';
import type { Snapshot } from '../files/snapshot.js';
import { readColumns } from './change-parse.js';
import { hexDeps } from './change-read.js';
import { flatHex, runHex } from './change-columns.js';
import { summarizeColumns } from './change-rules.js';
import { decodeChanges, payloadCost, type EntryItem, type PayloadProblem } from './payload.js';
import {
	checkGenesis,
	sharedObjectsOf,
	summarizeRules,
	type RuleSummary
} from '../document/rules.js';

export type { EntryItem, PayloadProblem } from './payload.js';

/** One change of a prepared payload. */
export interface PreparedChange {
	/** Where the change's bytes are in the payload. */
	readonly start: number;
	readonly end: number;
	readonly hash: string;
	/** The change's Automerge seq (per actor, from 1, without gaps). */
	readonly seq: number;
	readonly deps: readonly string[];
	readonly message: string | null;
	readonly rules: RuleSummary;
	/** For a change whose message marks a genesis: the shared containers it makes. */
	readonly shared?: readonly string[];
	/**
	 * For a genesis that breaks the genesis rule ({@link checkGenesis}): why. Such a change is
	 * refused and allows no foreign history.
	 */
	readonly genesisProblem?: string;
}

/** The outcome of preparing one entry. */
export type PreparedEntry =
	| { readonly ok: false; readonly error: Problem<VerifyProblem> }
	| {
			readonly ok: true;
			/** The entry's hash (what later entries link to). */
			readonly hash: Uint8Array;
			/**
			 * The decoded entry, when prepared in the calling thread (so it is not decoded again;
			 * another thread leaves it out rather than copy its bytes back).
			 */
			readonly entry?: Entry;
			/** The payload's changes, when the payload came and is usable. */
			readonly changes?: readonly PreparedChange[];
			/** Why the payload is not usable, when it is not. */
			readonly payloadProblem?: PayloadProblem;
	  };

/**
 * Splits a payload and decodes its changes; checks that every change is the log's actor's.
 * Before Automerge decodes anything, the changes' cost is bounded ({@link payloadCost}).
 */
export function preparePayload(
	payload: Uint8Array,
	author: string,
	logId: bigint,
	seqNum: number
): { changes: PreparedChange[] } | PayloadProblem {
	const split = decodeChanges(payload);
	if (!split.ok) return { code: 'payload', reason: `entry ${seqNum}: ${split.error.reason}` };
	// Plain changes are read first (change-parse.ts holds at most a change's op limit of values
	// a column), so their cost is known without counting them again.
	const read = split.value.map((b) => readColumns(b));
	const cost = payloadCost(split.value, seqNum, read);
	if (cost) return cost;
	const actor = actorFor(author as never, logId);
	const out: PreparedChange[] = [];
	for (let i = 0; i < split.value.length; i++) {
		const bytes = split.value[i]!;
		// decodeChanges returns subarrays of the payload, in order.
		const start = bytes.byteOffset - payload.byteOffset;
		const end = start + bytes.length;
		// A plain change is read here (change-read.ts) and its rules summarized from its columns
		// (change-rules.ts); a genesis (its own rule reads every op and value) and anything
		// unusual are decoded by Automerge.
		const cols = read[i];
		let decoded: A.DecodedChange | undefined;
		try {
			if (!cols || cols.message === GENESIS_MESSAGE) decoded = A.decodeChange(bytes);
		} catch (e) {
			return {
				code: 'payload',
				reason: `entry ${seqNum}: a change does not decode (${(e as Error).message})`
			};
		}
		const changeActor = decoded ? decoded.actor : cols!.actors[0]!;
		if (changeActor !== actor) {
			return {
				code: 'actor',
				reason: `entry ${seqNum}: change actor ${changeActor.slice(0, 12)}… is not this log's actor (spoofed actor)`
			};
		}
		const genesis = decoded?.message === GENESIS_MESSAGE ? decoded : undefined;
		const verdict = genesis ? checkGenesis(genesis) : undefined;
		const hash = decoded ? decoded.hash : flatHex(cols!.digest!);
		out.push({
			start,
			end,
			hash,
			seq: decoded ? decoded.seq : cols!.seq,
			deps: decoded ? decoded.deps : hexDeps(cols!.depBytes),
			message: decoded ? decoded.message : cols!.message,
			rules: decoded ? summarizeRules(decoded, author) : summarizeColumns(cols!, hash, author),
			...(genesis ? { shared: sharedObjectsOf(genesis) } : {}),
			...(verdict && !verdict.ok ? { genesisProblem: verdict.error.reason } : {})
		});
	}
	return { changes: out };
}

/**
 * Prepares entries (see the module comment). Signatures are checked by `verifyEntries`:
 * started together, or on worker threads when `opts` gives a batch verifier. Never throws on
 * untrusted input; results are in input order.
 */
export async function prepareEntries(
	items: readonly EntryItem[],
	opts: CryptoOptions = {}
): Promise<PreparedEntry[]> {
	const checked = await verifyEntries(items, opts);
	const hexOf = runHex();
	return checked.map(({ result: v, hash }, i): PreparedEntry => {
		if (!v.ok) return v;
		const e = v.value;
		const payload = items[i]!.payload;
		if (!payload) return { ok: true, hash: hash!, entry: e };
		const p = preparePayload(payload, hexOf(e.author), e.logId, e.seqNum);
		return 'changes' in p
			? { ok: true, hash: hash!, entry: e, changes: p.changes }
			: { ok: true, hash: hash!, entry: e, payloadProblem: p };
	});
}

/**
 * Where {@link prepareEntries} runs. The engine runs it in the calling thread by default; the
 * app passes one that posts batches to a Web Worker (offload-rpc.ts).
 */
export interface Preparer {
	/** {@link prepareEntries} for a batch. */
	prepare(items: readonly EntryItem[]): Promise<PreparedEntry[]>;
	/**
	 * `checkSnapshot` (snapshot-check.ts) for a newcomer's snapshot of festival `id`; in the
	 * calling thread, the document loaded with `actor` comes back too.
	 */
	checkSnapshot(
		s: Snapshot,
		id: FestivalId,
		actor?: string
	): Promise<Result<CheckedSnapshot, 'snapshot'>>;
}

/** A {@link Preparer} that runs in the calling thread. */
export function localPreparer(opts: CryptoOptions = {}): Preparer {
	return {
		prepare: (items) => prepareEntries(items, opts),
		checkSnapshot: (s, id, actor) => checkSnapshot(s, id, opts, actor)
	};
}
