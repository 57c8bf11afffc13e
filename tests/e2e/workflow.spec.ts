import assert from 'node:assert/strict';
import { expectText, test } from './harness.js';
import { addEvent, addResource, createFestival, eventItem, tab } from './festival-helpers.js';

test('manual location: a request waits, the owner accepts it in the inbox, the schedule shows it confirmed', async ({
	page,
	baseURL
}) => {
	await createFestival(page, baseURL, 'Manual Fest');
	await addResource(page, {
		name: 'Main Hall',
		kind: 'location',
		policy: 'manual',
		lat: '52.52',
		lon: '13.405'
	});
	await expectText(page.getByTestId('place'), /52\.52000, 13\.40500/);
	await addEvent(page, {
		title: 'Opening',
		start: '2026-07-01T10:00',
		end: '2026-07-01T12:00',
		tags: 'music',
		request: ['Main Hall'],
		expectFree: { 'Main Hall': /free then/ }
	});
	await expectText(eventItem(page, 'Opening').getByTestId('event-status'), /waiting for owner/);
	await expectText(
		eventItem(page, 'Opening').getByTestId('request'),
		/Main Hall: waiting for owner/
	);

	await tab(page, 'Inbox');
	await expectText(page.getByTestId('inbox-item'), /Opening wants Main Hall/);
	await page.getByRole('button', { name: 'Accept Opening' }).click();
	await expectText(page.getByTestId('inbox-empty'), 'Nothing waits for you.');

	await tab(page, 'Schedule');
	const row = page.getByTestId('schedule-event').filter({ hasText: 'Opening' });
	await expectText(row, /10:00–12:00\s*Opening\s*@ Main Hall[\s\S]*confirmed/);
	assert.equal(await row.getAttribute('data-state'), 'confirmed');
	await page.getByRole('button', { name: 'Grid' }).click();
	await expectText(page.getByTestId('grid-event'), /Opening[\s\S]*confirmed/);
	await expectText(page.getByTestId('schedule-grid'), /Main Hall/);
});

test('first-come resource: the second overlapping event is denied with the reason "taken"', async ({
	page,
	baseURL
}) => {
	await createFestival(page, baseURL, 'FCFS Fest');
	await addResource(page, { name: 'Projector', kind: 'thing', policy: 'first-come' });
	await addEvent(page, {
		title: 'Talk A',
		start: '2026-07-01T10:00',
		end: '2026-07-01T12:00',
		request: ['Projector']
	});
	await expectText(eventItem(page, 'Talk A').getByTestId('request'), /Projector: accepted/);
	await addEvent(page, {
		title: 'Talk B',
		start: '2026-07-01T11:00',
		end: '2026-07-01T13:00',
		request: ['Projector'],
		expectFree: { Projector: /taken then/ }
	});
	await expectText(eventItem(page, 'Talk B').getByTestId('request'), /Projector: denied \(taken\)/);
	await expectText(eventItem(page, 'Talk B').getByTestId('event-status'), /denied/);
	await expectText(eventItem(page, 'Talk A').getByTestId('event-status'), /confirmed/);
});

test('edits of resources and events persist across a reload (IndexedDB)', async ({
	page,
	baseURL
}) => {
	await createFestival(page, baseURL, 'Persist Fest');
	await addResource(page, { name: 'Garden', kind: 'location', policy: 'manual' });
	await page.getByRole('button', { name: 'Edit Garden' }).click();
	const rform = page.getByRole('form', { name: 'Save resource' });
	await rform.getByLabel('Resource name').fill('Rose Garden');
	await rform.getByLabel('Street address').fill('1 Park Lane');
	await rform.getByRole('button', { name: 'Save resource' }).click();
	await expectText(page.getByTestId('place'), /1 Park Lane/);

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
	await expectText(eventItem(page, 'Big Picnic'), /12:00–15:00/);

	await page.reload();
	await expectText(
		eventItem(page, 'Big Picnic'),
		/2 Jul 2026, 12:00–15:00[\s\S]*Rose Garden: waiting for owner/
	);
	await tab(page, 'Resources');
	await expectText(page.getByTestId('resource'), /Rose Garden[\s\S]*1 Park Lane/);
});

test('a festival file exported in one browser imports in another', async ({
	browser,
	page,
	baseURL
}) => {
	await createFestival(page, baseURL, 'Travelling Fest');
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
	assert.equal(download.suggestedFilename(), 'travelling-fest.festival');
	const file = await download.path();

	const other = await browser.newContext();
	try {
		const bob = await other.newPage();
		await bob.goto(baseURL);
		await bob.getByLabel('Festival file', { exact: true }).setInputFiles(file);
		await expectText(bob.getByTestId('import-status'), 'Imported “Travelling Fest”.');
		await bob.getByTestId('festival-list').getByRole('link', { name: 'Travelling Fest' }).click();
		await expectText(bob.getByTestId('festival-name'), 'Travelling Fest');
		await tab(bob, 'Events');
		await expectText(eventItem(bob, 'Campfire'), /Tent: waiting for owner/);
		// Bob does not own the tent: nothing waits for him.
		await tab(bob, 'Inbox');
		await expectText(bob.getByTestId('inbox-empty'), 'Nothing waits for you.');
	} finally {
		await other.close();
	}
});
