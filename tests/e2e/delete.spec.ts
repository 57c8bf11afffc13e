/**
 * Deleting one's own events and resources, with a confirmation in place: a deleted event
 * leaves the events, the schedule and the owner's inbox; a deleted resource leaves the
 * resources, and an event that requested it says it was removed.
 */
import assert from 'node:assert/strict';
import { expectText, test } from './harness.js';
import { addEvent, addResource, createFestival, eventItem, tab } from './festival-helpers.js';

test('deletes an event and a resource after confirming; cancel keeps them', async ({
	page,
	baseURL
}) => {
	await createFestival(page, baseURL, 'Tidy Fest');
	await addResource(page, { name: 'Garden', policy: 'manual' });
	await addEvent(page, {
		title: 'Picnic',
		start: '2026-07-01T12:00',
		end: '2026-07-01T13:00',
		request: ['Garden']
	});
	await addEvent(page, {
		title: 'Barbecue',
		start: '2026-07-01T18:00',
		end: '2026-07-01T20:00',
		request: ['Garden']
	});
	await tab(page, 'Inbox');
	await expectText(page.getByRole('link', { name: /^Inbox/ }), 'Inbox (2)');

	// Cancel first: nothing happens, and focus comes back to the button.
	await tab(page, 'Events');
	await page.getByRole('button', { name: 'Delete Picnic' }).click();
	await expectText(page.getByRole('group', { name: 'Delete Picnic?' }), /Really delete “Picnic”\?/);
	await page.keyboard.press('Enter'); // focus is on Cancel
	assert.equal(await page.getByRole('group', { name: 'Delete Picnic?' }).count(), 0);
	assert.equal(
		await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
		'Delete Picnic'
	);

	await page.getByRole('button', { name: 'Delete Picnic' }).click();
	await page.getByRole('button', { name: 'Delete “Picnic”' }).click();
	await expectText(page.getByRole('status').filter({ hasText: 'Deleted' }), 'Deleted “Picnic”.');
	assert.equal(await eventItem(page, 'Picnic').count(), 0);
	await expectText(page.getByRole('link', { name: /^Inbox/ }), 'Inbox (1)');
	await tab(page, 'Schedule');
	await expectText(page.getByTestId('schedule-list'), /Barbecue/);
	assert.equal(await page.getByTestId('schedule-event').count(), 1);

	await tab(page, 'Resources');
	await page.getByRole('button', { name: 'Delete Garden' }).click();
	await page.getByRole('button', { name: 'Delete “Garden”' }).click();
	await expectText(page.getByRole('status').filter({ hasText: 'Deleted' }), 'Deleted “Garden”.');
	assert.equal(await page.getByTestId('resource').count(), 0);
	await expectText(page.getByRole('link', { name: /^Inbox/ }), 'Inbox (0)');
	await tab(page, 'Events');
	await expectText(
		eventItem(page, 'Barbecue').getByTestId('request'),
		/Garden: denied \(“Garden” was removed by its owner\)/
	);

	// It stays deleted after a reload.
	await page.reload();
	await expectText(eventItem(page, 'Barbecue').getByTestId('request'), /removed by its owner/);
	assert.equal(await eventItem(page, 'Picnic').count(), 0);
});
