/**
 * Joining by link and the sync page: a festival nobody shares yet waits for peers, a bad id
 * says so, a sub-festival's link brings its parent along, and the signaling server can be
 * changed (and is validated) from the Sync page.
 */
import { expect, test } from './fixtures.js';
import { addResource, createFestival, tab } from './festival-helpers.js';

const ACROSS = 50_000;

test('a link to a festival no peer has waits for peers; a link with a bad id says so', async ({
	page
}) => {
	await page.goto(`/f/${'0'.repeat(64)}`);
	await expect(page.getByTestId('waiting')).toHaveText('Waiting for peers…');
	await expect(page.getByTestId('festival-sync')).toHaveText(
		/no other device with this festival is online/
	);
	expect(await page.title()).toBe('Joining a festival · Festival');
	await page.goto('/f/not-a-festival');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('No such festival');
	// Joining something that never arrived lists nothing.
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Festivals');
	await expect(page.getByTestId('festival-list').getByRole('link')).toHaveCount(0);
});

test("a sub-festival's invite link brings its parent along", async ({ page: alice, newDevice }) => {
	await createFestival(alice, 'Big Fest');
	await addResource(alice, { name: 'Main Stage', policy: 'manual' });
	await tab(alice, 'Overview');
	await alice.getByLabel('Sub-festival name').fill('Kids Corner');
	await alice.getByRole('button', { name: 'Add sub-festival' }).click();
	await expect(alice.getByTestId('festival-name')).toHaveText('Kids Corner');
	const link = await alice.getByLabel('Link to this festival', { exact: true }).inputValue();

	const bob = await (await newDevice()).newPage();
	await bob.goto(link);
	await expect(bob.getByTestId('festival-name')).toHaveText('Kids Corner', { timeout: ACROSS });
	await expect(bob.getByTestId('parent')).toHaveText(/Part of\s*Big Fest/, { timeout: ACROSS });
	// The parent's resources can be requested from the sub-festival.
	await tab(bob, 'Events');
	await expect(bob.getByRole('form', { name: 'Add event' })).toHaveText(/Main Stage/, {
		timeout: ACROSS
	});
	await bob.goto('/');
	await expect(bob.getByTestId('festival-list')).toHaveText(
		/Big Fest[\s\S]*Kids Corner|Kids Corner[\s\S]*Big Fest/
	);
});

test('the Sync page changes the signaling server, refuses a bad URL, and goes back to the default', async ({
	page,
	baseURL
}) => {
	await createFestival(page, 'Signal Fest');
	await expect(page.getByTestId('sync-badge')).toHaveText('Sync: 0 peers');
	await page.getByTestId('sync-badge').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sync');
	await expect(page.getByTestId('sync-signaling')).toHaveText(
		new RegExp(
			`^\\s*connected\\s*\\(${baseURL!.replace('http', 'ws').replace(/\./g, '\\.')}\\)\\s*$`
		)
	);
	const field = page.getByLabel('Signaling server URL');

	await field.fill('https://example.org/');
	await page.getByRole('button', { name: 'Save server', exact: true }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'ws://' })).toHaveText(
		/starts with ws:\/\/ or wss:\/\//
	);

	// Nothing listens on port 9 here: the app says it is not connected, and keeps the choice.
	await field.fill('ws://127.0.0.1:9/');
	await page.getByRole('button', { name: 'Save server', exact: true }).click();
	await expect(page.getByTestId('sync-signaling')).toHaveText(
		/^\s*not connected\s*\(ws:\/\/127\.0\.0\.1:9\/\)\s*$/
	);
	// After a reload every festival on the device syncs again, through the chosen server.
	await page.reload();
	await expect(page.getByTestId('sync-signaling')).toHaveText(
		/^\s*not connected\s*\(ws:\/\/127\.0\.0\.1:9\/\)\s*$/
	);
	await expect(page.getByLabel('Signaling server URL')).toHaveValue('ws://127.0.0.1:9/');

	await page.getByRole('button', { name: 'Use default' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Using the default' })).toHaveText(
		/Using the default, ws:\/\/127\.0\.0\.1:\d+\/\./
	);
	await page.goBack();
	await expect(page.getByTestId('festival-name')).toHaveText('Signal Fest');
	await expect(page.getByTestId('festival-sync')).toHaveText(
		/Connected; no other device with this festival is online/
	);
});

test('the Sync page keeps STUN/TURN servers across a reload and names a bad line', async ({
	page
}) => {
	await page.goto('/sync');
	const field = page.getByLabel('STUN and TURN servers', { exact: true });
	await field.fill('stun:stun.example.org:3478\nturn:turn.example.org:3478');
	await page.getByRole('button', { name: 'Save STUN/TURN servers' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'TURN' })).toHaveText(
		/line 2: .*a TURN server needs a username and a credential/
	);
	await field.fill('stun:stun.example.org:3478\nturn:turn.example.org:3478 ada s3cret');
	await page.getByRole('button', { name: 'Save STUN/TURN servers' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Using' })).toHaveText(
		'Using 2 servers.'
	);
	await page.reload();
	await expect(page.getByLabel('STUN and TURN servers', { exact: true })).toHaveValue(
		'stun:stun.example.org:3478\nturn:turn.example.org:3478 ada s3cret'
	);
	await page.getByLabel('STUN and TURN servers', { exact: true }).fill('');
	await page.getByRole('button', { name: 'Save STUN/TURN servers' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Using' })).toHaveText(
		"Using the signaling server's own."
	);
	// npm start answers STUN on its own port: that server is the one in use
	await expect(page.getByText("None set, so the signaling server's own are in use")).toContainText(
		/STUN stun:127\.0\.0\.1:\d+; that server offers no TURN relay\./
	);
});
