/**
 * Two peers in separate browser contexts (their own IndexedDB, their own identity) replicating
 * over real WebRTC through the project's signaling server on 127.0.0.1: joining by the invite
 * link, requests and decisions going both ways, first-come decided by the owner's running app
 * (on any page),
 * and offline edits that survive a reload and arrive when the peer is back.
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectText, test } from './harness.js';
import { addEvent, addResource, createFestival, eventItem, tab } from './festival-helpers.js';

/** Time for something to cross from one peer to the other (discovery, ICE, sealing). */
const ACROSS = 30_000;

/** Alice's invite link, read from the festival's overview. */
async function inviteLink(page: Page): Promise<string> {
	await tab(page, 'Overview');
	await page.getByTestId('invite-qr').waitFor();
	return page.getByLabel('Link to this festival', { exact: true }).inputValue();
}

/** Bob: a second browser context (another device) that opens the invite link and waits for the festival. */
async function bobJoins(
	browser: Browser,
	link: string,
	name: string
): Promise<{ bobContext: BrowserContext; bob: Page; bobErrors: string[] }> {
	const bobContext = await browser.newContext();
	const bob = await bobContext.newPage();
	const bobErrors: string[] = [];
	bob.on('pageerror', (e) => bobErrors.push(e.message));
	await bob.goto(link);
	await expectText(bob.getByTestId('festival-name'), name, ACROSS);
	return { bobContext, bob, bobErrors };
}

test('Bob joins by the invite link; Alice accepts his request in her inbox; Bob sees it confirmed', async ({
	browser,
	page: alice,
	baseURL
}) => {
	await createFestival(alice, baseURL, 'Shared Fest');
	await addResource(alice, { name: 'Main Hall', kind: 'location', policy: 'manual' });
	const link = await inviteLink(alice);
	assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/f\/[0-9a-f]{64}$/);

	const { bobContext, bob, bobErrors } = await bobJoins(browser, link, 'Shared Fest');
	try {
		await expectText(bob.getByTestId('festival-sync'), /Sharing with 1 peer/, ACROSS);
		await expectText(alice.getByTestId('festival-sync'), /Sharing with 1 peer/, ACROSS);
		await addEvent(bob, {
			title: 'Bob Talk',
			start: '2026-07-01T10:00',
			end: '2026-07-01T11:00',
			request: ['Main Hall']
		});
		await expectText(
			eventItem(bob, 'Bob Talk').getByTestId('request'),
			/Main Hall: waiting for owner/
		);

		await tab(alice, 'Inbox');
		await expectText(alice.getByTestId('inbox-item'), /Bob Talk wants Main Hall/, ACROSS);
		await alice.getByRole('button', { name: 'Accept Bob Talk' }).click();
		await expectText(alice.getByTestId('inbox-empty'), 'Nothing waits for you.');

		await expectText(eventItem(bob, 'Bob Talk').getByTestId('event-status'), /confirmed/, ACROSS);
		await expectText(eventItem(bob, 'Bob Talk').getByTestId('request'), /Main Hall: accepted/);

		// The sync page shows the peer, the connection and that the edits are saved.
		await bob.getByTestId('sync-badge').click();
		await expectText(bob.getByTestId('peer-count'), 'Connected to 1 peer.');
		await expectText(bob.getByTestId('sync-network'), 'online');
		await expectText(bob.getByTestId('sync-signaling'), /^connected/);
		await expectText(
			bob.getByTestId('saved-state'),
			'All your edits are saved on this device and signed.'
		);
		await expectText(bob.getByTestId('peer').first(), /connected[\s\S]*now/);
		assert.deepEqual(bobErrors, [], "no uncaught errors in Bob's page");
	} finally {
		await bobContext.close();
	}
});

test('first come, first served: Alice\'s running app denies Bob\'s overlapping request as "taken", on any page', async ({
	browser,
	page: alice,
	baseURL
}) => {
	await createFestival(alice, baseURL, 'Busy Fest');
	await addResource(alice, { name: 'Projector', kind: 'thing', policy: 'first-come' });
	const link = await inviteLink(alice);
	// Alice's app restarts on another page: her festival is not opened by any page of hers,
	// yet it syncs and her policy decides.
	await alice.goto(new URL('/me', baseURL).href);
	await alice.reload();
	const { bobContext, bob, bobErrors } = await bobJoins(browser, link, 'Busy Fest');
	try {
		await addEvent(bob, {
			title: 'Talk A',
			start: '2026-07-01T10:00',
			end: '2026-07-01T12:00',
			request: ['Projector']
		});
		await expectText(
			eventItem(bob, 'Talk A').getByTestId('request'),
			/Projector: accepted/,
			ACROSS
		);
		await addEvent(bob, {
			title: 'Talk B',
			start: '2026-07-01T11:00',
			end: '2026-07-01T13:00',
			request: ['Projector']
		});
		await expectText(
			eventItem(bob, 'Talk B').getByTestId('request'),
			/Projector: denied \(taken\)/,
			ACROSS
		);
		await expectText(eventItem(bob, 'Talk A').getByTestId('event-status'), /confirmed/);
		assert.deepEqual(bobErrors, [], "no uncaught errors in Bob's page");
	} finally {
		await bobContext.close();
	}
});

test('offline: Bob edits with no network, reloads, keeps his edit, and Alice gets it when he is back', async ({
	browser,
	page: alice,
	baseURL
}) => {
	await createFestival(alice, baseURL, 'Offline Fest');
	const link = await inviteLink(alice);
	const { bobContext, bob, bobErrors } = await bobJoins(browser, link, 'Offline Fest');
	try {
		// The service worker has cached the app: it loads with no network from now on.
		assert.equal(
			await bob.evaluate(async () => Boolean(await navigator.serviceWorker.ready)),
			true
		);
		await expectText(alice.getByTestId('festival-sync'), /Sharing with 1 peer/, ACROSS);

		await bobContext.setOffline(true);
		await expectText(bob.getByTestId('sync-badge'), 'Sync: offline');
		await expectText(
			bob.getByTestId('festival-sync'),
			/You are offline: edits are saved on this device/
		);
		await expectText(
			alice.getByTestId('festival-sync'),
			/no other device with this festival is online/,
			ACROSS
		);
		// Even the service worker has no network now (so the reload below comes from its cache).
		const probe = await bob.evaluate(() =>
			fetch('/offline-probe.txt').then(
				() => 'reached',
				() => 'failed'
			)
		);
		assert.equal(probe, 'failed');
		await addEvent(bob, {
			title: 'Offline Jam',
			start: '2026-07-02T20:00',
			end: '2026-07-02T22:00'
		});
		const reloaded = await bob.reload();
		assert.ok(reloaded?.fromServiceWorker(), 'the page came from the service worker');
		await expectText(bob.getByTestId('festival-name'), 'Offline Fest');
		await expectText(bob.getByTestId('sync-badge'), 'Sync: offline');
		await tab(bob, 'Events');
		await expectText(eventItem(bob, 'Offline Jam'), /Offline Jam/);

		await tab(alice, 'Events');
		assert.equal(
			await eventItem(alice, 'Offline Jam').count(),
			0,
			'nothing crossed while Bob was offline'
		);
		await bobContext.setOffline(false);
		await expectText(eventItem(alice, 'Offline Jam'), /2 Jul 2026, 20:00–22:00/, ACROSS);
		// Alice's Sync page: Bob's reloaded session replaced his old one in the list of peers.
		await alice.getByTestId('sync-badge').click();
		await expectText(alice.getByTestId('peer-count'), 'Connected to 1 peer.');
		assert.equal(await alice.getByTestId('peer').count(), 1);
		assert.deepEqual(bobErrors, [], "no uncaught errors in Bob's page");
	} finally {
		await bobContext.close();
	}
});
