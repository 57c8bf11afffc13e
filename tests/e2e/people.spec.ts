/**
 * People: a first visit asks for the name others see (by keyboard, or skipped), the first
 * festival already carries it, and the festival's people show it with the full key.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.js';
import { createFestival } from './festival-helpers.js';

test('a first visit asks for a name; the first festival carries it', async ({ page }) => {
	await page.goto('/');
	const ask = page.getByRole('region', { name: 'Welcome' });
	await expect(ask).toBeVisible();
	await expect(ask.getByRole('heading', { name: 'What should others call you?' })).toBeVisible();
	const axe = await new AxeBuilder({ page })
		.include('.ask-name')
		.withTags(['wcag2a', 'wcag2aa'])
		.analyze();
	expect(axe.violations.map((v) => v.id)).toEqual([]);

	// Hidden characters are refused, in words, and the field says it is invalid.
	await ask.getByLabel('Your name').fill('Ada\u202E');
	await ask.getByLabel('Your name').press('Enter');
	await expect(ask.getByRole('alert')).toContainText('invisible characters');
	await expect(ask.getByLabel('Your name')).toHaveAttribute('aria-invalid', 'true');

	await ask.getByLabel('Your name').fill('Ada Lovelace');
	await ask.getByLabel('Your name').press('Enter');
	const saved = page.getByRole('status').filter({ hasText: 'Others see you as' });
	await expect(saved).toHaveText('Others see you as “Ada Lovelace”.');
	await expect(saved).toBeFocused();
	// The welcome stays for the key backup until "Done".
	await ask.getByRole('button', { name: 'Done' }).click();
	await expect(ask).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'Festivals', exact: true })).toBeFocused();

	await createFestival(page, 'Engine Fest');
	const people = page.getByTestId('people');
	await expect(people).toContainText('Ada Lovelace (you)');
	const key = await people.locator('code').first().textContent();
	expect(key).toMatch(/^[0-9a-f]{64}$/);

	await page.goto('/me');
	await expect(page.getByLabel('Name others see (optional)')).toHaveValue('Ada Lovelace');
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Festivals', exact: true })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Welcome' })).toHaveCount(0);
});

test('the question can be skipped, and stays away', async ({ page }) => {
	await page.goto('/');
	const ask = page.getByRole('region', { name: 'Welcome' });
	await ask.getByRole('button', { name: 'Not now' }).click();
	await expect(ask).toHaveCount(0);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Festivals', exact: true })).toBeVisible();
	await expect(page.getByLabel('Festival name')).toBeVisible();
	await expect(ask).toHaveCount(0);
});
