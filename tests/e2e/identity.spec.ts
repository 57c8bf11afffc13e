import { readFile } from 'node:fs/promises';
import { fromHex } from '../../src/lib/core/bytes.js';
import {
	identityFromSecret,
	identityToText,
	parseIdentityFile
} from '../../src/lib/core/identity/identity.js';
import type { Page } from '@playwright/test';
import { createFestival } from './festival-helpers.js';
import { expect, test } from './fixtures.js';

// RFC 8032 section 7.1, test 1: a secret key and the public key it must give.
const RFC_SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const HEX64 = /^[0-9a-f]{64}$/;

async function rfcKeyText(): Promise<string> {
	return identityToText(await identityFromSecret(fromHex(RFC_SECRET)!));
}

/** Waits for the You page to show a public key, and returns it. */
async function publicKey(page: Page): Promise<string> {
	const key = page.getByTestId('public-key');
	await expect(key).toHaveText(HEX64);
	return (await key.textContent())!.trim();
}

test('shows a new public key and loads the storage engine', async ({ page }) => {
	await page.goto('/me');
	await expect(page.getByTestId('automerge-status')).toHaveText(
		'Ready: festivals are stored and merged in this browser.'
	);
	await publicKey(page);
	expect(await page.title()).toBe('You · Festival');
});

test('keeps the key across reloads (IndexedDB)', async ({ context, page }) => {
	await page.goto('/me');
	const first = await publicKey(page);
	await page.reload();
	await expect(page.getByTestId('public-key')).toHaveText(first);
	// A new page in the same browser profile sees the same identity.
	const other = await context.newPage();
	await other.goto('/me');
	await expect(other.getByTestId('public-key')).toHaveText(first);
});

test('two tabs opening at once share one new key', async ({ context }) => {
	const [a, b] = await Promise.all([context.newPage(), context.newPage()]);
	await Promise.all([a.goto('/me'), b.goto('/me')]);
	const keyA = await publicKey(a);
	await expect(b.getByTestId('public-key')).toHaveText(keyA);
});

test('saves the display name', async ({ page }) => {
	await page.goto('/me');
	await publicKey(page);
	await page.getByLabel('Name others see').fill('  Ada  ');
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByTestId('name-status')).toHaveText('Saved.');
	await page.reload();
	await publicKey(page);
	await expect(page.getByLabel('Name others see')).toHaveValue('Ada');
	await expect(page.getByRole('heading', { level: 2, name: /^You/ })).toHaveText('You: Ada');
});

test('saves a note and a contact that the people list of a festival shows', async ({ page }) => {
	await page.goto('/me');
	await publicKey(page);
	await page.getByLabel('Name others see').fill('Ada');
	await page.getByLabel('A short note').fill('lights and sound');
	await page.getByLabel('How to reach you').fill('ada@example.org');
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByTestId('name-status')).toHaveText('Saved.');
	await page.reload();
	await publicKey(page);
	await expect(page.getByLabel('A short note')).toHaveValue('lights and sound');
	await expect(page.getByLabel('How to reach you')).toHaveValue('ada@example.org');
	await createFestival(page, 'Profile fest');
	const people = page.getByTestId('people');
	await expect(people).toContainText('lights and sound');
	await expect(people).toContainText('ada@example.org');
});

test('a contact with hidden characters is refused and its field marked', async ({ page }) => {
	await page.goto('/me');
	await publicKey(page);
	await page.getByLabel('Name others see').fill('Ada');
	await page.getByLabel('How to reach you').fill('ada\u202e@example.org');
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByTestId('name-status')).toHaveText(/^Could not save/);
	const contact = page.getByLabel('How to reach you');
	await expect(contact).toHaveAttribute('aria-invalid', 'true');
	await expect(contact).toBeFocused();
	await expect(page.getByLabel('Name others see')).not.toHaveAttribute('aria-invalid', 'true');
});

test('restores a known key from its text after confirmation', async ({ page }) => {
	await page.goto('/me');
	const before = await publicKey(page);
	await page.getByRole('textbox', { name: /^Key text/ }).fill(await rfcKeyText());
	await page.getByRole('button', { name: 'Restore key' }).click();
	// Nothing changes until the replacement is confirmed; cancelling keeps the old key.
	await page.getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByTestId('public-key')).toHaveText(before);
	await page.getByRole('button', { name: 'Restore key' }).click();
	await page.getByRole('button', { name: 'Replace key' }).click();
	await expect(page.getByTestId('public-key')).toHaveText(RFC_PUBLIC);
	await page.reload();
	await expect(page.getByTestId('public-key')).toHaveText(RFC_PUBLIC);
});

test('explains an invalid key text', async ({ page }) => {
	await page.goto('/me');
	const before = await publicKey(page);
	const field = page.getByRole('textbox', { name: /^Key text/ });
	const restore = page.getByRole('button', { name: 'Restore key' });

	await field.fill('hello');
	await restore.click();
	await expect(page.getByTestId('restore-error')).toHaveText(/starts with "festival-key-1:"/);

	// One changed character breaks the checksum.
	const text = await rfcKeyText();
	const typo = text.replace(/:([0-9a-f])/, (_, c: string) => `:${c === '0' ? '1' : '0'}`);
	await field.fill(typo);
	await restore.click();
	await expect(page.getByTestId('restore-error')).toHaveText(/checksum does not match/);

	await field.fill('festival-key-1:xyz:00000000');
	await restore.click();
	await expect(page.getByTestId('restore-error')).toHaveText(/64 hex characters/);

	await expect(page.getByRole('button', { name: 'Replace key' })).toHaveCount(0);
	await expect(page.getByTestId('public-key')).toHaveText(before);
});

test('downloads a key backup that restores the same identity', async ({ page }) => {
	await page.goto('/me');
	const author = await publicKey(page);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download key backup' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^festival-key-[0-9a-f]{8}\.json$/);
	const parsed = await parseIdentityFile(await readFile(await download.path(), 'utf8'));
	expect(parsed.ok && parsed.value.author, 'the backup parses, with the same key').toBe(author);
});

test('copies the key as text', async ({ context, page, baseURL }) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
		origin: new URL(baseURL!).origin
	});
	await page.goto('/me');
	await publicKey(page);
	await page.getByRole('button', { name: 'Copy key as text' }).click();
	await expect(page.getByText(/Key text copied|select the key text/)).toHaveText(/./);
	const copied = await page.evaluate(() => navigator.clipboard.readText());
	expect(copied.startsWith('festival-key-1:')).toBe(true);
});

// Labels and contrast of the You page: festival-a11y.spec.ts (axe).
test('the name field is reachable by keyboard and saves with Enter', async ({ page }) => {
	await page.goto('/me');
	await publicKey(page);
	// Tab to the name field, type, and save with Enter.
	let found = false;
	for (let i = 0; i < 10 && !found; i++) {
		await page.keyboard.press('Tab');
		found = await page.evaluate(() => document.activeElement?.id === 'display-name');
	}
	expect(found, 'the name field is reachable with Tab').toBeTruthy();
	await page.keyboard.type('Grace');
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('name-status')).toHaveText('Saved.');
});
