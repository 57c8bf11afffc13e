/**
 * What groups mean for resources and requests (PROTOCOL.md, "Groups"): a resource whose
 * creator claimed it for a group is the group's, and a request for it is decided by the
 * group's members: the decisions that count (group-resolver.ts) make its history in causal
 * order, and the latest is the one that counts. What the resource's creator wrote at the
 * resource's own decision key does not count for a group's resource.
 * @module
 */
import { instant } from './instant.js';
import type { FestivalId, ResourceId } from '../document/ids.js';
import type { TimeFrame } from '../document/schema.js';
import { claimOf, isMember, type GroupIndex } from './groups.js';
import type { FestivalModel, HistoryEntry, OwnedResource, RequestState } from './tree-types.js';

const sameFrame = (a: TimeFrame, b: TimeFrame) =>
	instant(a.start) === instant(b.start) && instant(a.end) === instant(b.end);

/** Marks every resource of the tree that a claim gives to a group (a problem where it does not count). */
export function withGroupClaims(
	festivals: Map<FestivalId, FestivalModel>,
	index: GroupIndex
): void {
	if (!index.claims.size) return;
	for (const [fid, f] of festivals) {
		const mark = (m: ReadonlyMap<ResourceId, OwnedResource>) => {
			const out = new Map<ResourceId, OwnedResource>();
			for (const [rid, r] of m) {
				const c = claimOf(index, rid, r.owner);
				if (!c) {
					out.set(rid, r);
					continue;
				}
				if (!c.valid)
					f.problems.push({
						festival: fid,
						where: `resources/${rid}`,
						reason: index.groups.get(c.group)?.exists
							? `claimed for group ${c.group.slice(0, 8)} by someone not a member then: no one decides`
							: `claimed for group ${c.group.slice(0, 8)}, which is not known here: no one decides`
					});
				out.set(rid, { ...r, group: c.group, groupValid: c.valid });
			}
			return out;
		};
		festivals.set(fid, { ...f, resources: mark(f.resources), removed: mark(f.removed) });
	}
}

/** Whether `key` decides requests for `res`: its owner, or a member of the group that owns it. */
export function mayDecide(index: GroupIndex, res: OwnedResource, key: string): boolean {
	if (res.group === undefined) return res.owner === key;
	return res.groupValid === true && isMember(index, res.group, key);
}

/** Applies the decisions of a group's members that count to a request of a group's resource. */
export function applyGroupDecision(
	index: GroupIndex | undefined,
	q: RequestState,
	res: OwnedResource,
	names: ReadonlySet<FestivalId>
): void {
	const g = res.group!;
	const group = index?.groups.get(g);
	if (!index || !group?.exists || !res.groupValid) {
		q.reason = 'its owner group is not known here, or its claim does not count';
		return;
	}
	const acts = (index.decisions.get(q.resource + q.event) ?? []).filter(
		(n) => n.type === 'decide' && n.group === g && group.valid.has(n.id) && names.has(n.festival)
	);
	const history: HistoryEntry[] = [];
	for (const n of acts)
		if (n.type === 'decide')
			history.push({
				by: n.author,
				verdict: n.verdict,
				frame: n.frame,
				at: n.at,
				...(n.reason !== undefined ? { reason: n.reason } : {})
			});
	const latest = history.at(-1);
	if (!latest) return;
	q.history.push(...history);
	if (!sameFrame(latest.frame, q.frame)) {
		q.reason = 'the time frame changed since the owner decided';
		return;
	}
	q.status =
		latest.verdict === 'accept' ? 'accepted' : latest.verdict === 'deny' ? 'denied' : 'withdrawn';
	if (latest.reason !== undefined) q.reason = latest.reason;
}
