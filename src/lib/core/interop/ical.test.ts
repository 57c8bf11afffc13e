import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { addEvent } from '../festival/document/doc.js';
import { ALICE, BOB, Fest, hours, tree } from '../festival/read/tree.fixture.js';
import type { EventId, FestivalId, ResourceId } from '../festival/document/ids.js';
import { eventUid, exportIcs, foldLine, PRODID, resourceAddress } from './ical.js';

const NOW = new Date('2026-06-01T08:00:00Z');
const TRICKY = 'Bring: laptops, cables; snacks\nand a backslash \\ — ünïcödé ✓ 🎪 '.repeat(3);

interface Built {
	fest: Fest;
	hall: ResourceId;
	online: ResourceId;
	beamer: ResourceId;
	talk: EventId;
	workshop: EventId;
	winter: EventId;
}

function build(): Built {
	const fest = new Fest(ALICE, 'Summer, camp; 2026');
	const hall = fest.resource(ALICE, {
		name: 'Main hall',
		kind: 'location',
		place: { lat: 52.5, lon: 13.4, address: 'Hauptstr. 1, Berlin' }
	});
	const online = fest.resource(ALICE, {
		name: 'Stream',
		kind: 'location',
		place: { url: 'https://meet.example/room?a=1&b=2' }
	});
	const beamer = fest.resource(BOB, { name: 'Beamer', kind: 'thing' });
	// Through addEvent directly: the fixture's event() fixes the tags.
	const frame = hours(10, 11);
	const requests = [hall, beamer].map((resource) => ({ resource, festival: fest.id }));
	const talk = fest.edit(BOB, (d) =>
		addEvent(d, BOB, {
			title: TRICKY.slice(0, 80),
			description: TRICKY,
			...frame,
			tags: ['talk', 'a,b', 'x;y'],
			requests
		})
	);
	const workshop = fest.event(BOB, hours(12, 14), [{ resource: online }], 'Workshop');
	const winter = fest.event(ALICE, hours(9, 10, '2026-01-15'), [], 'Winter talk');
	fest.decide(ALICE, { resource: hall, event: talk, verdict: 'accept', frame: hours(10, 11) });
	fest.decide(BOB, { resource: beamer, event: talk, verdict: 'accept', frame: hours(10, 11) });
	fest.decide(ALICE, {
		resource: online,
		event: workshop,
		verdict: 'deny',
		reason: 'taken',
		frame: hours(12, 14)
	});
	return { fest, hall, online, beamer, talk, workshop, winter };
}

function parse(ics: string): ICAL.Component {
	return new ICAL.Component(ICAL.parse(ics));
}

function events(cal: ICAL.Component): Map<string, ICAL.Component> {
	return new Map(
		cal.getAllSubcomponents('vevent').map((v) => [String(v.getFirstPropertyValue('uid')), v])
	);
}

function exportOf(b: Built, scope?: Parameters<typeof exportIcs>[2]): string {
	const r = exportIcs(tree(b.fest), b.fest.id, { now: NOW, ...scope });
	if (!r.ok) throw new Error(r.error.reason);
	return r.value;
}

describe('iCalendar export', () => {
	it('round-trips every field through ical.js', () => {
		const b = build();
		const ics = exportOf(b);
		const cal = parse(ics);
		expect(cal.getFirstPropertyValue('prodid')).toBe(PRODID);
		expect(cal.getFirstPropertyValue('version')).toBe('2.0');
		expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Summer, camp; 2026');
		expect(cal.getFirstPropertyValue('name')).toBe('Summer, camp; 2026');
		const tz = cal.getFirstSubcomponent('vtimezone')!;
		expect(tz.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');

		const vs = events(cal);
		expect([...vs.keys()].sort()).toEqual(
			[b.talk, b.workshop, b.winter].map((e) => eventUid(b.fest.id, e)).sort()
		);

		const talk = vs.get(eventUid(b.fest.id, b.talk))!;
		const ev = new ICAL.Event(talk);
		expect(ev.summary).toBe(TRICKY.slice(0, 80));
		expect(ev.description).toBe(TRICKY);
		// Wall time in Berlin (UTC+2 in July), resolving to the right instant through the VTIMEZONE.
		const start = talk.getFirstProperty('dtstart')!;
		expect(start.getParameter('tzid')).toBe('Europe/Berlin');
		expect(ev.startDate.toString()).toBe('2026-07-01T12:00:00');
		expect(ev.startDate.toUnixTime()).toBe(Date.parse(hours(10, 11).start) / 1000);
		expect(ev.endDate.toUnixTime()).toBe(Date.parse(hours(10, 11).end) / 1000);
		expect(ev.location).toBe('Main hall, Hauptstr. 1, Berlin');
		expect(talk.getFirstPropertyValue('geo')).toEqual([52.5, 13.4]);
		expect(talk.getFirstProperty('categories')!.getValues()).toEqual(['talk', 'a,b', 'x;y']);
		expect(talk.getFirstPropertyValue('status')).toBe('CONFIRMED');
		expect(talk.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-06-01T08:00:00Z');
		const attendees = talk.getAllProperties('attendee').map((p) => ({
			value: p.getFirstValue(),
			cn: p.getParameter('cn'),
			cutype: p.getParameter('cutype'),
			role: p.getParameter('role'),
			partstat: p.getParameter('partstat')
		}));
		expect(attendees).toEqual(
			expect.arrayContaining([
				{
					value: resourceAddress(b.fest.id, b.hall),
					cn: 'Main hall',
					cutype: 'ROOM',
					role: 'NON-PARTICIPANT',
					partstat: 'ACCEPTED'
				},
				{
					value: resourceAddress(b.fest.id, b.beamer),
					cn: 'Beamer',
					cutype: 'RESOURCE',
					role: 'NON-PARTICIPANT',
					partstat: 'ACCEPTED'
				}
			])
		);
		expect(attendees).toHaveLength(2);

		// A denied virtual location: declined, the event cancelled, and not where it is.
		const ws = vs.get(eventUid(b.fest.id, b.workshop))!;
		expect(ws.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(ws.getFirstProperty('attendee')!.getParameter('partstat')).toBe('DECLINED');
		expect(ws.getFirstProperty('attendee')!.getParameter('cutype')).toBe('ROOM');
		expect(ws.getFirstPropertyValue('location')).toBeNull();

		// Winter time: UTC+1.
		const winter = new ICAL.Event(vs.get(eventUid(b.fest.id, b.winter))!);
		expect(winter.startDate.toString()).toBe('2026-01-15T10:00:00');
		expect(winter.startDate.toUnixTime()).toBe(Date.parse('2026-01-15T09:00:00Z') / 1000);
		expect(winter.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
		expect(winter.component.getFirstPropertyValue('categories')).toBe('test');
	});

	it('gives URL for a virtual location and pending requests NEEDS-ACTION', () => {
		const fest = new Fest(ALICE, 'Online');
		const online = fest.resource(ALICE, {
			name: 'Stream',
			kind: 'location',
			place: { url: 'https://meet.example/room?a=1&b=2' }
		});
		const e = fest.event(BOB, hours(12, 14), [{ resource: online }]);
		const r = exportIcs(tree(fest), fest.id, { now: NOW });
		if (!r.ok) throw new Error(r.error.reason);
		const v = events(parse(r.value)).get(eventUid(fest.id, e))!;
		expect(v.getFirstPropertyValue('url')).toBe('https://meet.example/room?a=1&b=2');
		expect(v.getFirstPropertyValue('location')).toBe('Stream');
		expect(v.getFirstPropertyValue('status')).toBe('TENTATIVE');
		expect(v.getFirstProperty('attendee')!.getParameter('partstat')).toBe('NEEDS-ACTION');
	});

	it("holds its sub-festivals' events (any depth, their own UIDs), not its parent's or a fork's", () => {
		const fest = new Fest(ALICE, 'Main');
		const stage = fest.resource(ALICE, { name: 'Stage', kind: 'location' });
		const sub = new Fest(BOB, 'Kids', fest.id);
		const subsub = new Fest(BOB, 'Tiny', sub.id);
		const top = fest.event(ALICE, hours(9, 10), [], 'Opening');
		const kids = sub.event(BOB, hours(10, 11), [{ resource: stage, festival: fest.id }], 'Puppets');
		const tiny = subsub.event(BOB, hours(11, 12), [], 'Naps');
		const fork = fest.forkFestival(BOB, 'Fork');
		fork.event(BOB, hours(13, 14), [], 'Forked only');
		const all = tree(fest, sub, subsub, fork);
		const uids = (id: FestivalId, scope?: Parameters<typeof exportIcs>[2]) => {
			const r = exportIcs(all, id, { now: NOW, ...scope });
			if (!r.ok) throw new Error(r.error.reason);
			return [...events(parse(r.value)).keys()].sort();
		};
		expect(uids(fest.id)).toEqual(
			[eventUid(fest.id, top), eventUid(sub.id, kids), eventUid(subsub.id, tiny)].sort()
		);
		expect(uids(sub.id)).toEqual([eventUid(sub.id, kids), eventUid(subsub.id, tiny)].sort());
		// At a location: the sub-festival's event that asked for it.
		expect(uids(fest.id, { scope: { kind: 'location', resource: stage } })).toEqual([
			eventUid(sub.id, kids)
		]);
	});

	it('keeps UIDs stable across exports', () => {
		const b = build();
		const uids = (ics: string) => [...events(parse(ics)).keys()].sort();
		expect(uids(exportOf(b))).toEqual(uids(exportOf(b, { now: new Date() })));
	});

	it('escapes text and folds every line to at most 75 octets', () => {
		const ics = exportOf(build());
		expect(ics.endsWith('\r\n')).toBe(true);
		const lines = ics.split('\r\n').slice(0, -1);
		for (const l of lines) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
		expect(lines.some((l) => l.startsWith(' '))).toBe(true);
		const unfolded = ics.replace(/\r\n /g, '');
		expect(unfolded).toContain('CATEGORIES:talk,a\\,b,x\\;y');
		expect(unfolded).toMatch(
			/DESCRIPTION:Bring: laptops\\, cables\\; snacks\\nand a backslash \\\\ /
		);
		expect(unfolded).not.toMatch(/[^\r]\n/);
	});

	it('folds without splitting a UTF-8 sequence', () => {
		const line = 'SUMMARY:' + '🎪é'.repeat(40);
		const folded = foldLine(line);
		for (const l of folded.split('\r\n'))
			expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
		expect(folded.replace(/\r\n /g, '')).toBe(line);
		expect(folded).not.toMatch(/\uFFFD/);
	});

	it('exports one location, or my agenda', () => {
		const b = build();
		const loc = exportIcs(tree(b.fest), b.fest.id, {
			now: NOW,
			scope: { kind: 'location', resource: b.hall }
		});
		if (!loc.ok) throw new Error(loc.error.reason);
		expect([...events(parse(loc.value)).keys()]).toEqual([eventUid(b.fest.id, b.talk)]);
		expect(parse(loc.value).getFirstPropertyValue('x-wr-calname')).toBe(
			'Summer, camp; 2026: Main hall'
		);
		// A location that denied the request does not show the event.
		const denied = exportIcs(tree(b.fest), b.fest.id, {
			now: NOW,
			scope: { kind: 'location', resource: b.online }
		});
		expect(denied.ok && events(parse(denied.value)).size).toBe(0);

		const uids = (me: string) => {
			const r = exportIcs(tree(b.fest), b.fest.id, { now: NOW, scope: { kind: 'agenda', me } });
			if (!r.ok) throw new Error(r.error.reason);
			return [...events(parse(r.value)).keys()].sort();
		};
		// Alice owns the winter talk and the hall (used by the talk); the workshop was denied her stream.
		expect(uids(ALICE)).toEqual(
			[eventUid(b.fest.id, b.talk), eventUid(b.fest.id, b.winter)].sort()
		);
		expect(uids(BOB)).toEqual(
			[eventUid(b.fest.id, b.talk), eventUid(b.fest.id, b.workshop)].sort()
		);
		expect(uids('00'.repeat(32))).toEqual([]);
	});

	it('reports an unknown festival or resource', () => {
		const b = build();
		expect(exportIcs(tree(b.fest), 'ab'.repeat(32) as FestivalId).ok).toBe(false);
		const r = exportIcs(tree(b.fest), b.fest.id, {
			scope: { kind: 'location', resource: 'cd'.repeat(16) as ResourceId }
		});
		expect(r.ok ? '' : r.error.reason).toMatch(/no resource/);
	});
});
