/**
 * Helpers of the fork attack tests: a snapshot built by hand, as a peer would send it, and
 * what a tree confirms for a resource at a time.
 * @module
 */
import * as A from '@automerge/automerge';
import { toHex } from '../../bytes.js';
import { decodeEntry } from '../../log/entry.js';
import type { FestivalDoc } from '../document/doc.js';
import type { FestivalId, ResourceId } from '../document/ids.js';
import type { TimeFrame } from '../document/schema.js';
import type { Snapshot, SnapshotLog } from '../files/snapshot.js';
import { readFestival, type FestivalTree } from '../read/views.js';
import { changeCount, type EntryItem } from './payload.js';

/** A snapshot of `doc` with the signatures of `items` (built by hand, as a peer would send it). */
export function snapshotOf(
	id: FestivalId,
	doc: A.Doc<FestivalDoc>,
	items: readonly EntryItem[]
): Snapshot {
	const logs = new Map<string, SnapshotLog & { entries: SnapshotLog['entries'][number][] }>();
	for (const it of items) {
		const e = decodeEntry(it.bytes);
		if (!e.ok) throw new Error(e.error.reason);
		const k = `${toHex(e.value.author)}/${e.value.logId}`;
		const log = logs.get(k) ?? { author: toHex(e.value.author), logId: e.value.logId, entries: [] };
		logs.set(k, log);
		log.entries[e.value.seqNum - 1] = {
			endOfLog: false,
			changes: changeCount(it.payload!)!,
			signature: e.value.signature
		};
	}
	return { festival: id, doc: A.save(doc), logs: [...logs.values()] };
}

/** The confirmed events of a tree's festivals that hold `resource` at `frame`. */
export function confirmedAt(tree: FestivalTree, resource: ResourceId, frame: TimeFrame): string[] {
	const out: string[] = [];
	for (const id of tree.keys()) {
		for (const e of readFestival(tree, id)!.events) {
			const q = e.requests.find((x) => x.resource === resource);
			if (
				q?.status === 'accepted' &&
				e.status.state === 'confirmed' &&
				q.start < frame.end &&
				frame.start < q.end
			)
				out.push(`${e.title}@${id.slice(0, 6)}`);
		}
	}
	return out;
}
