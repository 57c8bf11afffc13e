/**
 * Deleting one's own events and resources, with a confirmation in place: a deleted event
 * leaves the events, the schedule and the decisions in the owner's inbox; a deleted resource leaves the
 * resources, and an event that requested it says it was removed.
 */
import { expect, test } from './fixtures.js';
import { addEvent, addResource, createFestival, eventItem, tab } from './festival-helpers.js';

test('deletes an event and a resource after confirming; cancel keeps them', async ({ page }) => {
	await createFestival(page, 'Tidy Fest');
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
	// The garden's owner asked for it herself: both requests were accepted at once, so nothing
	// waits in her inbox; they are among her decisions there, which she may change.
	await tab(page, 'Inbox');
	await expect(page.getByRole('link', { name: /^Inbox/ })).toHaveText('Inbox (0)');
	await expect(page.getByTestId('decided-item')).toHaveText([
		/Picnic · Garden/,
		/Barbecue · Garden/
	]);

	// Cancel first: nothing happens, and focus comes back to the button.
	await tab(page, 'Events');
	await page.getByRole('button', { name: 'Delete Picnic' }).click();
	await expect(page.getByRole('group', { name: 'Delete Picnic?' })).toHaveText(
		/Really delete “Picnic”\?/
	);
	await page.keyboard.press('Enter'); // focus is on Cancel
	await expect(page.getByRole('group', { name: 'Delete Picnic?' })).toHaveCount(0);
	expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
		'Delete Picnic'
	);

	await page.getByRole('button', { name: 'Delete Picnic' }).click();
	await page.getByRole('button', { name: 'Delete “Picnic”' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Deleted' })).toHaveText(
		'Deleted “Picnic”.'
	);
	await expect(eventItem(page, 'Picnic')).toHaveCount(0);
	await tab(page, 'Inbox');
	await expect(page.getByTestId('decided-item')).toHaveText([/Barbecue · Garden/]);
	await tab(page, 'Schedule');
	await expect(page.getByTestId('schedule-list')).toHaveText(/Barbecue/);
	await expect(page.getByTestId('schedule-event')).toHaveCount(1);

	await tab(page, 'Resources');
	await page.getByRole('button', { name: 'Delete Garden' }).click();
	await page.getByRole('button', { name: 'Delete “Garden”' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Deleted' })).toHaveText(
		'Deleted “Garden”.'
	);
	await expect(page.getByTestId('resource')).toHaveCount(0);
	await tab(page, 'Inbox');
	await expect(page.getByTestId('decided-item')).toHaveCount(0);
	await tab(page, 'Events');
	await expect(eventItem(page, 'Barbecue').getByTestId('request')).toHaveText(
		/Garden: denied \(“Garden” was removed by its owner\)/
	);

	// It stays deleted after a reload.
	await page.reload();
	await expect(eventItem(page, 'Barbecue').getByTestId('request')).toHaveText(
		/removed by its owner/
	);
	await expect(eventItem(page, 'Picnic')).toHaveCount(0);
});
