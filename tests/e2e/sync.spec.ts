/**
 * Two peers in separate browser contexts (their own IndexedDB, their own identity) replicating
 * over real WebRTC through the project's signaling server on 127.0.0.1: joining by the invite
 * link, requests and decisions going both ways, first-come decided by the owner's running app
 * (on any page),
 * and offline edits that survive a reload and arrive when the peer is back.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { addEvent, addResource, createFestival, eventItem, tab } from './festival-helpers.js';

/** Time for something to cross from one peer to the other (discovery, ICE, sealing). */
const ACROSS = 30_000;

/** Alice's invite link, read from the festival's overview. */
async function inviteLink(page: Page): Promise<string> {
	await tab(page, 'Overview');
	await expect(page.getByTestId('invite-qr')).toBeVisible();
	return page.getByLabel('Link to this festival', { exact: true }).inputValue();
}

/** Bob: a second browser context (another device) that opens the invite link and waits for the festival. */
async function bobJoins(
	bobContext: BrowserContext,
	link: string,
	name: string
): Promise<{ bob: Page; bobErrors: string[] }> {
	const bob = await bobContext.newPage();
	const bobErrors: string[] = [];
	bob.on('pageerror', (e) => bobErrors.push(e.message));
	await bob.goto(link);
	await expect(bob.getByTestId('festival-name')).toHaveText(name, { timeout: ACROSS });
	return { bob, bobErrors };
}

test('Bob joins by the invite link; Alice accepts his request in her inbox; Bob sees it confirmed', async ({
	page: alice,
	newDevice
}) => {
	// Alice gives her name on her first visit; her festival carries it.
	await alice.goto('/');
	const ask = alice.getByRole('region', { name: 'Welcome' });
	await ask.getByLabel('Your name').fill('Alice');
	await ask.getByLabel('Your name').press('Enter');
	await expect(alice.getByRole('status').filter({ hasText: 'Others see you as' })).toBeVisible();
	await createFestival(alice, 'Shared Fest');
	await addResource(alice, { name: 'Main Hall', kind: 'location', policy: 'manual' });
	const link = await inviteLink(alice);
	expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/f\/[0-9a-f]{64}#name=Shared%20Fest$/);

	const bobContext = await newDevice();
	const { bob, bobErrors } = await bobJoins(bobContext, link, 'Shared Fest');
	// Bob's sync line names the peer by the name Alice published, with her short key.
	await expect(bob.getByTestId('festival-sync')).toHaveText(
		/Sharing with 1 peer: Alice \([0-9a-f]{8}\)\./,
		{ timeout: ACROSS }
	);
	await expect(alice.getByTestId('festival-sync')).toHaveText(/Sharing with 1 peer/, {
		timeout: ACROSS
	});
	await addEvent(bob, {
		title: 'Bob Talk',
		start: '2026-07-01T10:00',
		end: '2026-07-01T11:00',
		request: ['Main Hall']
	});
	await expect(eventItem(bob, 'Bob Talk').getByTestId('request')).toHaveText(
		/Main Hall: waiting for owner/
	);

	await tab(alice, 'Inbox');
	await expect(alice.getByTestId('inbox-item')).toHaveText(/Bob Talk wants Main Hall/, {
		timeout: ACROSS
	});
	await alice.getByRole('button', { name: 'Accept Bob Talk' }).click();
	await expect(alice.getByTestId('inbox-empty')).toHaveText('Nothing waits for you.');

	await expect(eventItem(bob, 'Bob Talk').getByTestId('event-status')).toHaveText(/confirmed/, {
		timeout: ACROSS
	});
	await expect(eventItem(bob, 'Bob Talk').getByTestId('request')).toHaveText(/Main Hall: accepted/);

	// The sync page shows the peer, the connection and that the edits are saved.
	await bob.getByTestId('sync-badge').click();
	await expect(bob.getByTestId('peer-count')).toHaveText('Connected to 1 peer.');
	await expect(bob.getByTestId('sync-network')).toHaveText('online');
	await expect(bob.getByTestId('sync-signaling')).toHaveText(/^\s*connected/);
	await expect(bob.getByTestId('saved-state')).toHaveText(
		'All your edits are saved on this device and signed.'
	);
	await expect(bob.getByTestId('peer').first()).toHaveText(/connected[\s\S]*now/);
	expect(bobErrors, "no uncaught errors in Bob's page").toEqual([]);
});

test('first come, first served: Alice\'s running app denies Bob\'s overlapping request as "taken", on any page', async ({
	page: alice,
	newDevice
}) => {
	await createFestival(alice, 'Busy Fest');
	await addResource(alice, { name: 'Projector', kind: 'thing', policy: 'first-come' });
	const link = await inviteLink(alice);
	// Alice's app restarts on another page: her festival is not opened by any page of hers,
	// yet it syncs and her policy decides.
	await alice.goto('/me');
	await alice.reload();
	const bobContext = await newDevice();
	const { bob, bobErrors } = await bobJoins(bobContext, link, 'Busy Fest');
	await addEvent(bob, {
		title: 'Talk A',
		start: '2026-07-01T10:00',
		end: '2026-07-01T12:00',
		request: ['Projector']
	});
	await expect(eventItem(bob, 'Talk A').getByTestId('request')).toHaveText(/Projector: accepted/, {
		timeout: ACROSS
	});
	await addEvent(bob, {
		title: 'Talk B',
		start: '2026-07-01T11:00',
		end: '2026-07-01T13:00',
		request: ['Projector']
	});
	await expect(eventItem(bob, 'Talk B').getByTestId('request')).toHaveText(
		/Projector: denied \(taken\)/,
		{ timeout: ACROSS }
	);
	await expect(eventItem(bob, 'Talk A').getByTestId('event-status')).toHaveText(/confirmed/);
	expect(bobErrors, "no uncaught errors in Bob's page").toEqual([]);
});

test('offline: Bob edits with no network, reloads, keeps his edit, and Alice gets it when he is back', async ({
	page: alice,
	newDevice
}) => {
	await createFestival(alice, 'Offline Fest');
	const link = await inviteLink(alice);
	const bobContext = await newDevice();
	const { bob, bobErrors } = await bobJoins(bobContext, link, 'Offline Fest');
	// The service worker has cached the app: it loads with no network from now on.
	expect(await bob.evaluate(async () => Boolean(await navigator.serviceWorker.ready))).toBe(true);
	await expect(alice.getByTestId('festival-sync')).toHaveText(/Sharing with 1 peer/, {
		timeout: ACROSS
	});

	await bobContext.setOffline(true);
	await expect(bob.getByTestId('sync-badge')).toHaveText('Sync: offline');
	await expect(bob.getByTestId('festival-sync')).toHaveText(
		/You are offline: edits are saved on this device/
	);
	await expect(alice.getByTestId('festival-sync')).toHaveText(
		/no other device with this festival is online/,
		{ timeout: ACROSS }
	);
	// Even the service worker has no network now (so the reload below comes from its cache).
	const probe = await bob.evaluate(() =>
		fetch('/offline-probe.txt').then(
			() => 'reached',
			() => 'failed'
		)
	);
	expect(probe).toBe('failed');
	await addEvent(bob, {
		title: 'Offline Jam',
		start: '2026-07-02T20:00',
		end: '2026-07-02T22:00'
	});
	const reloaded = await bob.reload();
	expect(reloaded?.fromServiceWorker(), 'the page came from the service worker').toBeTruthy();
	await expect(bob.getByTestId('festival-name')).toHaveText('Offline Fest');
	await expect(bob.getByTestId('sync-badge')).toHaveText('Sync: offline');
	await tab(bob, 'Events');
	await expect(eventItem(bob, 'Offline Jam')).toHaveText(/Offline Jam/);

	await tab(alice, 'Events');
	await expect(
		eventItem(alice, 'Offline Jam'),
		'nothing crossed while Bob was offline'
	).toHaveCount(0);
	await bobContext.setOffline(false);
	await expect(eventItem(alice, 'Offline Jam')).toHaveText(/2 Jul 2026, 20:00–22:00/, {
		timeout: ACROSS
	});
	// Alice's Sync page: Bob's reloaded session replaced his old one in the list of peers.
	await alice.getByTestId('sync-badge').click();
	await expect(alice.getByTestId('peer-count')).toHaveText('Connected to 1 peer.');
	await expect(alice.getByTestId('peer')).toHaveCount(1);
	expect(bobErrors, "no uncaught errors in Bob's page").toEqual([]);
});
