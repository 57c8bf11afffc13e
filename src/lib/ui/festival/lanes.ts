/**
 * Side by side placement of overlapping intervals (events in one location column of the
 * schedule grid): intervals that overlap, directly or through others, form a cluster; each
 * takes the lowest lane free at its start; a cluster is as wide as the lanes it needed.
 * Intervals are half-open, so one ending where another starts does not overlap it.
 * @module
 */

/** A half-open interval [start, end). */
export interface Interval {
	readonly start: number;
	readonly end: number;
}

/** Where an interval goes: its lane, and how many lanes its cluster has. */
export interface Lane {
	readonly lane: number;
	readonly lanes: number;
}

/** Lanes for `items`, in input order. Ties keep input order (stable). */
export function assignLanes(items: readonly Interval[]): Lane[] {
	const order = items
		.map((_, i) => i)
		.sort((a, b) => items[a]!.start - items[b]!.start || items[b]!.end - items[a]!.end || a - b);
	const out: { lane: number; lanes: number }[] = new Array(items.length);
	let cluster: number[] = [];
	let laneEnds: number[] = [];
	let clusterEnd = -Infinity;
	const close = () => {
		for (const i of cluster) out[i]!.lanes = laneEnds.length;
		cluster = [];
		laneEnds = [];
	};
	for (const i of order) {
		const it = items[i]!;
		if (it.start >= clusterEnd) close();
		let lane = laneEnds.findIndex((end) => end <= it.start);
		if (lane === -1) {
			lane = laneEnds.length;
			laneEnds.push(it.end);
		} else {
			laneEnds[lane] = it.end;
		}
		out[i] = { lane, lanes: 0 };
		cluster.push(i);
		clusterEnd = cluster.length === 1 ? it.end : Math.max(clusterEnd, it.end);
	}
	close();
	return out;
}

/**
 * The sub-columns [from, to) of a column split into `columnLanes` that lane `lane` of a
 * cluster of `lanes` covers: the cluster's lanes share the column evenly.
 */
export function laneSpan(
	lane: number,
	lanes: number,
	columnLanes: number
): { from: number; to: number } {
	return {
		from: Math.floor((lane * columnLanes) / lanes),
		to: Math.floor(((lane + 1) * columnLanes) / lanes)
	};
}
