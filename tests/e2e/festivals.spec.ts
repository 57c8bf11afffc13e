import { expect, test } from './fixtures.js';
import { createFestival } from './festival-helpers.js';

test('creates a festival, lists it and opens it again after a reload', async ({ page }) => {
	const id = await createFestival(page, 'Summer Camp');
	await page.goto('/');
	const link = page.getByTestId('festival-list').getByRole('link', { name: 'Summer Camp' });
	await link.click();
	await expect(page.getByTestId('festival-name')).toHaveText('Summer Camp');
	expect(page.url().endsWith(`/f/${id}`)).toBeTruthy();
	await page.reload();
	await expect(page.getByTestId('festival-name')).toHaveText('Summer Camp');
});

test('adds a sub-festival and forks a festival through the UI', async ({ page }) => {
	const id = await createFestival(page, 'Big Fest');
	await page.getByLabel('Sub-festival name').fill('Kids Corner');
	await page.getByRole('button', { name: 'Add sub-festival' }).click();
	await expect(page.getByTestId('festival-name')).toHaveText('Kids Corner');
	await expect(page.getByTestId('parent-festival')).toHaveText('Big Fest');
	await page.getByTestId('parent-festival').getByRole('link').click();
	await expect(page.getByTestId('festival-name')).toHaveText('Big Fest');
	await expect(page.getByTestId('children')).toHaveText('Kids Corner');

	await page.getByLabel('Name of the fork').fill('Big Fest 2');
	await page.getByRole('button', { name: 'Fork festival' }).click();
	await expect(page.getByTestId('festival-name')).toHaveText('Big Fest 2');
	await expect(page.getByTestId('forked-from')).toHaveText('Big Fest');
	await page.goto('/');
	await expect(page.getByTestId('festival-list')).toHaveText(/Big Fest 2[\s\S]*Kids Corner/);
	expect(id).toBeTruthy();
});
