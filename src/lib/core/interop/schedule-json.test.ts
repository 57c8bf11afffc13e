import { describe, expect, it } from 'vitest';
import { addEvent } from '../festival/document/doc.js';
import { ALICE, BOB, Fest, hours, tree } from '../festival/read/tree.fixture.js';
import { exportScheduleJson, NO_ROOM, uuidV5, zonedIso } from './schedule-json.js';
import { sample, scheduleValidator } from './schedule.fixture.js';

const validate = scheduleValidator();

describe('the schema validator', () => {
	it('accepts the pretalx sample and rejects the invalid one', () => {
		expect(validate(JSON.parse(sample('pretalx-democon.json')))).toEqual([]);
		expect(validate(JSON.parse(sample('invalid-example.json'))).length).toBeGreaterThan(0);
	});
});

describe('schedule.json export', () => {
	function build() {
		const fest = new Fest(ALICE, 'Summer Camp 2026');
		const hall = fest.resource(ALICE, {
			name: 'Main hall',
			kind: 'location',
			place: { address: 'Hauptstr. 1' }
		});
		const twin = fest.resource(BOB, {
			name: 'Main hall',
			kind: 'location',
			place: { url: 'https://meet.example/x' }
		});
		const beamer = fest.resource(BOB, { name: 'Beamer', kind: 'thing' });
		const talk = fest.edit(BOB, (d) =>
			addEvent(d, BOB, {
				title: 'Rust & “Ünicode”!',
				description: 'About things.',
				...hours(10, 11),
				tags: ['Talk', 'Systems'],
				requests: [
					{ resource: hall, festival: fest.id },
					{ resource: beamer, festival: fest.id }
				]
			})
		);
		const online = fest.event(BOB, hours(12, 14), [{ resource: twin }], 'Online workshop');
		const night = fest.event(
			ALICE,
			{ start: '2026-07-02T21:30:00Z', end: '2026-07-03T01:00:00Z' },
			[{ resource: beamer }],
			'Late night'
		);
		const later = fest.event(ALICE, hours(9, 10, '2026-07-04'), [], 'Closing');
		fest.decide(ALICE, { resource: hall, event: talk, verdict: 'accept', frame: hours(10, 11) });
		return { fest, hall, twin, talk, online, night, later };
	}

	it('validates against the schema and carries every event', () => {
		const b = build();
		const r = exportScheduleJson(tree(b.fest), b.fest.id);
		if (!r.ok) throw new Error(r.error.reason);
		const doc = JSON.parse(JSON.stringify(r.value));
		expect(validate(doc)).toEqual([]);
		const c = r.value.schedule.conference;
		expect(c).toMatchObject({
			title: 'Summer Camp 2026',
			acronym: 'summer_camp_2026',
			start: '2026-07-01',
			end: '2026-07-04',
			daysCount: 4,
			time_zone_name: 'Europe/Berlin'
		});
		expect(c.rooms.map((x) => x.name)).toEqual(['Main hall', 'Main hall (2)', NO_ROOM]);
		expect(c.rooms[1]).toMatchObject({ url: 'https://meet.example/x' });
		expect(c.days.map((d) => [d.index, d.date, d.day_start, d.day_end])).toEqual([
			[1, '2026-07-01', '2026-07-01T00:00:00+02:00', '2026-07-01T23:59:59+02:00'],
			[2, '2026-07-02', '2026-07-02T00:00:00+02:00', '2026-07-02T23:59:59+02:00'],
			[3, '2026-07-03', '2026-07-03T00:00:00+02:00', '2026-07-03T23:59:59+02:00'],
			[4, '2026-07-04', '2026-07-04T00:00:00+02:00', '2026-07-04T23:59:59+02:00']
		]);
		const talk = c.days[0]!.rooms['Main hall']![0]!;
		expect(talk).toMatchObject({
			guid: uuidV5(`urn:festival:${b.fest.id}:${b.talk}`),
			date: '2026-07-01T12:00:00+02:00',
			start: '12:00',
			end: '2026-07-01T13:00:00+02:00',
			duration: '01:00',
			room: 'Main hall',
			title: 'Rust & “Ünicode”!',
			type: 'talk',
			track: 'Systems',
			abstract: 'About things.',
			url: `urn:festival:${b.fest.id}:${b.talk}`
		});
		expect(talk.slug).toMatch(/^summer-camp-2026-\d+-rust-unicode$/);
		expect(c.days[0]!.rooms['Main hall (2)']![0]).toMatchObject({
			title: 'Online workshop',
			type: 'other',
			track: 'test'
		});
		// 23:30 in Berlin, ending after midnight: on the day it starts, 3.5 hours long.
		expect(c.days[1]!.rooms[NO_ROOM]![0]).toMatchObject({
			title: 'Late night',
			start: '23:30',
			duration: '03:30'
		});
		expect(c.days[2]!.rooms).toEqual({});
		// Stable across exports.
		const again = exportScheduleJson(tree(b.fest), b.fest.id);
		expect(again.ok && again.value).toEqual(r.value);
	});

	it('exports an empty festival and an awkward name validly', () => {
		const fest = new Fest(ALICE, '⛺');
		const r = exportScheduleJson(tree(fest), fest.id, { now: new Date('2026-05-01T00:00:00Z') });
		if (!r.ok) throw new Error(r.error.reason);
		expect(validate(JSON.parse(JSON.stringify(r.value)))).toEqual([]);
		expect(r.value.schedule.conference).toMatchObject({
			acronym: `festival_${fest.id.slice(0, 8)}`,
			start: '2026-05-01',
			daysCount: 0,
			days: []
		});
	});

	it('makes RFC 9562 version-5 UUIDs and offsets', () => {
		// The RFC's own example: the DNS namespace and "www.example.com".
		expect(uuidV5('www.example.com', '6ba7b8109dad11d180b400c04fd430c8')).toBe(
			'2ed6657d-e927-568b-95e1-2665a8aea6a2'
		);
		expect(zonedIso(Date.parse('2026-01-15T09:00:00Z'), 'America/St_Johns')).toBe(
			'2026-01-15T05:30:00-03:30'
		);
	});

	it('fails for a festival not in the tree', () => {
		const fest = new Fest(ALICE, 'x');
		expect(exportScheduleJson(tree(), fest.id).ok).toBe(false);
	});
});
