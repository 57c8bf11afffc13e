import { expect, test } from './fixtures.js';
import { addEvent, addResource, createFestival, eventItem, tab } from './festival-helpers.js';

test('manual location: the owner’s own request is accepted at once; the owner takes it back and accepts again, with its history', async ({
	page
}) => {
	await createFestival(page, 'Manual Fest');
	await addResource(page, {
		name: 'Main Hall',
		kind: 'location',
		policy: 'manual',
		lat: '52.52',
		lon: '13.405'
	});
	await expect(page.getByTestId('place')).toHaveText(/52\.52000, 13\.40500/);
	await addEvent(page, {
		title: 'Opening',
		start: '2026-07-01T10:00',
		end: '2026-07-01T12:00',
		tags: 'music',
		request: ['Main Hall'],
		expectFree: { 'Main Hall': /free then/ }
	});
	// Owners need not approve their own requests.
	const request = eventItem(page, 'Opening').getByTestId('request');
	await expect(request).toHaveText(/Main Hall: accepted/);
	await expect(eventItem(page, 'Opening').getByTestId('event-status')).toHaveText(/confirmed/);

	// The owner changes their mind in the inbox, with a reason; the history keeps both.
	await tab(page, 'Inbox');
	await expect(page.getByTestId('inbox-empty')).toHaveText('Nothing waits for you.');
	const decided = page.getByTestId('decided-item');
	await expect(decided).toHaveText(/Opening · Main Hall:\s*accepted/);
	await decided.getByLabel(/^Reason about Main Hall/).fill('floor repairs');
	await decided
		.getByRole('button', { name: 'Withdraw acceptance of Main Hall for Opening' })
		.click();
	await expect(decided).toHaveAttribute('data-status', 'withdrawn');
	await decided.getByRole('button', { name: 'Accept Main Hall for Opening' }).click();
	await expect(decided).toHaveAttribute('data-status', 'accepted');
	await decided.getByText(/^History/).click();
	await expect(decided.getByTestId('history-entry')).toHaveText([
		/you\s+accepted/,
		/you\s+withdrew: “floor repairs”/,
		/you\s+accepted/
	]);

	await tab(page, 'Schedule');
	const row = page.getByTestId('schedule-event').filter({ hasText: 'Opening' });
	await expect(row).toHaveText(/10:00–12:00\s*Opening\s*@ Main Hall[\s\S]*confirmed/);
	await expect(row).toHaveAttribute('data-state', 'confirmed');
	await page.getByRole('button', { name: 'Grid' }).click();
	await expect(page.getByTestId('grid-event')).toHaveText(/Opening[\s\S]*confirmed/);
	await expect(page.getByTestId('schedule-grid')).toHaveText(/Main Hall/);
});

test('first-come resource: the second overlapping event is denied with the reason "taken"', async ({
	page
}) => {
	await createFestival(page, 'FCFS Fest');
	await addResource(page, { name: 'Projector', kind: 'thing', policy: 'first-come' });
	await addEvent(page, {
		title: 'Talk A',
		start: '2026-07-01T10:00',
		end: '2026-07-01T12:00',
		request: ['Projector']
	});
	await expect(eventItem(page, 'Talk A').getByTestId('request')).toHaveText(/Projector: accepted/);
	await addEvent(page, {
		title: 'Talk B',
		start: '2026-07-01T11:00',
		end: '2026-07-01T13:00',
		request: ['Projector'],
		expectFree: { Projector: /taken then/ }
	});
	await expect(eventItem(page, 'Talk B').getByTestId('request')).toHaveText(
		/Projector: denied \(taken\)/
	);
	await expect(eventItem(page, 'Talk B').getByTestId('event-status')).toHaveText(/denied/);
	await expect(eventItem(page, 'Talk A').getByTestId('event-status')).toHaveText(/confirmed/);
});

test('edits of resources and events persist across a reload (IndexedDB)', async ({ page }) => {
	await createFestival(page, 'Persist Fest');
	await addResource(page, { name: 'Garden', kind: 'location', policy: 'manual' });
	await page.getByRole('button', { name: 'Edit Garden' }).click();
	const rform = page.getByRole('form', { name: 'Save resource' });
	await rform.getByLabel('Resource name').fill('Rose Garden');
	await rform.getByLabel('Street address').fill('1 Park Lane');
	await rform.getByRole('button', { name: 'Save resource' }).click();
	await expect(page.getByTestId('place')).toHaveText(/1 Park Lane/);

	await addEvent(page, {
		title: 'Picnic',
		start: '2026-07-02T12:00',
		end: '2026-07-02T14:00',
		request: ['Rose Garden']
	});
	await page.getByRole('button', { name: 'Edit Picnic' }).click();
	const eform = page.getByRole('form', { name: 'Save event' });
	await eform.getByLabel('Title').fill('Big Picnic');
	await eform.getByLabel(/^Ends/).fill('2026-07-02T15:00');
	await eform.getByRole('button', { name: 'Save event' }).click();
	await expect(eventItem(page, 'Big Picnic')).toHaveText(/12:00–15:00/);

	await page.reload();
	await expect(eventItem(page, 'Big Picnic')).toHaveText(
		/2 Jul 2026, 12:00–15:00[\s\S]*Rose Garden: accepted/
	);
	await tab(page, 'Resources');
	await expect(page.getByTestId('resource')).toHaveText(/Rose Garden[\s\S]*1 Park Lane/);
});

test('a festival file exported in one browser imports in another', async ({ newDevice, page }) => {
	await createFestival(page, 'Travelling Fest');
	await addResource(page, { name: 'Tent', kind: 'location', policy: 'manual' });
	await addEvent(page, {
		title: 'Campfire',
		start: '2026-07-03T20:00',
		end: '2026-07-03T22:00',
		request: ['Tent']
	});
	await tab(page, 'Overview');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download festival file' }).click()
	]);
	expect(download.suggestedFilename()).toBe('travelling-fest.festival');
	const file = await download.path();

	const other = await newDevice();
	const bob = await other.newPage();
	await bob.goto('/');
	await bob.getByLabel('Festival file', { exact: true }).setInputFiles(file);
	await expect(bob.getByTestId('import-status')).toHaveText('Imported “Travelling Fest”.');
	await bob.getByTestId('festival-list').getByRole('link', { name: 'Travelling Fest' }).click();
	await expect(bob.getByTestId('festival-name')).toHaveText('Travelling Fest');
	await tab(bob, 'Events');
	// The tent's owner made the campfire: her own request was accepted at once, and that
	// decision travels with the file.
	await expect(eventItem(bob, 'Campfire')).toHaveText(/Tent: accepted/);
	// Bob does not own the tent: nothing waits for him, and he has nothing to change his mind on.
	await tab(bob, 'Inbox');
	await expect(bob.getByTestId('inbox-empty')).toHaveText('Nothing waits for you.');
	await expect(bob.getByTestId('decided-item')).toHaveCount(0);
	// Bob's own request for the tent waits for its owner.
	await addEvent(bob, {
		title: 'Sing-along',
		start: '2026-07-04T20:00',
		end: '2026-07-04T21:00',
		request: ['Tent']
	});
	await expect(eventItem(bob, 'Sing-along')).toHaveText(/Tent: waiting for owner/);
});
