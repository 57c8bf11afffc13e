import { describe, expect, it } from 'vitest';
import { ALICE, MALLORY, Fest, tree } from '../read/tree.fixture.js';
import { readFestival } from '../read/views.js';
import { checkPlaceUrl, MAX_PLACE_URL, placeLink, readResource } from './schema.js';

const HOSTILE = [
	'javascript:alert(document.cookie)',
	'JavaScript:alert(1)',
	'  javascript:alert(1)',
	'java\tscript:alert(1)',
	'java\nscript:alert(1)',
	'\u0001javascript:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'vbscript:msgbox(1)',
	'file:///etc/passwd',
	'blob:https://festival.example/0b3c',
	'mailto:someone@example.org',
	'//evil.example/path',
	'/f/relative',
	'not a url at all',
	''
];

describe("placeLink: whether a location's web address is rendered as a link", () => {
	it('links http:, https: and geo: addresses, as a URL parser reads them', () => {
		expect(placeLink('https://meet.example/room?a=1&b=2')).toBe(
			'https://meet.example/room?a=1&b=2'
		);
		expect(placeLink('http://stage.example')).toBe('http://stage.example/');
		expect(placeLink('HTTPS://Meet.Example/Room')).toBe('https://meet.example/Room');
		expect(placeLink('geo:52.5200,13.4050')).toBe('geo:52.5200,13.4050');
	});

	it('javascript: location URL: never a link, however it is spelled', () => {
		for (const url of HOSTILE) expect(placeLink(url), JSON.stringify(url)).toBeUndefined();
		expect(placeLink(undefined)).toBeUndefined();
	});

	it('an address over the length limit is no link', () => {
		expect(placeLink('https://x.example/' + 'a'.repeat(MAX_PLACE_URL))).toBeUndefined();
	});
});

describe('checkPlaceUrl: a web address typed for a location', () => {
	it('takes http:, https: and geo: addresses, trimmed', () => {
		expect(checkPlaceUrl('  https://meet.example/room  ')).toEqual({
			ok: true,
			value: 'https://meet.example/room'
		});
		expect(checkPlaceUrl('geo:52.52,13.405').ok).toBe(true);
		expect(checkPlaceUrl('http://stage.example').ok).toBe(true);
	});

	it('javascript: location URL: refused on input, naming the scheme', () => {
		const r = checkPlaceUrl('javascript:alert(1)');
		expect(!r.ok && r.problems).toEqual([{ field: '', code: 'url-scheme', detail: 'javascript:' }]);
		for (const url of HOSTILE) expect(checkPlaceUrl(url).ok, JSON.stringify(url)).toBe(false);
	});

	it('refuses what is no URL, and over-long addresses', () => {
		const r = checkPlaceUrl('meet.example/room');
		expect(!r.ok && r.problems).toEqual([{ field: '', code: 'not-a-url' }]);
		expect(checkPlaceUrl('https://x.example/' + 'a'.repeat(MAX_PLACE_URL))).toEqual({
			ok: false,
			problems: [{ field: '', code: 'too-long', limit: MAX_PLACE_URL }]
		});
	});
});

describe('a hostile location URL stored by a peer', () => {
	it('javascript: location URL from a peer: the resource is read, the address kept as text, never linked', () => {
		const fest = new Fest(ALICE, 'Camp');
		// Straight into the document: an old client or a hostile peer skips the input check.
		const id = fest.resource(MALLORY, {
			name: 'Totally a stage',
			place: { url: 'javascript:alert(1)', address: 'Field 3' }
		});
		const view = readFestival(tree(fest), fest.id)!;
		const r = view.resources.find((x) => x.id === id)!;
		expect(r.place).toEqual({ url: 'javascript:alert(1)', address: 'Field 3' });
		expect(placeLink(r.place?.url)).toBeUndefined();
	});

	it('javascript: location URL: readResource never throws on odd url values', () => {
		for (const url of [...HOSTILE, 5, null, { val: 'javascript:1' }, ['x']]) {
			const r = readResource({ name: 'Stage', kind: 'location', place: { url } });
			expect(r.ok).toBe(true);
			if (r.ok) expect(placeLink(r.value.place?.url)).toBeUndefined();
		}
	});
});
