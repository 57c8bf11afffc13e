/**
 * Takes the README screenshots of the built app: the schedule grid (docs/screenshot.png), the
 * owner's inbox (docs/inbox.png), an event's page with its requests (docs/event.png), the
 * schedule's week (docs/week.png) and the schedule on a phone (docs/phone.png). Not one of the
 * tests: it runs as its own Playwright project, `npm run screenshots` (which builds first).
 * Nothing is fetched from outside the app's own server (no map tiles).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures.js';
import {
	addEvent,
	addResource,
	createFestival,
	otherPersonAddsEvents,
	tab
} from './festival-helpers.js';
import type { BrowserContext } from '@playwright/test';

const docs = join(dirname(fileURLToPath(import.meta.url)), '../../docs');

test.use({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });

test('README screenshots', async ({ page, baseURL, newDevice }) => {
	// Only the app's own server: no map tiles, nothing from the internet.
	const own = new URL(baseURL ?? '/').origin;
	const offline = (context: BrowserContext) =>
		context.route(
			(url) => url.origin !== own,
			(route) => route.abort()
		);
	await offline(page.context());
	const device = async () => {
		const context = await newDevice();
		await offline(context);
		const me = await context.newPage();
		await me.goto('/me');
		await me.getByRole('textbox', { name: /^Name others see/ }).fill('Bea');
		await me.getByRole('button', { name: 'Save profile' }).click();
		await expect(me.getByTestId('name-status')).toHaveText('Saved.');
		await me.close();
		return context;
	};
	await page.goto('/me');
	await page.getByRole('textbox', { name: /^Name others see/ }).fill('Ada');
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByTestId('name-status')).toHaveText('Saved.');
	await createFestival(page, 'Lakeside Gathering');
	await addResource(page, { name: 'Main Stage', policy: 'manual', lat: '52.4862', lon: '13.4353' });
	await addResource(page, { name: 'Workshop Tent', policy: 'first-come' });
	await addResource(page, { name: 'Meadow', policy: 'first-come' });
	const day = '2026-07-04';
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
	// Another person's requests: Main Stage's wait for its owner, first come first served decides
	// the others.
	await otherPersonAddsEvents(page, device, 'Lakeside Gathering', [
		{
			title: 'Opening Concert',
			start: `${day}T10:00`,
			end: `${day}T11:30`,
			tags: 'music',
			request: ['Main Stage']
		},
		{
			title: 'Zine Making',
			start: `${day}T10:30`,
			end: `${day}T12:00`,
			tags: 'workshop',
			request: ['Workshop Tent']
		},
		{
			title: 'Choir',
			start: `${day}T12:00`,
			end: `${day}T13:00`,
			tags: 'music',
			request: ['Main Stage', 'Meadow']
		}
	]);
	await tab(page, 'Inbox');
	await page.getByRole('button', { name: 'Accept Opening Concert' }).click();
	await expect(page.getByTestId('inbox-item')).toHaveCount(1);
	await expect(page.getByTestId('inbox-item')).toHaveText(/Choir wants Main Stage/);
	await page.screenshot({ path: join(docs, 'inbox.png'), fullPage: true });
	await tab(page, 'Schedule');
	await page.getByRole('button', { name: 'Grid' }).click();
	await expect(page.getByTestId('schedule-grid')).toHaveText(/Opening Concert/);
	await page.screenshot({ path: join(docs, 'screenshot.png'), fullPage: true });

	await page.getByRole('button', { name: 'Week' }).click();
	await expect(page.getByRole('heading', { name: /^Week of/ })).toHaveText(
		'Week of Monday, 29 June 2026'
	);
	// The week's grid rather than the page's header.
	await page.getByRole('heading', { name: /^Week of/ }).evaluate((h) => h.scrollIntoView());
	await page.screenshot({ path: join(docs, 'week.png') });
	await page.getByRole('button', { name: 'List' }).click();
	await page.getByTestId('schedule-list').getByRole('link', { name: 'Choir' }).click();
	await expect(page.getByTestId('event-page')).toHaveText(/Main Stage[\s\S]*Meadow/);
	await expect(page.getByTestId('request')).toHaveCount(2);
	await page.screenshot({ path: join(docs, 'event.png') });
	await page.setViewportSize({ width: 390, height: 844 });
	await tab(page, 'Schedule');
	await expect(page.getByTestId('schedule-list')).toHaveText(/Sunrise Yoga/);
	await page.screenshot({ path: join(docs, 'phone.png') });
});
