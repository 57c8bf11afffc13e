/**
 * Takes the README screenshots of the built app: the schedule grid (docs/screenshot.png) and
 * the owner's inbox (docs/inbox.png). Not one of the tests: it runs as its own Playwright
 * project, `npm run screenshots` (which builds first).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures.js';
import { addEvent, addResource, createFestival, tab } from './festival-helpers.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '../../docs');

test.use({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });

test('README screenshots', async ({ page }) => {
	await page.goto('/me');
	await page.getByRole('textbox', { name: /^Name others see/ }).fill('Ada');
	await page.getByRole('button', { name: 'Save name' }).click();
	await expect(page.getByTestId('name-status')).toHaveText('Saved.');
	await createFestival(page, 'Lakeside Gathering');
	await addResource(page, { name: 'Main Stage', policy: 'manual', lat: '52.4862', lon: '13.4353' });
	await addResource(page, { name: 'Workshop Tent', policy: 'first-come' });
	await addResource(page, { name: 'Meadow', policy: 'first-come' });
	const day = '2026-07-04';
	await addEvent(page, {
		title: 'Opening Concert',
		start: `${day}T10:00`,
		end: `${day}T11:30`,
		tags: 'music',
		request: ['Main Stage']
	});
	await addEvent(page, {
		title: 'Sunrise Yoga',
		start: `${day}T08:00`,
		end: `${day}T09:00`,
		tags: 'sport',
		request: ['Meadow']
	});
	await addEvent(page, {
		title: 'Bike Repair',
		start: `${day}T09:30`,
		end: `${day}T11:00`,
		tags: 'workshop',
		request: ['Workshop Tent']
	});
	await addEvent(page, {
		title: 'Zine Making',
		start: `${day}T10:30`,
		end: `${day}T12:00`,
		tags: 'workshop',
		request: ['Workshop Tent']
	});
	await addEvent(page, {
		title: 'Choir',
		start: `${day}T12:00`,
		end: `${day}T13:00`,
		tags: 'music',
		request: ['Main Stage']
	});
	await tab(page, 'Inbox');
	await page.getByRole('button', { name: 'Accept Opening Concert' }).click();
	await expect(page.getByTestId('inbox-item')).toHaveText(/Choir wants Main Stage/);
	await page.screenshot({ path: join(docs, 'inbox.png'), fullPage: true });
	await tab(page, 'Schedule');
	await page.getByRole('button', { name: 'Grid' }).click();
	await expect(page.getByTestId('schedule-grid')).toHaveText(/Opening Concert/);
	await page.screenshot({ path: join(docs, 'screenshot.png'), fullPage: true });
});
