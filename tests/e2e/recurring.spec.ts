/**
 * Recurring events: a weekly event with a skipped date, requesting another person's resource;
 * each occurrence is decided on its own, and an occurrence's page shows which hold their
 * resources. The series page passes axe.
 */
import AxeBuilder from '@axe-core/playwright';
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

test('a weekly event with an exception: each occurrence requested and decided on its own', async ({
	page,
	newDevice
}) => {
	const name = 'Series Fest';
	await createFestival(page, name);
	const festivalUrl = page.url();
	await addResource(page, { name: 'Studio', kind: 'location', policy: 'manual' });

	// Bob, on his own device, adds a weekly yoga class requesting Alice's studio.
	const bob = await (await newDevice()).newPage();
	await importFestival(bob, await downloadFestival(page), name);
	await bob.getByTestId('festival-list').getByRole('link', { name }).click();
	await tab(bob, 'Events');
	const form = bob.getByRole('form', { name: 'Add event' });
	await form.getByLabel('Title').fill('Yoga');
	await form.getByLabel(/^Starts/).fill('2026-07-01T10:00');
	await form.getByLabel(/^Ends/).fill('2026-07-01T11:00');
	await form.getByLabel('Repeats', { exact: true }).selectOption('weekly');
	await form.getByLabel('After a number of times').check();
	const count = form.getByLabel(/^Number of times/);
	// Too many: refused in words, the field marked and focused.
	await count.fill('1000');
	await form.getByRole('button', { name: 'Add event' }).click();
	await expect(form.getByRole('alert')).toHaveText(/at most 366 occurrences/);
	await expect(count).toHaveAttribute('aria-invalid', 'true');
	await expect(count).toBeFocused();
	await count.fill('4');
	await form.getByRole('button', { name: 'Add a date to skip' }).click();
	await form.getByLabel('Skip date 1', { exact: true }).fill('2026-07-15');
	await form.getByRole('checkbox', { name: /^Studio/ }).check();
	await expect(form.getByTestId('repeat-preview')).toHaveText(
		/Makes 3\s+events[\s\S]*2026-07-01, 2026-07-08, 2026-07-22/
	);
	await form.getByRole('button', { name: 'Add event' }).click();
	await expect(bob.getByRole('status').filter({ hasText: 'Added' })).toHaveText(
		'Added “Yoga”, 3 occurrences.'
	);
	await expect(eventItem(bob, 'Yoga')).toHaveCount(3);
	await expect(eventItem(bob, 'Yoga').first().getByTestId('repeats-mark')).toBeVisible();

	// Back to Alice, who owns the studio: one occurrence accepted, another denied.
	await importFestival(page, await downloadFestival(bob), name);
	await page.goto(festivalUrl);
	await tab(page, 'Schedule');
	const occurrences = page.getByTestId('schedule-event').filter({ hasText: 'Yoga' });
	await expect(occurrences).toHaveCount(3);
	await expect(occurrences.first().getByTestId('repeats-mark')).toHaveText('repeats');
	await occurrences.first().getByRole('link', { name: 'Yoga' }).click();
	await expect(page.getByTestId('event-page')).toBeVisible();
	await page.getByRole('button', { name: 'Accept Yoga' }).click();
	await expect(page.getByTestId('event-status')).toHaveAttribute('data-state', 'confirmed');

	const series = page.getByTestId('series');
	await expect(series.getByRole('heading')).toHaveText('Repeats: 3 occurrences');
	const items = series.getByTestId('series-occurrence');
	await expect(items).toHaveCount(3);
	await expect(items.nth(0).getByRole('link')).toHaveAttribute('aria-current', 'page');
	await items.nth(1).getByRole('link').click();
	await expect(items.nth(1).getByRole('link')).toHaveAttribute('aria-current', 'page');
	await expect(page.getByTestId('event-when')).toHaveText(/8 Jul 2026/);
	await page.getByRole('button', { name: 'Deny Yoga' }).click();
	await expect(page.getByTestId('event-status')).toHaveAttribute('data-state', 'denied');

	// Which occurrences hold the studio, in words.
	await expect(series.getByTestId('series-occurrence-status')).toHaveText([
		'holds its resources',
		'denied',
		'waiting for owner'
	]);
	await expect(items).toHaveText([/1 Jul 2026/, /8 Jul 2026/, /22 Jul 2026/]);
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(
		results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`)),
		'on an occurrence page'
	).toEqual([]);

	// Bob sees the same after the decisions come back; he deletes this and the following.
	const occurrenceUrl = page.url();
	await importFestival(bob, await downloadFestival(page), name);
	await bob.goto(occurrenceUrl);
	const bobSeries = bob.getByTestId('series');
	await expect(bobSeries.getByTestId('series-occurrence-status')).toHaveText([
		'holds its resources',
		'denied',
		'waiting for owner'
	]);
	await bobSeries.getByRole('button', { name: 'Delete this and the following' }).click();
	await bobSeries.getByRole('button', { name: /^Delete “this and the following/ }).click();
	await expect(bob.getByRole('status').filter({ hasText: 'Deleted' })).toHaveText(
		'Deleted 2 occurrences of “Yoga”.'
	);
	await tab(bob, 'Events');
	await expect(eventItem(bob, 'Yoga')).toHaveCount(1);
});

test('the week view gives overlapping events columns of their own, and marks occurrences', async ({
	page
}) => {
	await createFestival(page, 'Week Fest');
	await tab(page, 'Events');
	const form = page.getByRole('form', { name: 'Add event' });
	await form.getByLabel('Title').fill('Standup');
	await form.getByLabel(/^Starts/).fill('2026-07-01T10:00');
	await form.getByLabel(/^Ends/).fill('2026-07-01T11:00');
	await form.getByLabel('Repeats', { exact: true }).selectOption('daily');
	await form.getByLabel('On a last date').check();
	await form.getByLabel(/^Last date/).fill('2026-07-03');
	await form.getByRole('button', { name: 'Add event' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Added' })).toHaveText(
		'Added “Standup”, 3 occurrences.'
	);
	for (const title of ['Talk', 'Panel'])
		await addEvent(page, { title, start: '2026-07-01T10:30', end: '2026-07-01T11:30' });

	await tab(page, 'Schedule');
	await page.getByRole('button', { name: 'Week' }).click();
	const blocks = page.getByTestId('days-event');
	await expect(blocks).toHaveCount(5);
	await expect(blocks.filter({ hasText: 'Standup' }).first()).toHaveAttribute(
		'aria-label',
		/Standup, 10:00–11:00, no resources requested, repeats/
	);
	// Three overlapping on 1 July: side by side, none covering another, each readable.
	const boxes = await Promise.all(
		['Standup', 'Talk', 'Panel'].map(
			async (t) =>
				(await blocks
					.filter({ hasText: t })
					.and(page.locator('[data-day="2026-07-01"]'))
					.boundingBox())!
		)
	);
	boxes.sort((a, b) => a.x - b.x);
	for (const b of boxes) expect(b.width).toBeGreaterThanOrEqual(100);
	expect(boxes[0]!.x + boxes[0]!.width).toBeLessThanOrEqual(boxes[1]!.x);
	expect(boxes[1]!.x + boxes[1]!.width).toBeLessThanOrEqual(boxes[2]!.x);
});
