import assert from 'node:assert/strict';
import { expectText, test } from './harness.js';
import { createFestival } from './festival-helpers.js';

test('creates a festival, lists it and opens it again after a reload', async ({
	page,
	baseURL
}) => {
	const id = await createFestival(page, baseURL, 'Summer Camp');
	await page.goto(baseURL);
	const link = page.getByTestId('festival-list').getByRole('link', { name: 'Summer Camp' });
	await link.click();
	await expectText(page.getByTestId('festival-name'), 'Summer Camp');
	assert.ok(page.url().endsWith(`/f/${id}`));
	await page.reload();
	await expectText(page.getByTestId('festival-name'), 'Summer Camp');
});

test('adds a sub-festival and forks a festival through the UI', async ({ page, baseURL }) => {
	const id = await createFestival(page, baseURL, 'Big Fest');
	await page.getByLabel('Sub-festival name').fill('Kids Corner');
	await page.getByRole('button', { name: 'Add sub-festival' }).click();
	await expectText(page.getByTestId('festival-name'), 'Kids Corner');
	await expectText(page.getByTestId('parent-festival'), 'Big Fest');
	await page.getByTestId('parent-festival').getByRole('link').click();
	await expectText(page.getByTestId('festival-name'), 'Big Fest');
	await expectText(page.getByTestId('children'), 'Kids Corner');

	await page.getByLabel('Name of the fork').fill('Big Fest 2');
	await page.getByRole('button', { name: 'Fork festival' }).click();
	await expectText(page.getByTestId('festival-name'), 'Big Fest 2');
	await expectText(page.getByTestId('forked-from'), 'Big Fest');
	await page.goto(baseURL);
	await expectText(page.getByTestId('festival-list'), /Big Fest 2[\s\S]*Kids Corner/);
	assert.ok(id);
});
