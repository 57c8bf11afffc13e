import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { expectText, test } from './harness.js';
import { addEvent, addResource, createFestival, tab } from './festival-helpers.js';

async function unlabelled(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		[...document.querySelectorAll('input, textarea, button, select')]
			.filter((el) => {
				const labels = (el as HTMLInputElement).labels;
				const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
				const text = el.tagName === 'BUTTON' ? el.textContent?.trim() : '';
				return !(labels && labels.length > 0) && !named && !text;
			})
			.map((el) => el.outerHTML)
	);
}

test('every control on the festival pages is labelled', async ({ page, baseURL }) => {
	await page.goto(baseURL);
	await expectText(page.getByRole('heading', { level: 1 }), 'Festivals');
	assert.deepEqual(await unlabelled(page), []);
	await createFestival(page, baseURL, 'Labelled Fest');
	await addResource(page, { name: 'Hall', policy: 'manual' });
	await page.getByRole('button', { name: 'Add availability window' }).first().click();
	await addEvent(page, {
		title: 'Talk',
		start: '2026-07-01T10:00',
		end: '2026-07-01T11:00',
		request: ['Hall']
	});
	for (const t of ['Overview', 'Schedule', 'Events', 'Resources', 'Inbox']) {
		await tab(page, t);
		assert.deepEqual(await unlabelled(page), [], `on the ${t} tab`);
	}
	await tab(page, 'Schedule');
	await page.getByRole('button', { name: 'Grid' }).click();
	assert.deepEqual(await unlabelled(page), [], 'on the schedule grid');
});

test('a festival can be created with the keyboard alone', async ({ page, baseURL }) => {
	await page.goto(baseURL);
	await expectText(page.getByRole('heading', { level: 1 }), 'Festivals');
	let found = false;
	for (let i = 0; i < 15 && !found; i++) {
		await page.keyboard.press('Tab');
		found = await page.evaluate(() => document.activeElement?.id === 'festival-name');
	}
	assert.ok(found, 'the festival name field is reachable with Tab');
	await page.keyboard.type('Keyboard Fest');
	await page.keyboard.press('Enter');
	await expectText(page.getByTestId('festival-name'), 'Keyboard Fest');
});

test('the schedule filters by tag, by location and to my agenda', async ({ page, baseURL }) => {
	await createFestival(page, baseURL, 'Filter Fest');
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
	await expectText(rows.first(), /Concert/);
	assert.equal(await rows.count(), 2);
	await page.getByLabel('Tag').selectOption('sport');
	await expectText(page.getByTestId('schedule-list'), /^[^]*Yoga[^]*$/);
	assert.equal(await rows.count(), 1);
	await page.getByLabel('Tag').selectOption('');
	await page.getByLabel('Location').selectOption({ label: 'Stage' });
	await expectText(page.getByTestId('schedule-list'), /Concert/);
	assert.equal(await rows.count(), 1);
	await page.getByLabel('Location').selectOption('');
	await page.getByRole('checkbox', { name: /My agenda/ }).check();
	assert.equal(await rows.count(), 2, 'both events are mine');
	await page.getByRole('button', { name: 'Grid' }).click();
	await expectText(
		page.getByTestId('schedule-grid'),
		/Stage[\s\S]*Tent[\s\S]*Concert[\s\S]*confirmed/
	);
});
