/**
 * Accessibility: axe-core (WCAG 2 A and AA, colour contrast included) finds nothing on each
 * main page (the festival list, a festival's tabs and schedule grid, the You and Sync pages);
 * a festival can be created with the keyboard alone; the schedule's filters work.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { addEvent, addResource, createFestival, tab } from './festival-helpers.js';

/** The WCAG 2 A and AA violations axe finds on the page as it is, one line each. */
async function violations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	return results.violations.flatMap((v) =>
		v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}: ${n.failureSummary ?? v.help}`)
	);
}

test('axe finds no WCAG 2 A/AA violation on the main pages', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Festivals');
	expect(await violations(page), 'on the festival list (empty)').toEqual([]);
	await createFestival(page, 'Labelled Fest');
	await addResource(page, { name: 'Hall', policy: 'manual' });
	await page.getByRole('button', { name: 'Add availability window' }).first().click();
	await addEvent(page, {
		title: 'Talk',
		start: '2026-07-01T10:00',
		end: '2026-07-01T11:00',
		tags: 'music',
		request: ['Hall']
	});
	for (const t of ['Overview', 'Schedule', 'Events', 'Resources', 'Inbox']) {
		await tab(page, t);
		expect(await violations(page), `on the ${t} tab`).toEqual([]);
	}
	await tab(page, 'Schedule');
	await page.getByRole('button', { name: 'Grid' }).click();
	await expect(page.getByTestId('grid-event')).toHaveText(/Talk/);
	expect(await violations(page), 'on the schedule grid').toEqual([]);

	await page.getByTestId('sync-badge').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sync');
	expect(await violations(page), 'on the Sync page').toEqual([]);
	await page.getByLabel('Signaling server URL').fill('https://example.org/');
	await page.getByRole('button', { name: 'Save server', exact: true }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'ws://' })).toBeVisible();
	expect(await violations(page), 'on the Sync page, with an error').toEqual([]);
	await page.goto('/me');
	await expect(page.getByTestId('public-key')).toHaveText(/^[0-9a-f]{64}$/);
	expect(await violations(page), 'on the You page').toEqual([]);
	await page.getByRole('textbox', { name: /^Key text/ }).fill('hello');
	await page.getByRole('button', { name: 'Restore key' }).click();
	await expect(page.getByTestId('restore-error')).toBeVisible();
	expect(await violations(page), 'on the You page, with an error').toEqual([]);
	await page.goto('/');
	await expect(page.getByTestId('festival-list')).toHaveText(/Labelled Fest/);
	expect(await violations(page), 'on the festival list').toEqual([]);
});

test('a festival can be created with the keyboard alone', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Festivals');
	let found = false;
	for (let i = 0; i < 15 && !found; i++) {
		await page.keyboard.press('Tab');
		found = await page.evaluate(() => document.activeElement?.id === 'festival-name');
	}
	expect(found, 'the festival name field is reachable with Tab').toBeTruthy();
	await page.keyboard.type('Keyboard Fest');
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('festival-name')).toHaveText('Keyboard Fest');
});

test('the schedule filters by tag, by location and to my agenda', async ({ page }) => {
	await createFestival(page, 'Filter Fest');
	await addResource(page, { name: 'Stage', policy: 'first-come' });
	await addResource(page, { name: 'Tent', policy: 'first-come' });
	await addEvent(page, {
		title: 'Concert',
		start: '2026-07-01T18:00',
		end: '2026-07-01T20:00',
		tags: 'music',
		request: ['Stage']
	});
	await addEvent(page, {
		title: 'Yoga',
		start: '2026-07-02T08:00',
		end: '2026-07-02T09:00',
		tags: 'sport',
		request: ['Tent']
	});
	await tab(page, 'Schedule');
	const rows = page.getByTestId('schedule-event');
	await expect(rows.first()).toHaveText(/Concert/);
	await expect(rows).toHaveCount(2);
	await page.getByLabel('Tag').selectOption('sport');
	await expect(page.getByTestId('schedule-list')).toHaveText(/^[^]*Yoga[^]*$/);
	await expect(rows).toHaveCount(1);
	await page.getByLabel('Tag').selectOption('');
	await page.getByLabel('Location').selectOption({ label: 'Stage' });
	await expect(page.getByTestId('schedule-list')).toHaveText(/Concert/);
	await expect(rows).toHaveCount(1);
	await page.getByLabel('Location').selectOption('');
	await page.getByRole('checkbox', { name: /My agenda/ }).check();
	await expect(rows, 'both events are mine').toHaveCount(2);
	await page.getByRole('button', { name: 'Grid' }).click();
	await expect(page.getByTestId('schedule-grid')).toHaveText(
		/Stage[\s\S]*Tent[\s\S]*Concert[\s\S]*confirmed/
	);
});
