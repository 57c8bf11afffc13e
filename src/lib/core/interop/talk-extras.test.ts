import { describe, expect, it } from 'vitest';
import { linkUrl, linksParagraph, speakersParagraph, splitDescription } from './talk-extras.js';

describe('speakers and links kept in a description', () => {
	it('split back out what an import wrote, in either order of presence', () => {
		const d = [
			'Intro.',
			'More.',
			speakersParagraph(['Ann', 'Bo']),
			linksParagraph(['https://a.example/x'])
		].join('\n\n');
		expect(splitDescription(d)).toEqual({
			text: 'Intro.\n\nMore.',
			persons: ['Ann', 'Bo'],
			links: ['https://a.example/x']
		});
		expect(splitDescription('Speakers: Cy')).toEqual({ text: '', persons: ['Cy'], links: [] });
		expect(splitDescription(undefined)).toEqual({ text: '', persons: [], links: [] });
	});

	it('leave text alone that only looks like it, and links that are not web addresses', () => {
		expect(splitDescription('Links: javascript:alert(1)').links).toEqual([]);
		expect(splitDescription('Links: javascript:alert(1)').text).toBe('Links: javascript:alert(1)');
		expect(splitDescription('Speakers: Ann\n\nThe end.').persons).toEqual([]);
		expect(linkUrl(' https://ok.example ')).toBe('https://ok.example');
		expect(linkUrl('data:text/html,hi')).toBeUndefined();
		expect(linkUrl(42)).toBeUndefined();
	});
});
