/**
 * First steps and settings: the welcome offers the key backup, and the backup file restores on
 * another device (picked or dropped; hostile files refused in words); the focus lands on
 * something sensible after actions; the festival's creator edits its settings, anyone removes
 * it from their device; an invite link shows the festival's name, unverified, while waiting.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { createFestival, tab } from './festival-helpers.js';

const HEX64 = /^[0-9a-f]{64}$/;

async function publicKey(page: Page): Promise<string> {
	const key = page.getByTestId('public-key');
	await expect(key).toHaveText(HEX64);
	return (await key.textContent())!.trim();
}

/** Drops a file with `contents` on the You page's restore area, as a drag and drop does. */
async function dropFile(page: Page, name: string, contents: string): Promise<void> {
	const dataTransfer = await page.evaluateHandle(
		([n, c]) => {
			const dt = new DataTransfer();
			dt.items.add(new File([c], n, { type: 'application/json' }));
			return dt;
		},
		[name, contents] as const
	);
	const area = page.getByRole('group', { name: 'Drop a key backup file here' });
	await area.dispatchEvent('dragover', { dataTransfer });
	await area.dispatchEvent('drop', { dataTransfer });
}

test('the welcome offers the key backup; the file restores the key on another device, picked or dropped', async ({
	page,
	newDevice
}) => {
	await page.goto('/');
	const welcome = page.getByRole('region', { name: 'Welcome' });
	await expect(welcome).toBeVisible();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		welcome.getByRole('button', { name: 'Download key backup' }).click()
	]);
	const backup = await readFile((await download.path())!, 'utf8');
	await page.goto('/me');
	const mine = await publicKey(page);

	// Another device: the file picker, then a confirmation.
	const other = await (await newDevice()).newPage();
	await other.goto('/me');
	const theirs = await publicKey(other);
	expect(theirs).not.toBe(mine);
	await other.getByLabel('Key backup file (.json)', { exact: true }).setInputFiles({
		name: 'festival-key.json',
		mimeType: 'application/json',
		buffer: Buffer.from(backup)
	});
	await expect(other.getByRole('button', { name: 'Replace key' })).toBeFocused();
	await other.getByRole('button', { name: 'Replace key' }).click();
	await expect(other.getByTestId('public-key')).toHaveText(mine);
	const done = other.getByRole('status').filter({ hasText: 'Key restored' });
	await expect(done).toBeFocused();

	// A third device: dropped on the restore area.
	const third = await (await newDevice()).newPage();
	await third.goto('/me');
	await publicKey(third);
	await dropFile(third, 'backup.json', backup);
	await third.getByRole('button', { name: 'Replace key' }).click();
	await expect(third.getByTestId('public-key')).toHaveText(mine);
});

test('hostile files are refused with a reason, and the key stays', async ({ page }) => {
	await page.goto('/me');
	const before = await publicKey(page);
	const picker = page.getByLabel('Key backup file (.json)', { exact: true });
	const error = page.getByTestId('restore-error');
	await picker.setInputFiles({
		name: 'huge.json',
		mimeType: 'application/json',
		buffer: Buffer.alloc(64 * 1024, 0x20)
	});
	await expect(error).toHaveText(/“huge\.json” is too big to be a key backup \(64 KiB/);
	await expect(picker).toHaveAttribute('aria-invalid', 'true');
	await expect(picker).toBeFocused();
	await picker.setInputFiles({
		name: 'photo.json',
		mimeType: 'image/png',
		buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])
	});
	await expect(error).toHaveText(/“photo\.json” cannot be used: .*neither JSON nor a key text/);
	await dropFile(page, 'wrong.json', JSON.stringify({ kind: 'festival-identity', version: 1 }));
	await expect(error).toHaveText(/“wrong\.json” cannot be used: secret must be 64 hex/);
	await dropFile(page, 'other.json', '{"hello": "world"}');
	await expect(error).toHaveText(/not a festival-identity version 1 file/);
	await expect(page.getByRole('button', { name: 'Replace key' })).toHaveCount(0);
	await expect(page.getByTestId('public-key')).toHaveText(before);
});

test('focus lands on the new page, the field at fault, and the result', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Not now' }).click();
	// A form error names its field, which takes the focus.
	await page.getByRole('button', { name: 'Create festival' }).click();
	const name = page.getByLabel('Festival name');
	await expect(name).toBeFocused();
	await expect(name).toHaveAttribute('aria-invalid', 'true');
	await expect(name).toHaveAttribute('aria-describedby', 'festival-error');
	await expect(page.locator('#festival-error')).toHaveText('Give the festival a name.');

	await createFestival(page, 'Focus Fest');
	await expect(page.getByTestId('festival-name')).toBeFocused();
	await tab(page, 'Events');
	await expect(page.getByRole('heading', { level: 1 })).toBeFocused();

	const form = page.getByRole('form', { name: 'Add event' });
	await form.getByLabel('Title').fill('Talk');
	await form.getByRole('button', { name: 'Add event' }).click();
	const start = form.getByLabel(/^Starts/);
	await expect(start).toBeFocused();
	await expect(start).toHaveAttribute('aria-invalid', 'true');
	await expect(form.getByRole('alert')).toHaveText('Give a start and an end.');
	await expect(start).toHaveAttribute('max', '9999-12-31T23:59');
	await expect(start).toHaveAttribute('min', '1900-01-01T00:00');

	// A year typed straight through stays four digits long.
	await start.click();
	await start.pressSequentially('0701202610');
	expect(await start.inputValue()).toMatch(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})?$/);

	// Added: the result says so and takes the focus (the form is fresh again).
	await start.fill('2026-07-01T10:00');
	await form.getByLabel(/^Ends/).fill('2026-07-01T11:00');
	await form.getByRole('button', { name: 'Add event' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Added' })).toBeFocused();
});

test("the creator edits the festival's settings; anyone removes it from this device", async ({
	page
}) => {
	const id = await createFestival(page, 'Old Name');
	const settings = page.getByRole('region', { name: 'Settings' });
	await settings.getByLabel('Festival name').fill('New Name');
	await settings.getByLabel('Time zone').selectOption('Europe/Berlin');
	await settings.getByLabel('Description (optional)').fill('By the lake');
	await settings.getByRole('button', { name: 'Save settings' }).click();
	await expect(settings.getByRole('status')).toHaveText('Settings saved.');
	await expect(settings.getByRole('status')).toBeFocused();
	await expect(page.getByTestId('festival-name')).toHaveText('New Name');
	await expect(page.getByText('Times in Europe/Berlin')).toBeVisible();
	await expect(page.getByText('By the lake', { exact: true })).toBeVisible();
	// A name left empty: refused, the field says so.
	await settings.getByLabel('Festival name').fill(' ');
	await settings.getByRole('button', { name: 'Save settings' }).click();
	await expect(settings.getByLabel('Festival name')).toBeFocused();
	await expect(settings.getByRole('alert')).toHaveText('Give the festival a name.');
	await expect(page.getByTestId('festival-name')).toHaveText('New Name');
	// The invite link carries the name.
	await expect(page.getByLabel('Link to this festival', { exact: true })).toHaveValue(
		new RegExp(`/f/${id}#name=New%20Name$`)
	);

	const forget = page.getByRole('region', { name: 'Remove from this device' });
	await forget.getByRole('button', { name: 'Remove from this device' }).click();
	await expect(forget.getByRole('button', { name: 'Cancel' })).toBeFocused();
	await forget.getByRole('button', { name: 'Cancel' }).click();
	await expect(forget.getByRole('button', { name: 'Remove from this device' })).toBeFocused();
	await forget.getByRole('button', { name: 'Remove from this device' }).click();
	await forget.getByRole('button', { name: 'Remove “New Name”' }).click();
	await expect(page.getByRole('heading', { name: 'Festivals', exact: true })).toBeFocused();
	await expect(page.getByRole('link', { name: 'New Name' })).toHaveCount(0);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Festivals', exact: true })).toBeVisible();
	await expect(page.getByTestId('festival-list').getByRole('link')).toHaveCount(0);
});

test("an invite link's name shows while waiting, as unverified and cleaned", async ({ page }) => {
	await page.goto(`/f/${'0'.repeat(64)}#name=Summer%E2%80%AE%20Camp%0A${'x'.repeat(200)}`);
	await expect(page.getByTestId('waiting')).toHaveText('Waiting for peers…');
	const invited = page.getByTestId('invited-name');
	await expect(invited).toContainText('“Summer Camp xxx');
	await expect(invited).toContainText('not verified');
	const shown = (await invited.locator('strong').textContent())!;
	expect([...shown].length).toBeLessThanOrEqual(82);
});
