import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fromHex } from '../../src/lib/core/bytes.js';
import {
	identityFromSecret,
	identityToText,
	parseIdentityFile
} from '../../src/lib/core/identity/identity.js';
import { expectText, test } from './harness.js';

// RFC 8032 section 7.1, test 1: a secret key and the public key it must give.
const RFC_SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const HEX64 = /^[0-9a-f]{64}$/;

async function rfcKeyText(): Promise<string> {
	return identityToText(await identityFromSecret(fromHex(RFC_SECRET)!));
}

test('shows a new public key and loads Automerge', async ({ page, baseURL }) => {
	await page.goto(`${baseURL}me`);
	await expectText(page.getByTestId('automerge-status'), 'Automerge ready');
	await expectText(page.getByTestId('public-key'), HEX64);
	assert.equal(await page.title(), 'You · Festival');
});

test('keeps the key across reloads (IndexedDB)', async ({ context, page, baseURL }) => {
	await page.goto(`${baseURL}me`);
	const first = await expectText(page.getByTestId('public-key'), HEX64);
	await page.reload();
	await expectText(page.getByTestId('public-key'), first);
	// A new page in the same browser profile sees the same identity.
	const other = await context.newPage();
	await other.goto(`${baseURL}me`);
	await expectText(other.getByTestId('public-key'), first);
});

test('two tabs opening at once share one new key', async ({ context, baseURL }) => {
	const [a, b] = await Promise.all([context.newPage(), context.newPage()]);
	await Promise.all([a.goto(`${baseURL}me`), b.goto(`${baseURL}me`)]);
	const keyA = await expectText(a.getByTestId('public-key'), HEX64);
	await expectText(b.getByTestId('public-key'), keyA);
});

test('saves the display name', async ({ page, baseURL }) => {
	await page.goto(`${baseURL}me`);
	await expectText(page.getByTestId('public-key'), HEX64);
	await page.getByLabel('Name others see').fill('  Ada  ');
	await page.getByRole('button', { name: 'Save name' }).click();
	await expectText(page.getByTestId('name-status'), 'Saved.');
	await page.reload();
	await expectText(page.getByTestId('public-key'), HEX64);
	assert.equal(await page.getByLabel('Name others see').inputValue(), 'Ada');
	await expectText(page.getByRole('heading', { level: 2, name: /^You/ }), 'You: Ada');
});

test('restores a known key from its text after confirmation', async ({ page, baseURL }) => {
	await page.goto(`${baseURL}me`);
	const before = await expectText(page.getByTestId('public-key'), HEX64);
	await page.getByRole('textbox', { name: /^Key text/ }).fill(await rfcKeyText());
	await page.getByRole('button', { name: 'Restore key' }).click();
	// Nothing changes until the replacement is confirmed; cancelling keeps the old key.
	await page.getByRole('button', { name: 'Cancel' }).click();
	await expectText(page.getByTestId('public-key'), before);
	await page.getByRole('button', { name: 'Restore key' }).click();
	await page.getByRole('button', { name: 'Replace key' }).click();
	await expectText(page.getByTestId('public-key'), RFC_PUBLIC);
	await page.reload();
	await expectText(page.getByTestId('public-key'), RFC_PUBLIC);
});

test('explains an invalid key text', async ({ page, baseURL }) => {
	await page.goto(`${baseURL}me`);
	const before = await expectText(page.getByTestId('public-key'), HEX64);
	const field = page.getByRole('textbox', { name: /^Key text/ });
	const restore = page.getByRole('button', { name: 'Restore key' });

	await field.fill('hello');
	await restore.click();
	await expectText(page.getByTestId('restore-error'), /starts with "festival-key-1:"/);

	// One changed character breaks the checksum.
	const text = await rfcKeyText();
	const typo = text.replace(/:([0-9a-f])/, (_, c: string) => `:${c === '0' ? '1' : '0'}`);
	await field.fill(typo);
	await restore.click();
	await expectText(page.getByTestId('restore-error'), /checksum does not match/);

	await field.fill('festival-key-1:xyz:00000000');
	await restore.click();
	await expectText(page.getByTestId('restore-error'), /64 hex characters/);

	assert.equal(await page.getByRole('button', { name: 'Replace key' }).count(), 0);
	await expectText(page.getByTestId('public-key'), before);
});

test('downloads a key backup that restores the same identity', async ({ page, baseURL }) => {
	await page.goto(`${baseURL}me`);
	const author = await expectText(page.getByTestId('public-key'), HEX64);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download key backup' }).click()
	]);
	assert.match(download.suggestedFilename(), /^festival-key-[0-9a-f]{8}\.json$/);
	const parsed = await parseIdentityFile(await readFile(await download.path(), 'utf8'));
	assert.ok(parsed.ok, 'the backup parses');
	assert.equal(parsed.value.author, author);
});

test('copies the key as text', async ({ context, page, baseURL }) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
		origin: new URL(baseURL).origin
	});
	await page.goto(`${baseURL}me`);
	await expectText(page.getByTestId('public-key'), HEX64);
	await page.getByRole('button', { name: 'Copy key as text' }).click();
	await expectText(page.getByText(/Key text copied|select the key text/), /./);
	const copied = await page.evaluate(() => navigator.clipboard.readText());
	assert.equal(copied.startsWith('festival-key-1:'), true);
});

test('every control is labelled and reachable by keyboard', async ({ page, baseURL }) => {
	await page.goto(`${baseURL}me`);
	await expectText(page.getByTestId('public-key'), HEX64);
	const unlabelled = await page.evaluate(() =>
		[...document.querySelectorAll('input, textarea, button, select')]
			.filter((el) => {
				const labels = (el as HTMLInputElement).labels;
				const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
				const text = el.tagName === 'BUTTON' ? el.textContent?.trim() : '';
				return !(labels && labels.length > 0) && !named && !text;
			})
			.map((el) => el.outerHTML)
	);
	assert.deepEqual(unlabelled, []);
	// Tab to the name field, type, and save with Enter.
	let found = false;
	for (let i = 0; i < 10 && !found; i++) {
		await page.keyboard.press('Tab');
		found = await page.evaluate(() => document.activeElement?.id === 'display-name');
	}
	assert.ok(found, 'the name field is reachable with Tab');
	await page.keyboard.type('Grace');
	await page.keyboard.press('Enter');
	await expectText(page.getByTestId('name-status'), 'Saved.');
});
