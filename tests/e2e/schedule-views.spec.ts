/**
 * Working in the schedule: every event has a page (linked from the list, the grid and the
 * inbox) where its owner edits and deletes it; days side by side and a week; a resource's
 * calendar with its free gaps; the printable programme of confirmed events; grid blocks as
 * named links; on a phone the events come before the filters. axe checks the new pages.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import {
	addEvent,
	addResource,
	createFestival,
	otherPersonAddsEvents,
	tab
} from './festival-helpers.js';

async function violations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	return results.violations.flatMap((v) =>
		v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}: ${n.failureSummary ?? v.help}`)
	);
}

const heading = (page: Page) => page.getByRole('heading', { level: 2 }).first();

test("an event's page names each of its places, separated", async ({ page }) => {
	await createFestival(page, 'Where Fest');
	await addResource(page, { name: 'Meadow' });
	await addResource(page, { name: 'Main Stage' });
	await addEvent(page, {
		title: 'Choir',
		start: '2026-07-01T10:00',
		end: '2026-07-01T11:00',
		request: ['Meadow', 'Main Stage']
	});
	await tab(page, 'Schedule');
	await page.getByTestId('schedule-list').getByRole('link', { name: 'Choir' }).click();
	await expect(page.getByTestId('event-where')).toHaveText(
		/^(Meadow, Main Stage|Main Stage, Meadow)$/
	);
});

test("an event's page opens from the list, the grid and the inbox; its owner decides, edits and deletes there", async ({
	page,
	newDevice
}) => {
	await createFestival(page, 'Page Fest');
	await addResource(page, { name: 'Tent', policy: 'manual' });
	await addEvent(page, {
		title: 'Workshop',
		start: '2026-07-01T10:00',
		end: '2026-07-01T11:00',
		tags: 'craft',
		request: ['Tent']
	});
	// Another person asks for the tent: their request waits for its owner.
	const other = await otherPersonAddsEvents(page, newDevice, 'Page Fest', [
		{ title: 'Dance', start: '2026-07-01T12:00', end: '2026-07-01T13:00', request: ['Tent'] }
	]);

	// From the list. The tent's owner asked for it herself: accepted at once; she may still
	// change her mind there.
	await tab(page, 'Schedule');
	await page.getByTestId('schedule-list').getByRole('link', { name: 'Workshop' }).click();
	await expect(page).toHaveURL(/\/e\/[^/]+$/);
	const workshopUrl = page.url();
	await expect(heading(page)).toHaveText('Workshop');
	await expect(page.getByTestId('event-when')).toHaveText('1 Jul 2026, 10:00–11:00 (UTC)');
	await expect(page.getByTestId('event-page')).toHaveText(/By\s*you[\s\S]*Tent[\s\S]*craft/);
	await expect(page.getByTestId('request')).toHaveAttribute('data-status', 'accepted');
	await expect(page.getByTestId('event-status')).toHaveAttribute('data-state', 'confirmed');
	expect(await violations(page), 'on an event page').toEqual([]);

	// A stable link: opened afresh, it shows the same event.
	await page.goto(workshopUrl);
	await expect(heading(page)).toHaveText('Workshop');

	// From the grid, with the keyboard: the block is a link named by title, time and status.
	await page.getByRole('link', { name: '← Schedule' }).click();
	await page.getByRole('button', { name: 'Grid' }).click();
	const block = page.getByRole('link', { name: 'Workshop, 10:00–11:00, confirmed' });
	await block.focus();
	await expect(block).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(heading(page)).toHaveText('Workshop');
	await expect(page).toHaveURL(workshopUrl);

	// From the inbox: the resource's owner decides the other person's request on its page.
	await tab(page, 'Inbox');
	await page.getByTestId('inbox-item').getByRole('link', { name: 'Dance' }).click();
	await expect(heading(page)).toHaveText('Dance');
	await expect(page.getByTestId('request')).toHaveAttribute('data-status', 'pending');
	expect(await violations(page), 'on an event page with a decision to make').toEqual([]);
	await page.getByRole('button', { name: 'Accept Dance' }).click();
	await expect(page.getByTestId('request')).toHaveAttribute('data-status', 'accepted');
	await expect(page.getByTestId('event-status')).toHaveAttribute('data-state', 'confirmed');
	// Not her event: she may not edit or delete it.
	await expect(page.getByRole('button', { name: 'Edit Dance' })).toHaveCount(0);

	// The event's owner edits it on its page...
	await tab(other, 'Schedule');
	await other.getByTestId('schedule-list').getByRole('link', { name: 'Dance' }).click();
	await expect(heading(other)).toHaveText('Dance');
	await other.getByRole('button', { name: 'Edit Dance' }).click();
	const form = other.getByRole('form', { name: 'Save event' });
	await form.getByLabel('Title').fill('Dance night');
	await form.getByLabel(/^Ends/).fill('2026-07-01T14:00');
	await form.getByRole('button', { name: 'Save event' }).click();
	await expect(other.getByRole('status').filter({ hasText: 'Saved' })).toHaveText(
		'Saved “Dance night”.'
	);
	await expect(heading(other)).toHaveText('Dance night');
	await expect(other.getByTestId('event-when')).toHaveText('1 Jul 2026, 12:00–14:00 (UTC)');

	// ...and deletes it.
	await other.getByRole('button', { name: 'Delete Dance night' }).click();
	await other.getByRole('button', { name: 'Delete “Dance night”' }).click();
	await expect(other.getByTestId('event-missing')).toBeVisible();
	await tab(other, 'Schedule');
	await expect(other.getByTestId('schedule-event')).toHaveCount(1);
});

test('days side by side, a week, a resource calendar with free gaps, and the printable programme', async ({
	page,
	newDevice
}) => {
	await createFestival(page, 'Days Fest');
	await addResource(page, { name: 'Tent', policy: 'manual' });
	await addEvent(page, {
		title: 'Day one',
		start: '2026-07-01T10:00',
		end: '2026-07-01T11:00',
		request: ['Tent']
	});
	await addEvent(page, {
		title: 'Day two',
		start: '2026-07-02T16:00',
		end: '2026-07-02T17:00',
		request: ['Tent']
	});
	await addEvent(page, { title: 'Later', start: '2026-07-08T10:00', end: '2026-07-08T11:00' });
	// The tent's owner asked for it herself (Day one, Day two): accepted at once. Another
	// person's request (Maybe) waits for her.
	await otherPersonAddsEvents(page, newDevice, 'Days Fest', [
		{ title: 'Maybe', start: '2026-07-02T18:00', end: '2026-07-02T19:00', request: ['Tent'] }
	]);
	await tab(page, 'Inbox');
	await expect(page.getByTestId('inbox-item')).toHaveCount(1);
	await expect(page.getByTestId('inbox-item')).toHaveText(/Maybe/);
	await expect(page.getByTestId('decided-item')).toHaveCount(2);

	await tab(page, 'Schedule');
	await page.getByRole('button', { name: 'Days' }).click();
	await expect(page.getByTestId('days-grid-day')).toHaveCount(8);
	await expect(page.getByTestId('days-event')).toHaveCount(4);
	await expect(page.getByTestId('days-event').filter({ hasText: 'Day two' })).toHaveAttribute(
		'data-day',
		'2026-07-02'
	);
	// Days side by side: Day one's column is left of Day two's.
	const x = async (t: string) =>
		(await page.getByTestId('days-event').filter({ hasText: t }).boundingBox())!.x;
	expect(await x('Day one')).toBeLessThan(await x('Day two'));
	expect(await violations(page), 'on the days view').toEqual([]);

	await page.getByRole('button', { name: 'Week' }).click();
	await expect(page.getByRole('heading', { name: /^Week of/ })).toHaveText(
		'Week of Monday, 29 June 2026'
	);
	await expect(page.getByTestId('days-grid-day')).toHaveCount(7);
	await expect(page.getByTestId('days-event')).toHaveCount(3);
	expect(await violations(page), 'on the week view').toEqual([]);
	await page.getByRole('button', { name: 'Next week' }).click();
	await expect(page.getByRole('heading', { name: /^Week of/ })).toHaveText(
		'Week of Monday, 6 July 2026'
	);
	await expect(page.getByTestId('days-event')).toHaveText([/Later/]);
	await page.getByTestId('days-event').click();
	await expect(heading(page)).toHaveText('Later');

	// The tent's calendar: booked frames by day, free gaps between the accepted ones.
	await tab(page, 'Resources');
	await page.getByRole('link', { name: 'Calendar of Tent' }).click();
	await expect(heading(page)).toHaveText('Tent: calendar');
	const days = page.getByTestId('resource-day');
	await expect(days).toHaveCount(2);
	await expect(days.nth(0).getByTestId('resource-gaps')).toHaveText(
		'Free: 00:00–10:00, 11:00–24:00'
	);
	await expect(days.nth(1).getByTestId('resource-booking')).toHaveText([
		/16:00–17:00\s*Day two\s*booked/,
		/18:00–19:00\s*Maybe\s*asked for/
	]);
	await expect(days.nth(1).getByTestId('resource-gaps')).toHaveText(
		'Free: 00:00–16:00, 17:00–24:00'
	);
	expect(await violations(page), 'on the resource calendar').toEqual([]);

	// The programme: confirmed events only, by day and location; no app around it in print.
	await tab(page, 'Programme');
	await expect(page.getByTestId('programme-event')).toHaveText([/Day one/, /Day two/]);
	await expect(page.getByTestId('programme')).toHaveText(/Wednesday, 1 July 2026\s*Tent\s*10:00/);
	expect(await violations(page), 'on the programme').toEqual([]);
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation', { name: 'Festival' })).toBeHidden();
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
	await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
	await expect(page.getByTestId('programme-event').first()).toBeVisible();
});

test('short grid blocks keep their status symbol in view; on a phone the events come before the filters', async ({
	page
}) => {
	await createFestival(page, 'Short Fest');
	await addResource(page, { name: 'Hall', policy: 'manual' });
	await addEvent(page, {
		title: 'A very long title for a quarter of an hour',
		start: '2026-07-01T10:00',
		end: '2026-07-01T10:15',
		request: ['Hall']
	});
	await tab(page, 'Schedule');
	await page.getByRole('button', { name: 'Grid' }).click();
	// The hall's owner asked for it herself: accepted at once, so the block reads confirmed (any
	// status has its symbol).
	const block = page.getByRole('link', {
		name: 'A very long title for a quarter of an hour, 10:00–10:15, confirmed'
	});
	await expect(block).toBeVisible();
	const b = (await block.boundingBox())!;
	const s = (await block.locator('.sym').boundingBox())!;
	expect(s.y >= b.y && s.y + s.height <= b.y + b.height + 1, 'symbol inside the block').toBe(true);
	expect(await block.getAttribute('title')).toMatch(/A very long title for a quarter of an hour/);

	await page.setViewportSize({ width: 390, height: 740 });
	await page.reload();
	await expect(page.getByTestId('schedule-event')).toBeVisible();
	await expect(page.getByRole('combobox', { name: 'Tag' })).toBeHidden();
	const event = (await page.getByTestId('schedule-event').boundingBox())!;
	expect(event.y + 40, 'the first event is on the first screen').toBeLessThan(740);
	await page.getByTestId('schedule-filters').locator('summary').click();
	await expect(page.getByRole('combobox', { name: 'Tag' })).toBeVisible();
});
