/**
 * Groups: a group of two people owns a resource; a third person requests it; the second member
 * accepts it from their inbox; after the removal, the removed member's decision (made without
 * having heard of it) counts for nothing. Festivals travel as files between the three devices.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import {
	addEvent,
	createFestival,
	downloadFestival,
	eventItem,
	importFestival,
	tab
} from './festival-helpers.js';

const FEST = 'Group Fest';

/** Answers the first visit's question for a name. */
async function named(page: Page, name: string): Promise<void> {
	await page.goto('/');
	const ask = page.getByRole('region', { name: 'Welcome' });
	await ask.getByLabel('Your name').fill(name);
	await ask.getByLabel('Your name').press('Enter');
	await ask.getByRole('button', { name: 'Done' }).click();
	await expect(ask).toHaveCount(0);
}

/** Brings `from`'s copy of the festival to `to` (as a file) and opens it there on `tabName`. */
async function send(from: Page, to: Page, tabName: string): Promise<void> {
	const file = await downloadFestival(from);
	await importFestival(to, file, FEST);
	await to.getByTestId('festival-list').getByRole('link', { name: FEST }).click();
	await expect(to.getByTestId('festival-name')).toHaveText(FEST);
	await tab(to, tabName);
}

test('a group owns a resource; a member decides from the inbox; a removed member no longer counts', async ({
	page,
	newDevice
}) => {
	await named(page, 'Alice');
	await createFestival(page, FEST);
	const bob = await (await newDevice()).newPage();
	await named(bob, 'Bob');
	await send(page, bob, 'Events');
	// Bob writes something, so the festival knows his name.
	await addEvent(bob, { title: 'Setup', start: '2026-07-01T08:00', end: '2026-07-01T09:00' });
	await send(bob, page, 'Groups');

	// Alice makes a group and adds Bob, picked from the people known here.
	await page.getByLabel('Group name').fill('Crew');
	await page.getByRole('button', { name: 'Create group' }).click();
	await expect(page.getByTestId('group-status')).toHaveText('Created group “Crew”.');
	const crew = page.getByTestId('group').filter({ hasText: 'Crew' });
	await crew.getByLabel('Someone known here').selectOption({ label: 'Bob' });
	await crew.getByRole('button', { name: 'Add member' }).click();
	await expect(page.getByTestId('group-status')).toHaveText('Added Bob to “Crew”.');
	await expect(crew.getByTestId('member')).toHaveCount(2);
	const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(axe.violations.map((v) => v.id)).toEqual([]);

	// The group owns the hall Alice adds.
	await tab(page, 'Resources');
	const form = page.getByRole('form', { name: 'Add resource' });
	await form.getByLabel('Resource name').fill('Hall');
	await form.getByLabel('Kind').selectOption('location');
	await form.getByLabel('Owner').selectOption({ label: 'Group: Crew' });
	await form.getByRole('button', { name: 'Add resource' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Added' })).toHaveText('Added “Hall”.');

	// Carol requests it.
	const carol = await (await newDevice()).newPage();
	await named(carol, 'Carol');
	await send(page, carol, 'Events');
	await addEvent(carol, {
		title: 'Talk',
		start: '2026-07-01T10:00',
		end: '2026-07-01T11:00',
		request: ['Hall']
	});
	await expect(eventItem(carol, 'Talk')).toHaveText(/Hall: waiting for owner/);

	// Bob, a member, finds it in his inbox and accepts it.
	await send(carol, bob, 'Inbox');
	const item = bob.getByTestId('inbox-item').filter({ hasText: 'Talk' });
	await item.getByRole('button', { name: 'Accept' }).click();
	await expect(bob.getByTestId('decided-item')).toHaveCount(1);
	await send(bob, page, 'Events');
	await expect(eventItem(page, 'Talk')).toHaveText(/Hall: accepted/);

	// Alice removes Bob. Bob, who has not heard of it, denies: that counts for nothing.
	await tab(page, 'Groups');
	await crew.getByRole('button', { name: 'Remove Bob' }).click();
	await expect(crew.getByTestId('member')).toHaveCount(1);
	await tab(bob, 'Inbox');
	await bob.getByRole('button', { name: 'Deny Hall for Talk' }).click();
	await expect(bob.getByTestId('decided-item')).toHaveAttribute('data-status', 'denied');
	await send(bob, page, 'Events');
	await expect(eventItem(page, 'Talk')).toHaveText(/Hall: accepted/);
	// Once Bob hears of the removal, the group's requests leave his inbox.
	await send(page, bob, 'Inbox');
	await expect(bob.getByTestId('decided-item')).toHaveCount(0);
});
