import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { ResourceView } from '../../core/festival/read/views.js';
import ResourceItem from './ResourceItem.svelte';

const view = (url: string): ResourceView =>
	({
		id: 'r1',
		name: 'Stage',
		kind: 'location',
		policy: 'manual',
		owner: 'ff'.repeat(32),
		place: { url }
	}) as unknown as ResourceView;

const html = (url: string) =>
	render(ResourceItem, { props: { r: view(url), tz: 'UTC', mine: false } }).body;

describe('ResourceItem', () => {
	it('javascript: location URL: shown as text, never as a link', () => {
		for (const url of ['javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<b>x</b>']) {
			const out = html(url);
			expect(out, url).not.toMatch(/<a\b/);
			expect(out, url).toContain('data-testid="place-url-text"');
		}
	});

	it('links an https: address', () => {
		expect(html('https://meet.example/room')).toMatch(
			/<a href="https:\/\/meet\.example\/room" rel="noopener noreferrer" target="_blank">https:\/\/meet\.example\/room<\/a>/
		);
	});
});
