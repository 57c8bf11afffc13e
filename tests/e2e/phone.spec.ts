/**
 * A 390 × 844 phone: the header and the festival's tabs fit, and no main page scrolls
 * sideways (long ids, the Sync page, file inputs).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { addEvent, addResource, createFestival } from './festival-helpers.js';

test.use({ viewport: { width: 390, height: 844 } });

async function noSidewaysScroll(page: Page, what: string): Promise<void> {
	await page.waitForLoadState('networkidle').catch(() => undefined);
	const size = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth,
		client: document.documentElement.clientWidth
	}));
	expect(size.scroll, `${what}: page width ${size.scroll} > ${size.client}`).toBeLessThanOrEqual(
		size.client
	);
}

test('every main page fits a phone without sideways scrolling', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Festivals', exact: true })).toBeVisible();
	await noSidewaysScroll(page, 'festivals (first visit)');
	await page.getByRole('button', { name: 'Not now' }).click();
	await createFestival(page, 'Phone Fest with a rather long name for a small screen');
	await addResource(page, { name: 'Main hall', lat: '52.52', lon: '13.405' });
	await addEvent(page, {
		title: 'Opening with a long title that has to wrap somewhere',
		start: '2026-07-01T10:00',
		end: '2026-07-01T11:00',
		request: ['Main hall']
	});
	const base = new URL(page.url()).pathname.replace(/\/(resources|events)$/, '');
	for (const [path, what] of [
		[base, 'overview'],
		[`${base}/schedule`, 'schedule'],
		[`${base}/events`, 'events'],
		[`${base}/resources`, 'resources'],
		[`${base}/inbox`, 'inbox'],
		['/', 'festivals'],
		['/me', 'you'],
		['/sync', 'sync']
	] as const) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await noSidewaysScroll(page, what);
	}
	// The header and the festival's tabs are on screen, not cut off.
	await page.goto(base);
	for (const link of await page.getByRole('navigation').getByRole('link').all()) {
		const box = await link.boundingBox();
		expect(box && box.x >= 0 && box.x + box.width <= 390, String(await link.textContent())).toBe(
			true
		);
	}
});
