/**
 * Takes the README screenshots of the built app: the schedule grid (docs/screenshot.png) and
 * the owner's inbox (docs/inbox.png): `npm run build && npx tsx tests/e2e/screenshot.ts`.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_DIR, startServer } from '../../src/node/serve.js';
import { SignalingHub } from '../../src/node/signaling/server.js';
import { launchChromium } from './browser.js';
import { addEvent, addResource, createFestival, tab } from './festival-helpers.js';
import { expectText } from './harness.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '../../docs');
const server = await startServer({ host: '127.0.0.1', port: 0, root: BUILD_DIR });
const hub = new SignalingHub();
hub.attach(server.server);
const browser = await launchChromium();
try {
	const page = await browser.newPage({
		viewport: { width: 1100, height: 900 },
		deviceScaleFactor: 1
	});
	const base = server.url;
	await page.goto(`${base}me`);
	await page.getByRole('textbox', { name: /^Name others see/ }).fill('Ada');
	await page.getByRole('button', { name: 'Save name' }).click();
	await expectText(page.getByTestId('name-status'), 'Saved.');
	await createFestival(page, base, 'Lakeside Gathering');
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
	await expectText(page.getByTestId('inbox-item'), /Choir wants Main Stage/);
	await mkdir(docs, { recursive: true });
	await page.screenshot({ path: join(docs, 'inbox.png'), fullPage: true });
	await tab(page, 'Schedule');
	await page.getByRole('button', { name: 'Grid' }).click();
	await expectText(page.getByTestId('schedule-grid'), /Opening Concert/);
	await page.screenshot({ path: join(docs, 'screenshot.png'), fullPage: true });
	console.log(`wrote ${join('docs', 'screenshot.png')} and ${join('docs', 'inbox.png')}`);
} finally {
	await browser.close();
	hub.close();
	await server.close();
}
