/**
 * A location's web address leaving or entering through other tools' formats: only http:,
 * https: and geo: addresses, the ones the app itself renders as links (placeLink, model/place.ts).
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, MALLORY, Fest, hours, tree } from '../festival/read/tree.fixture.js';
import { eventUid, exportIcs } from './ical.js';
import { readSchedule } from './schedule-import.js';
import { exportScheduleJson } from './schedule-json.js';

/** A festival with Mallory's hostile "stage" (stored straight into the document) and a talk in it. */
function hostile(url: string) {
	const fest = new Fest(ALICE, 'Camp');
	const stage = fest.resource(MALLORY, { name: 'Stage', kind: 'location', place: { url } });
	const talk = fest.event(BOB, hours(10, 11), [{ resource: stage }], 'Talk');
	return { fest, stage, talk };
}

const HOSTILE = [
	'javascript:alert(1)',
	'JAVASCRIPT:alert(1)',
	'java\tscript:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'file:///etc/passwd'
];

describe('iCalendar export', () => {
	it('javascript: location URL: the event gets no URL property', () => {
		for (const url of HOSTILE) {
			const { fest, talk } = hostile(url);
			const r = exportIcs(tree(fest), fest.id, { now: new Date('2026-06-01T00:00:00Z') });
			if (!r.ok) throw new Error(r.error.reason);
			const cal = new ICAL.Component(ICAL.parse(r.value));
			const ev = cal
				.getAllSubcomponents('vevent')
				.find((v) => v.getFirstPropertyValue('uid') === eventUid(fest.id, talk))!;
			expect(ev.getFirstPropertyValue('url'), url).toBeNull();
			expect(ev.getFirstPropertyValue('location')).toBe('Stage');
		}
	});

	it('gives a geo: address as URL', () => {
		const { fest, talk } = hostile('geo:52.52,13.405');
		const r = exportIcs(tree(fest), fest.id, { now: new Date('2026-06-01T00:00:00Z') });
		if (!r.ok) throw new Error(r.error.reason);
		const cal = new ICAL.Component(ICAL.parse(r.value));
		const ev = cal
			.getAllSubcomponents('vevent')
			.find((v) => v.getFirstPropertyValue('uid') === eventUid(fest.id, talk))!;
		expect(ev.getFirstPropertyValue('url')).toBe('geo:52.52,13.405');
	});
});

describe('schedule.json export', () => {
	it('javascript: location URL: the room is exported without its url', () => {
		for (const url of HOSTILE) {
			const { fest } = hostile(url);
			const r = exportScheduleJson(tree(fest), fest.id);
			if (!r.ok) throw new Error(r.error.reason);
			const room = r.value.schedule.conference.rooms.find((x) => x.name === 'Stage')!;
			expect(room, url).toBeDefined();
			expect('url' in room, url).toBe(false);
		}
	});
});

describe('schedule.json import', () => {
	const file = (url: unknown) =>
		JSON.stringify({
			schedule: {
				version: '1',
				conference: {
					title: 'Imported',
					time_zone_name: 'UTC',
					rooms: [{ name: 'Stage', url }],
					days: []
				}
			}
		});

	it("javascript: location URL: a room's url is left out, and the problem reported", () => {
		for (const url of HOSTILE) {
			const r = readSchedule(file(url));
			expect(r.plan?.rooms, url).toEqual([{ name: 'Stage' }]);
			expect(r.problems, url).toContainEqual({
				where: 'schedule.conference.rooms[0].url',
				reason: expect.stringMatching(
					/^Stage: .* has the scheme [a-z]+:; a location's web address must start with http:, https: or geo:; left out$/
				)
			});
		}
	});

	it('keeps an https: room url', () => {
		const r = readSchedule(file(' https://stream.example/stage '));
		expect(r.plan?.rooms).toEqual([{ name: 'Stage', url: 'https://stream.example/stage' }]);
		expect(r.problems.filter((p) => p.where.endsWith('.url'))).toEqual([]);
	});
});
