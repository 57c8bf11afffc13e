/**
 * Local changes that could never be shared. A change is shared by sealing it into a signed
 * entry whose payload holds at most 4 MiB ({@link MAX_PAYLOAD_SIZE}), and peers refuse a
 * change over the limits of change-bounds.ts. A local change past either is refused at edit
 * time ({@link ChangeTooLargeError}, the document stays as it was); one already stored by an
 * older version (whose every open then failed to seal it) is dropped when the festival opens,
 * with every unsealed change after it, and the festival reports it.
 * @module
 */
import * as A from '@automerge/automerge';
import { MAX_PAYLOAD_SIZE } from '../../log/entry.js';
import { changeCost, MAX_ENTRY_OPS } from './change-bounds.js';

/** Bytes a payload spends besides a change's own (as the sealer counts them). */
export const PAYLOAD_OVERHEAD = 16;
/** The largest change (in bytes) that fits in one entry. */
export const MAX_LOCAL_CHANGE_SIZE = MAX_PAYLOAD_SIZE - PAYLOAD_OVERHEAD;

const mb = (n: number) => `${(n / 1_000_000).toFixed(1)} MB`;

/** A local change that could never be shared; the document was left as it was before it. */
export class ChangeTooLargeError extends Error {
	readonly code = 'change-too-large';
	/**
	 * @param size the change's bytes
	 * @param reason why it cannot be shared, as a sentence
	 */
	constructor(
		readonly size: number,
		readonly reason: string
	) {
		super(
			`This edit is too large to share (${reason}), so it was not made. Split it into smaller edits or shorten long texts.`
		);
		this.name = 'ChangeTooLargeError';
	}
}

/** Why a local change could never be sealed into an entry peers accept; undefined if it can. */
export function unsealableReason(bytes: Uint8Array): string | undefined {
	if (bytes.length > MAX_LOCAL_CHANGE_SIZE)
		return `${mb(bytes.length)}, over the ${mb(MAX_PAYLOAD_SIZE)} one signed entry holds`;
	const cost = changeCost(bytes);
	if (!cost.ok) return `it holds ${cost.error.reason}`;
	return undefined;
}

/**
 * Groups local changes (in order) into the payloads of successive entries: each under the
 * payload size ({@link MAX_PAYLOAD_SIZE}) and the ops peers accept in one entry
 * ({@link MAX_ENTRY_OPS}). A change alone past either still gets a group of its own.
 */
export function sealGroups<T extends { readonly bytes: Uint8Array }>(changes: readonly T[]): T[][] {
	const groups: T[][] = [];
	let group: T[] = [];
	let size = 0;
	let ops = 0;
	for (const c of changes) {
		const cost = changeCost(c.bytes);
		const cOps = cost.ok ? cost.value.ops : 0;
		if (
			group.length &&
			(size + c.bytes.length + PAYLOAD_OVERHEAD > MAX_PAYLOAD_SIZE || ops + cOps > MAX_ENTRY_OPS)
		) {
			groups.push(group);
			group = [];
			size = 0;
			ops = 0;
		}
		group.push(c);
		size += c.bytes.length + PAYLOAD_OVERHEAD;
		ops += cOps;
	}
	if (group.length) groups.push(group);
	return groups;
}

/** An unsealed change dropped on open, and why. */
export interface DroppedChange {
	readonly hash: string;
	readonly reason: string;
}

/**
 * Splits stored unsealed changes (oldest first) into those that can be sealed and those that
 * cannot: unsealable ones and every one that depends on them (peers could never apply it).
 */
export function partitionUnsealed(changes: readonly Uint8Array[]): {
	keep: Uint8Array[];
	drop: DroppedChange[];
} {
	const keep: Uint8Array[] = [];
	const drop: DroppedChange[] = [];
	const dropped = new Set<string>();
	for (const bytes of changes) {
		const c = A.decodeChange(bytes);
		const why = unsealableReason(bytes);
		const after = c.deps.find((d) => dropped.has(d));
		if (why || after) {
			dropped.add(c.hash);
			drop.push({
				hash: c.hash,
				reason: why ?? `it depends on change ${after!.slice(0, 12)}, which cannot be shared`
			});
		} else keep.push(bytes);
	}
	return { keep, drop };
}

/**
 * The document without the changes `hashes` and every change after them in its history (a
 * copy at the heads that remain, with `actor`); `doc` itself if it holds none of them.
 */
export function rewindWithout<T>(
	doc: A.Doc<T>,
	hashes: ReadonlySet<string>,
	actor: string
): A.Doc<T> {
	const meta = A.getChangesMetaSince(doc, []);
	const children = new Map<string, string[]>();
	for (const m of meta)
		for (const d of m.deps) children.set(d, [...(children.get(d) ?? []), m.hash]);
	const gone = new Set<string>();
	const stack = meta.filter((m) => hashes.has(m.hash)).map((m) => m.hash);
	if (!stack.length) return doc;
	while (stack.length) {
		const h = stack.pop()!;
		if (gone.has(h)) continue;
		gone.add(h);
		stack.push(...(children.get(h) ?? []));
	}
	const kept = meta.filter((m) => !gone.has(m.hash));
	const inner = new Set(kept.flatMap((m) => m.deps));
	const heads = kept.filter((m) => !inner.has(m.hash)).map((m) => m.hash);
	return A.clone(A.view(doc, heads), { actor: actor as A.ActorId });
}
