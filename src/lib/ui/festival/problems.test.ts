import { describe, expect, it } from 'vitest';
import type { FestivalId } from '../../core/festival/document/ids.js';
import type { ReadProblem } from '../../core/festival/read/views.js';
import { describeWhere, namesOf, problemSummary, problemTitle } from './problems.js';

const F = 'f'.repeat(64) as FestivalId;
const ALICE = 'a1b2c3d4'.repeat(8);
const BOB = 'b0b0b0b0'.repeat(8);
const EVENT = ALICE.slice(0, 16) + '0123456789abcdef';
const RESOURCE = BOB.slice(0, 16) + 'fedcba9876543210';
const p = (where: string, reason: string): ReadProblem => ({ festival: F, where, reason });

const names = namesOf([
	{ events: new Map([[EVENT, { title: 'Opening' }]]), resources: new Map(), removed: new Map() },
	{
		events: new Map(),
		resources: new Map(),
		removed: new Map([[RESOURCE, { name: 'Main stage' }]])
	}
]);

describe('problemTitle', () => {
	it('counts in words', () => {
		expect(problemTitle(1)).toBe('1 thing was not accepted');
		expect(problemTitle(3)).toBe('3 things were not accepted');
	});
});

describe('describeWhere', () => {
	it('names events and resources the tree knows (removed resources too)', () => {
		expect(describeWhere(`events/${EVENT}`, names)).toBe('The event “Opening”');
		expect(describeWhere(`resources/${RESOURCE}`, names)).toBe('The resource “Main stage”');
		expect(describeWhere(`events/${EVENT}/requests/${RESOURCE}`, names)).toBe(
			'The request of the event “Opening” for the resource “Main stage”'
		);
		expect(describeWhere(`decisions/${RESOURCE}${EVENT}`, names)).toBe(
			'The answer to the request of the event “Opening” for the resource “Main stage”'
		);
	});

	it('falls back to a short id when the name is unknown', () => {
		expect(describeWhere(`events/${EVENT}`)).toBe('An event (id a1b2c3d4…)');
		expect(describeWhere(`resources/${RESOURCE}`)).toBe('A resource (id b0b0b0b0…)');
		expect(describeWhere('events/nope')).toBe('An event with a broken id');
	});

	it('says who wrote what a log or entry note is about, "you" for this device’s person', () => {
		expect(describeWhere('log b0b0b0b0/3')).toBe('Everything b0b0b0b0… wrote on one device');
		expect(describeWhere('log a1b2c3d4/3', names, ALICE)).toBe(
			'Everything you wrote on one device'
		);
		expect(describeWhere('entry 7 by b0b0b0b0', names, ALICE)).toBe('Change no. 7 from b0b0b0b0…');
		expect(describeWhere('by b0b0b0b0')).toBe('A change from b0b0b0b0…');
	});

	it('plain words for the festival itself and its list of sub-festivals; anything else as given', () => {
		expect(describeWhere('meta')).toBe('The festival’s details (name, time zone, parent)');
		expect(describeWhere('children/x')).toBe('A sub-festival listed here');
		expect(describeWhere('somewhere new')).toBe('somewhere new');
	});
});

describe('problemSummary', () => {
	it('is undefined without problems (nothing is shown)', () => {
		expect(problemSummary([])).toBeUndefined();
	});

	it('keeps the reasons as given, in order, counting repeats once', () => {
		const fork = 'signed two different histories; everything this log wrote is ignored';
		const s = problemSummary(
			[
				p('log b0b0b0b0/1', fork),
				p(`events/${EVENT}`, 'made by a log its author signed twice (forked): ignored'),
				p('log b0b0b0b0/1', fork)
			],
			names,
			ALICE
		);
		expect(s).toEqual({
			count: 2,
			title: '2 things were not accepted',
			lines: [
				{ what: 'Everything b0b0b0b0… wrote on one device', reason: fork },
				{
					what: 'The event “Opening”',
					reason: 'made by a log its author signed twice (forked): ignored'
				}
			],
			more: 0
		});
	});

	it('lists at most `limit` lines and counts the rest', () => {
		const many = Array.from({ length: 5 }, (_, i) =>
			p(`entry ${i} by b0b0b0b0`, 'refused: breaks the write rules')
		);
		const s = problemSummary(many, names, undefined, 2)!;
		expect(s.count).toBe(5);
		expect(s.lines.map((l) => l.what)).toEqual([
			'Change no. 0 from b0b0b0b0…',
			'Change no. 1 from b0b0b0b0…'
		]);
		expect(s.more).toBe(3);
	});
});
