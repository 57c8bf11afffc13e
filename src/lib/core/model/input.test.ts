import { describe, expect, it } from 'vitest';
import type { FestivalId, ResourceId } from '../festival/document/ids.js';
import { checkDecision } from './decision.js';
import { checkEvent } from './event.js';
import { checkName, checkNewFestival } from './meta.js';
import { checkPlaceUrl, MAX_PLACE_URL } from './place.js';
import { checkResource, type ResourceInput } from './resource.js';
import { TEXT_LIMITS } from './text.js';

const problems = (r: { ok: boolean; problems?: unknown }) => (r.ok ? [] : r.problems);
const room: ResourceInput = { name: 'Hall', kind: 'location' };
const frame = { start: '2026-07-01T10:00:00Z', end: '2026-07-01T11:00:00Z' };
const talk = { title: 'Talk', ...frame, tags: [], requests: [] };
const R = 'ab'.repeat(16) as ResourceId;
const F = 'cd'.repeat(32) as FestivalId;

describe('input rules: text lengths', () => {
	it.each([
		['name', { ...room, name: 'n'.repeat(TEXT_LIMITS.name + 1) }],
		['description', { ...room, description: 'd'.repeat(TEXT_LIMITS.description + 1) }],
		['policy', { ...room, policy: 'p'.repeat(TEXT_LIMITS.policy + 1) }],
		['place.address', { ...room, place: { address: 'a'.repeat(TEXT_LIMITS.address + 1) } }],
		['place.url', { ...room, place: { url: 'https://x.example/' + 'u'.repeat(MAX_PLACE_URL) } }]
	] as const)(
		'a resource: %s one over its limit is too long, at the limit fine',
		(field, input) => {
			const [p] = problems(checkResource(input)) as { field: string; code: string }[];
			expect(p).toMatchObject({ field, code: 'too-long' });
		}
	);

	it('at the limit is fine; text is trimmed first, and blank is required', () => {
		const r = checkResource({ ...room, name: ` ${'n'.repeat(TEXT_LIMITS.name)} ` });
		expect(r.ok && r.value.name).toHaveLength(TEXT_LIMITS.name);
		expect(problems(checkResource({ ...room, name: ' \t ' }))).toEqual([
			{ field: 'name', code: 'required' }
		]);
		expect(problems(checkEvent({ ...talk, title: 't'.repeat(301) }))).toEqual([
			{ field: 'title', code: 'too-long', limit: 300 }
		]);
		expect(
			problems(
				checkDecision({
					resource: R,
					event: R as never,
					festival: F,
					verdict: 'deny',
					frame,
					at: frame.start,
					reason: 'r'.repeat(501)
				})
			)
		).toEqual([{ field: 'reason', code: 'too-long', limit: 500 }]);
		expect(problems(checkName('x'.repeat(201)))).toEqual([
			{ field: '', code: 'too-long', limit: 200 }
		]);
	});

	it('very long input (a megabyte) is refused as too long, not choked on', () => {
		const huge = 'x'.repeat(1_000_000);
		expect(problems(checkResource({ ...room, name: huge }))).toEqual([
			{ field: 'name', code: 'too-long', limit: TEXT_LIMITS.name }
		]);
		expect(problems(checkPlaceUrl('https://x.example/' + huge))).toEqual([
			{ field: '', code: 'too-long', limit: MAX_PLACE_URL }
		]);
	});
});

describe('input rules: tags', () => {
	it('each tag: trimmed, not blank, at most 50 characters; repeats kept once', () => {
		const r = checkEvent({ ...talk, tags: [' music ', 'music', 'talk'] });
		expect(r.ok && r.value.tags).toEqual(['music', 'talk']);
		expect(problems(checkEvent({ ...talk, tags: ['ok', 'g'.repeat(51)] }))).toEqual([
			{ field: 'tags.1', code: 'too-long', limit: 50 }
		]);
		expect(problems(checkEvent({ ...talk, tags: [' '] }))).toEqual([
			{ field: 'tags.0', code: 'required' }
		]);
	});
});

describe('input rules: times', () => {
	it('an event ends after it starts; instants are UTC ISO strings', () => {
		expect(problems(checkEvent({ ...talk, start: frame.end, end: frame.start }))).toEqual([
			{ field: 'end', code: 'end-before-start' }
		]);
		expect(problems(checkEvent({ ...talk, start: '2026-07-01 10:00' }))).toEqual([
			{ field: 'start', code: 'invalid-time' }
		]);
		expect(problems(checkEvent({ ...talk, end: '' }))).toEqual([
			{ field: 'end', code: 'required' }
		]);
	});

	it("a request's own frame lies within its event's", () => {
		const request = {
			resource: R,
			festival: F,
			frame: { start: frame.start, end: '2026-07-01T12:00:00Z' }
		};
		expect(problems(checkEvent({ ...talk, requests: [request] }))).toEqual([
			{ field: 'requests', code: 'outside-event' }
		]);
	});

	it('availability windows: each a frame, its end after its start', () => {
		expect(
			problems(
				checkResource({ ...room, availability: [frame, { start: frame.end, end: frame.start }] })
			)
		).toEqual([{ field: 'availability.1.end', code: 'end-before-start' }]);
	});
});

describe('input rules: numbers', () => {
	it('coordinates: numbers (or text of one) within ±90 and ±180, given as a pair', () => {
		const ok = checkResource({ ...room, place: { lat: ' 52.5 ', lon: -13.4 } });
		expect(ok.ok && ok.value.place).toEqual({ lat: 52.5, lon: -13.4 });
		expect(problems(checkResource({ ...room, place: { lat: 90.1, lon: 0 } }))).toEqual([
			{ field: 'place.lat', code: 'out-of-range', limit: 90 }
		]);
		expect(problems(checkResource({ ...room, place: { lat: 0, lon: '-180.5' } }))).toEqual([
			{ field: 'place.lon', code: 'out-of-range', limit: 180 }
		]);
		for (const lat of ['north', '', 'NaN', Number.NaN, Infinity])
			expect(problems(checkResource({ ...room, place: { lat, lon: 1 } })), String(lat)).toEqual([
				{
					field: 'place.lat',
					code: Number.isNaN(Number(lat)) || lat === '' ? 'not-a-number' : 'out-of-range',
					...(lat === Infinity ? { limit: 90 } : {})
				}
			]);
		expect(problems(checkResource({ ...room, place: { lat: 1 } }))).toEqual([
			{ field: 'place', code: 'lat-lon-pair' }
		]);
	});

	it('capacity: a whole number of at least 1 (typed as digits)', () => {
		expect(checkResource({ ...room, capacity: ' 12 ' })).toMatchObject({
			ok: true,
			value: { capacity: 12 }
		});
		for (const capacity of ['1.5', '1e3', '-1', 'two', 1.5, Number.MAX_SAFE_INTEGER + 2])
			expect(problems(checkResource({ ...room, capacity })), String(capacity)).toEqual([
				{ field: 'capacity', code: 'not-whole' }
			]);
		expect(problems(checkResource({ ...room, capacity: 0 }))).toEqual([
			{ field: 'capacity', code: 'too-small', limit: 1 }
		]);
	});
});

describe('input rules: kinds, places, zones', () => {
	it('a kind is one of the four; a place is for locations only', () => {
		expect(problems(checkResource({ ...room, kind: 'van' as never }))).toEqual([
			{ field: 'kind', code: 'unknown-kind' }
		]);
		expect(
			problems(checkResource({ name: 'Van', kind: 'thing', place: { address: 'Yard' } }))
		).toEqual([{ field: 'place', code: 'location-only' }]);
		expect(problems(checkResource({ ...room, place: { address: ' ' } }))).toEqual([
			{ field: 'place.address', code: 'required' }
		]);
	});

	it('a time zone is one this platform knows', () => {
		expect(checkNewFestival({ name: 'Camp', tz: 'Europe/Berlin' }).ok).toBe(true);
		expect(problems(checkNewFestival({ name: 'Camp', tz: 'Mars/Base' }))).toEqual([
			{ field: 'tz', code: 'unknown-time-zone' }
		]);
	});
});

describe('input rules: web addresses', () => {
	it('http:, https: and geo: only; hostile schemes refused with the scheme named', () => {
		for (const url of ['https://meet.example/room', 'http://x.example', 'geo:52.52,13.405'])
			expect(checkPlaceUrl(url).ok, url).toBe(true);
		const hostile: [string, string][] = [
			['javascript:alert(1)', 'javascript:'],
			['JavaScript:alert(1)', 'javascript:'],
			['java\tscript:alert(1)', 'javascript:'],
			['data:text/html,<script>alert(1)</script>', 'data:'],
			['vbscript:msgbox(1)', 'vbscript:'],
			['file:///etc/passwd', 'file:'],
			['blob:https://x.example/0b3c', 'blob:']
		];
		for (const [url, scheme] of hostile)
			expect(problems(checkPlaceUrl(url)), url).toEqual([
				{ field: '', code: 'url-scheme', detail: scheme }
			]);
	});

	it('control characters and bidi overrides: trimmed at the ends, refused inside a scheme', () => {
		expect(problems(checkPlaceUrl('\u0001javascript:alert(1)'))).toEqual([
			{ field: '', code: 'url-scheme', detail: 'javascript:' }
		]);
		expect(problems(checkPlaceUrl('\u202Ehttps://x.example'))).toEqual([
			{ field: '', code: 'not-a-url' }
		]);
		expect(problems(checkPlaceUrl('ja\u0000vascript:alert(1)'))).toEqual([
			{ field: '', code: 'not-a-url' }
		]);
		for (const url of ['meet.example/room', '//evil.example', '/relative', ''])
			expect(checkPlaceUrl(url).ok, url).toBe(false);
	});
});
