import { describe, expect, it } from 'vitest';
import { assignLanes, laneSpan, type Interval } from './lanes.js';

const iv = (start: number, end: number): Interval => ({ start, end });

/** No two intervals of one lane overlap. */
function lanesAreDisjoint(items: Interval[]): boolean {
	const lanes = assignLanes(items);
	return items.every((a, i) =>
		items.every(
			(b, j) => i === j || lanes[i]!.lane !== lanes[j]!.lane || a.end <= b.start || b.end <= a.start
		)
	);
}

describe('assignLanes', () => {
	it('puts lone and touching intervals in one lane (touching is not overlapping)', () => {
		expect(assignLanes([iv(0, 4), iv(4, 8), iv(10, 12)])).toEqual([
			{ lane: 0, lanes: 1 },
			{ lane: 0, lanes: 1 },
			{ lane: 0, lanes: 1 }
		]);
	});

	it('puts overlapping intervals side by side', () => {
		expect(assignLanes([iv(0, 4), iv(2, 6)])).toEqual([
			{ lane: 0, lanes: 2 },
			{ lane: 1, lanes: 2 }
		]);
	});

	it("a chain A-B-C where A and C do not overlap needs two lanes, C reusing A's", () => {
		expect(assignLanes([iv(0, 4), iv(3, 8), iv(5, 9)])).toEqual([
			{ lane: 0, lanes: 2 },
			{ lane: 1, lanes: 2 },
			{ lane: 0, lanes: 2 }
		]);
	});

	it('clusters are independent: a busy hour does not narrow a quiet one', () => {
		const lanes = assignLanes([iv(0, 2), iv(0, 2), iv(0, 2), iv(5, 6)]);
		expect(lanes.map((l) => l.lanes)).toEqual([3, 3, 3, 1]);
		expect(new Set(lanes.slice(0, 3).map((l) => l.lane))).toEqual(new Set([0, 1, 2]));
	});

	it('is stable for equal intervals and independent of input order for the lane count', () => {
		expect(assignLanes([iv(1, 3), iv(1, 3)]).map((l) => l.lane)).toEqual([0, 1]);
		const items = [iv(5, 9), iv(0, 4), iv(3, 8)];
		expect(assignLanes(items).map((l) => l.lanes)).toEqual([2, 2, 2]);
	});

	it('never puts overlapping intervals in one lane (200 random intervals)', () => {
		let seed = 7;
		const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
		const items = Array.from({ length: 200 }, () => {
			const s = Math.floor(rnd() * 100);
			return iv(s, s + 1 + Math.floor(rnd() * 10));
		});
		expect(lanesAreDisjoint(items)).toBe(true);
		const lanes = assignLanes(items);
		for (const l of lanes) expect(l.lane).toBeLessThan(l.lanes);
	});
});

describe('laneSpan', () => {
	it("shares a column evenly between a cluster's lanes", () => {
		expect(laneSpan(0, 1, 3)).toEqual({ from: 0, to: 3 });
		expect([0, 1].map((l) => laneSpan(l, 2, 3))).toEqual([
			{ from: 0, to: 1 },
			{ from: 1, to: 3 }
		]);
		expect([0, 1, 2].map((l) => laneSpan(l, 3, 3))).toEqual([
			{ from: 0, to: 1 },
			{ from: 1, to: 2 },
			{ from: 2, to: 3 }
		]);
	});
});
