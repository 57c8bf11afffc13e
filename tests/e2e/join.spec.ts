/**
 * Joining by link and the sync page: a festival nobody shares yet waits for peers, a bad id
 * says so, a sub-festival's link brings its parent along, and the signaling server can be
 * changed (and is validated) from the Sync page.
 */
import assert from 'node:assert/strict';
import { expectText, test } from './harness.js';
import { addResource, createFestival, tab } from './festival-helpers.js';

const ACROSS = 50_000;

test('a link to a festival no peer has waits for peers; a link with a bad id says so', async ({
	page,
	baseURL
}) => {
	await page.goto(`${baseURL}f/${'0'.repeat(64)}`);
	await expectText(page.getByTestId('waiting'), 'Waiting for peers…');
	await expectText(
		page.getByTestId('festival-sync'),
		/no other device with this festival is online/
	);
	assert.equal(await page.title(), 'Joining a festival · Festival');
	await page.goto(`${baseURL}f/not-a-festival`);
	await expectText(page.getByRole('heading', { level: 1 }), 'No such festival');
	// Joining something that never arrived lists nothing.
	await page.goto(baseURL);
	await expectText(page.getByRole('heading', { level: 1 }), 'Festivals');
	assert.equal(await page.getByTestId('festival-list').getByRole('link').count(), 0);
});

test("a sub-festival's invite link brings its parent along", async ({
	browser,
	page: alice,
	baseURL
}) => {
	await createFestival(alice, baseURL, 'Big Fest');
	await addResource(alice, { name: 'Main Stage', policy: 'manual' });
	await tab(alice, 'Overview');
	await alice.getByLabel('Sub-festival name').fill('Kids Corner');
	await alice.getByRole('button', { name: 'Add sub-festival' }).click();
	await expectText(alice.getByTestId('festival-name'), 'Kids Corner');
	const link = await alice.getByLabel('Link to this festival', { exact: true }).inputValue();

	const bobContext = await browser.newContext();
	try {
		const bob = await bobContext.newPage();
		await bob.goto(link);
		await expectText(bob.getByTestId('festival-name'), 'Kids Corner', ACROSS);
		await expectText(bob.getByTestId('parent'), /Part of\s*Big Fest/, ACROSS);
		// The parent's resources can be requested from the sub-festival.
		await tab(bob, 'Events');
		await expectText(bob.getByRole('form', { name: 'Add event' }), /Main Stage/, ACROSS);
		await bob.goto(baseURL);
		await expectText(
			bob.getByTestId('festival-list'),
			/Big Fest[\s\S]*Kids Corner|Kids Corner[\s\S]*Big Fest/
		);
	} finally {
		await bobContext.close();
	}
});

test('the Sync page changes the signaling server, refuses a bad URL, and goes back to the default', async ({
	page,
	baseURL
}) => {
	await createFestival(page, baseURL, 'Signal Fest');
	await expectText(page.getByTestId('sync-badge'), 'Sync: 0 peers');
	await page.getByTestId('sync-badge').click();
	await expectText(page.getByRole('heading', { level: 1 }), 'Sync');
	await expectText(
		page.getByTestId('sync-signaling'),
		new RegExp(`^connected\\s*\\(${baseURL.replace('http', 'ws').replace(/\./g, '\\.')}\\)$`)
	);
	const field = page.getByLabel('Signaling server URL');

	await field.fill('https://example.org/');
	await page.getByRole('button', { name: 'Save server', exact: true }).click();
	await expectText(
		page.getByRole('alert').filter({ hasText: 'ws://' }),
		/starts with ws:\/\/ or wss:\/\//
	);

	// Nothing listens on port 9 here: the app says it is not connected, and keeps the choice.
	await field.fill('ws://127.0.0.1:9/');
	await page.getByRole('button', { name: 'Save server', exact: true }).click();
	await expectText(
		page.getByTestId('sync-signaling'),
		/^not connected\s*\(ws:\/\/127\.0\.0\.1:9\/\)$/
	);
	// After a reload every festival on the device syncs again, through the chosen server.
	await page.reload();
	await expectText(
		page.getByTestId('sync-signaling'),
		/^not connected\s*\(ws:\/\/127\.0\.0\.1:9\/\)$/
	);
	assert.equal(await page.getByLabel('Signaling server URL').inputValue(), 'ws://127.0.0.1:9/');

	await page.getByRole('button', { name: 'Use default' }).click();
	await expectText(
		page.getByRole('status').filter({ hasText: 'Using the default' }),
		/Using the default, ws:\/\/127\.0\.0\.1:\d+\/\./
	);
	await page.goBack();
	await expectText(page.getByTestId('festival-name'), 'Signal Fest');
	await expectText(
		page.getByTestId('festival-sync'),
		/Connected; no other device with this festival is online/
	);
});

test('the Sync page keeps STUN/TURN servers across a reload and names a bad line', async ({
	page,
	baseURL
}) => {
	await page.goto(new URL('/sync', baseURL).href);
	const field = page.getByLabel('STUN and TURN servers', { exact: true });
	await field.fill('stun:stun.example.org:3478\nturn:turn.example.org:3478');
	await page.getByRole('button', { name: 'Save STUN/TURN servers' }).click();
	await expectText(
		page.getByRole('alert').filter({ hasText: 'TURN' }),
		/line 2: .*a TURN server needs a username and a credential/
	);
	await field.fill('stun:stun.example.org:3478\nturn:turn.example.org:3478 ada s3cret');
	await page.getByRole('button', { name: 'Save STUN/TURN servers' }).click();
	await expectText(page.getByRole('status').filter({ hasText: 'Using' }), 'Using 2 servers.');
	await page.reload();
	assert.equal(
		await page.getByLabel('STUN and TURN servers', { exact: true }).inputValue(),
		'stun:stun.example.org:3478\nturn:turn.example.org:3478 ada s3cret'
	);
	await page.getByLabel('STUN and TURN servers', { exact: true }).fill('');
	await page.getByRole('button', { name: 'Save STUN/TURN servers' }).click();
	await expectText(
		page.getByRole('status').filter({ hasText: 'Using' }),
		'Using none: direct connections only.'
	);
});
