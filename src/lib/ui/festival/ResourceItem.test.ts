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

describe('ResourceItem owner', () => {
	const owned = (ownerName: string | null) =>
		({ ...view('https://x.example'), ownerName }) as unknown as ResourceView;

	it('shows the name the owner published, with the full key as its title', () => {
		const out = render(ResourceItem, { props: { r: owned('Ada'), tz: 'UTC', mine: false } }).body;
		expect(out).toContain(`title="Key ${'ff'.repeat(32)}"`);
		expect(out).toMatch(/data-testid="person">Ada<\/span>/);
	});

	it('shows the label that tells like names apart, or the short key without a name', () => {
		const people = [{ key: 'ff'.repeat(32), name: 'Ada', label: 'Ada (ffffffff)' }];
		const out = render(ResourceItem, {
			props: { r: owned('Ada'), tz: 'UTC', mine: false, people }
		}).body;
		expect(out).toContain('Ada (ffffffff)');
		expect(
			render(ResourceItem, { props: { r: owned(null), tz: 'UTC', mine: false } }).body
		).toContain('ffffffff…');
	});
});
