/**
 * Festival access by ticket, personal requests and dependent resources in the app: an event
 * made without the ticket is shown only to its owner and the festival's creator, asking for the
 * ticket and getting it puts the event on everyone's schedule; a dependent resource's status
 * says what it waits for. Axe checks the pages these add to.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import {
	addEvent,
	addResource,
	createFestival,
	downloadFestival,
	eventItem,
	importFestival,
	tab
} from './festival-helpers.js';

async function violations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	return results.violations.flatMap((v) =>
		v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}: ${n.failureSummary ?? v.help}`)
	);
}

/** Opens festival `name` on a device that holds it. */
async function open(page: Page, name: string): Promise<void> {
	await page.goto('/');
	await page.getByTestId('festival-list').getByRole('link', { name }).click();
	await expect(page.getByTestId('festival-name')).toHaveText(name);
}

/** Sends the festival from `from` (open on it) to `to` as a file, and opens it there. */
async function send(from: Page, to: Page, name: string): Promise<void> {
	const file = await downloadFestival(from);
	await importFestival(to, file, name);
	await open(to, name);
}

test('an event without the ticket is hidden from others until its owner asks for the ticket and gets it', async ({
	page,
	newDevice
}) => {
	const name = 'Ticket Fest';
	await createFestival(page, name);
	await addResource(page, { name: 'Creator ticket', kind: 'other', policy: 'manual' });
	await tab(page, 'Overview');
	const setting = page.getByTestId('ticket-setting');
	await setting.getByLabel('Events count only when their owner holds').selectOption({
		label: 'Creator ticket'
	});
	await setting.getByRole('button', { name: 'Save' }).click();
	await expect(setting.getByRole('status')).toHaveText('Events now need the ticket.');
	expect(await violations(page), 'on the overview with the ticket setting').toEqual([]);

	// Bob adds an event without the ticket: it is not on the schedule; he may ask for the ticket.
	const bob = await (await newDevice()).newPage();
	await send(page, bob, name);
	await expect(bob.getByTestId('ticket-setting')).toContainText(
		'count only when their owner holds “Creator ticket”'
	);
	await addEvent(bob, { title: 'Bob talk', start: '2026-07-01T10:00', end: '2026-07-01T11:00' });
	await expect(bob.getByTestId('events').getByTestId('event')).toHaveCount(0);
	const waiting = bob.getByTestId('unadmitted');
	await expect(waiting.getByTestId('unadmitted-event')).toContainText('Bob talk');
	await expect(waiting.getByTestId('event-status')).toHaveText(/needs “Creator ticket”/);
	expect(await violations(bob), 'on the events page with an unadmitted event').toEqual([]);
	await waiting.getByRole('button', { name: 'Ask for the ticket: Creator ticket' }).click();
	await expect(waiting.getByTestId('my-personal')).toHaveText(
		'You asked for Creator ticket: waiting for owner'
	);

	// Carol, a third person, does not see Bob's event.
	const carol = await (await newDevice()).newPage();
	await send(bob, carol, name);
	await tab(carol, 'Events');
	await expect(carol.getByText('No events yet.')).toBeVisible();
	await expect(carol.getByTestId('unadmitted')).toHaveCount(0);

	// Alice, the creator, sees it apart, and accepts Bob's ticket in her inbox.
	await send(bob, page, name);
	await tab(page, 'Events');
	await expect(page.getByTestId('unadmitted-event')).toContainText('Bob talk');
	await tab(page, 'Inbox');
	const item = page.getByTestId('inbox-item').filter({ has: page.getByTestId('personal-request') });
	await expect(item).toContainText('asks for Creator ticket for themselves');
	expect(await violations(page), 'on the inbox with a personal request').toEqual([]);
	await item.getByRole('button', { name: 'Accept Creator ticket' }).click();
	await expect(page.getByTestId('inbox-empty')).toBeVisible();
	await tab(page, 'Events');
	await expect(eventItem(page, 'Bob talk')).toHaveCount(1);
	await expect(page.getByTestId('unadmitted')).toHaveCount(0);

	// Now everyone sees it.
	await send(page, carol, name);
	await tab(carol, 'Events');
	await expect(eventItem(carol, 'Bob talk')).toHaveCount(1);
});

test('a personal request is decided by the owner; a dependent resource says what it waits for', async ({
	page
}) => {
	await createFestival(page, 'Gear Fest');
	await addResource(page, { name: 'Van', kind: 'thing', policy: 'manual' });
	await addResource(page, { name: 'Big Tent', kind: 'location', policy: 'manual' });
	// The projector requires the tent.
	await tab(page, 'Resources');
	const form = page.getByRole('form', { name: 'Add resource' });
	await form.getByLabel('Resource name').fill('Projector');
	await form.getByLabel('Kind').selectOption('thing');
	await form.getByLabel(/^Capacity/).fill('unlimited');
	await form.getByTestId('requires').getByRole('checkbox', { name: 'Big Tent' }).check();
	await form.getByRole('button', { name: 'Add resource' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Added' })).toHaveText(
		'Added “Projector”.'
	);
	await expect(page.getByTestId('resource').filter({ hasText: 'Projector' })).toContainText(
		'capacity unlimited'
	);

	// Asking for the van for oneself: the owner's own request is accepted at once.
	const van = page.getByTestId('resource').filter({ hasText: 'Van' });
	await van.getByRole('button', { name: 'Ask for this: Van' }).click();
	await expect(van.getByTestId('my-personal')).toHaveText('You asked for Van: accepted');
	expect(await violations(page), 'on the resources page').toEqual([]);

	// The tent is taken at 10–12; a talk at 11 asking for the projector gets the tent asked for
	// too, and the projector waits for it.
	await addEvent(page, {
		title: 'Early',
		start: '2026-07-01T10:00',
		end: '2026-07-01T12:00',
		request: ['Big Tent']
	});
	await tab(page, 'Events');
	const add = page.getByRole('form', { name: 'Add event' });
	await add.getByLabel('Title').fill('Talk');
	await add.getByLabel(/^Starts/).fill('2026-07-01T11:00');
	await add.getByLabel(/^Ends/).fill('2026-07-01T12:00');
	await add.getByRole('checkbox', { name: /^Projector/ }).check();
	await expect(add.getByRole('checkbox', { name: /^Big Tent/ })).toBeChecked();
	await expect(add.getByTestId('requirements-added')).toHaveText(
		'Requested too, because they are required: Big Tent (for Projector).'
	);
	await add.getByRole('button', { name: 'Add event' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Added' })).toHaveText('Added “Talk”.');
	const talk = eventItem(page, 'Talk');
	await expect(talk.getByTestId('request').filter({ hasText: 'Projector' })).toHaveText(
		/Projector: waiting for “Big Tent”/
	);
	await talk.getByRole('heading', { name: /^Talk/ }).waitFor();
});
