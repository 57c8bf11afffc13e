import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { FestivalId } from '../../core/festival/document/ids.js';
import type { ReadProblem } from '../../core/festival/read/views.js';
import NotAccepted from './NotAccepted.svelte';

const F = 'f'.repeat(64) as FestivalId;
const html = (problems: ReadProblem[]) => render(NotAccepted, { props: { problems } }).body;

describe('NotAccepted', () => {
	it('shows nothing when everything was accepted', () => {
		expect(html([])).not.toContain('not-accepted');
	});

	it('a collapsed list of where and why, reasons as given (escaped)', () => {
		const out = html([
			{
				festival: F,
				where: 'log b0b0b0b0/1',
				reason: 'signed two different histories; everything this log wrote is ignored'
			},
			{ festival: F, where: 'meta', reason: 'name <b>too</b> long' }
		]);
		expect(out).toMatch(/<details class="card not-accepted[^"]*" data-testid="not-accepted">/);
		expect(out).not.toMatch(/<details[^>]*\sopen/);
		expect(out).toMatch(/<summary[^>]*>2 things were not accepted<\/summary>/);
		expect(out).toContain(
			'Everything b0b0b0b0… wrote on one device</span>: signed two different histories; everything this log wrote is ignored'
		);
		expect(out).toContain('name &lt;b>too&lt;/b> long');
		expect(out).not.toContain('<b>too');
	});
});
