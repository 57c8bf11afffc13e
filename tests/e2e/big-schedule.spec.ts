/**
 * A festival of 1,000 talks (imported from a generated schedule.json): its schedule list is
 * virtual (only the rows in view and a margin are in the DOM) yet behaves as a whole list:
 * scrolling to its end shows the last event, the keyboard moves through every row, each row
 * says its place in its day, axe finds nothing; the grid shows a day of 200. How fast:
 * `npm run bench schedule` and `scale-list`.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import {
	BIG_PER_DAY,
	BIG_TITLE,
	BIG_TOTAL,
	bigSchedule
} from '../fixtures/schedule/big-schedule.js';
import { expect, test } from './fixtures.js';
import { tab } from './festival-helpers.js';

/** Imports the schedule.json text `json` on the start page and waits for its festival, `title`, to open. */
async function importSchedule(page: Page, json: string, title: string): Promise<void> {
	const file = test.info().outputPath('schedule.json');
	writeFileSync(file, json);
	await page.goto('/');
	await page.getByLabel('schedule.json file').setInputFiles(file);
	await expect(page.getByTestId('festival-name')).toHaveText(title, { timeout: 45_000 });
}

test('the schedule of 1,000 events: a virtual list that scrolls, takes the keyboard and reads as a list; the grid of a day', async ({
	page
}) => {
	await importSchedule(page, bigSchedule(), BIG_TITLE);
	await expect(page).toHaveURL(/\/f\/[0-9a-f]{64}/);
	await tab(page, 'Schedule');

	const rows = page.getByTestId('schedule-event');
	await expect(page.getByTestId('schedule-count')).toHaveText(/^1,000 events on 5 days/);
	await expect(rows.first()).toContainText('Talk 1');
	// Far fewer rows in the DOM than events, each with its place in its day.
	const rendered = await rows.count();
	expect(rendered).toBeGreaterThan(5);
	expect(rendered).toBeLessThan(BIG_TOTAL / 5);
	await expect(rows.first()).toHaveAttribute('aria-posinset', '1');
	await expect(rows.first()).toHaveAttribute('aria-setsize', String(BIG_PER_DAY));
	expect(
		await page.getByRole('list').filter({ has: rows.first() }).getByRole('listitem').count()
	).toBe(await page.getByTestId('schedule-list').first().getByRole('listitem').count());

	// Scrolled to the end, the last event (the last day's last talks, by title) is shown.
	await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
	const last = rows.filter({ hasText: 'Talk 950' });
	await expect(last).toBeInViewport();
	await expect(last).toHaveAttribute('aria-posinset', String(BIG_PER_DAY));
	await expect(last).toContainText('20:15–20:30');
	expect(await rows.count()).toBeLessThan(BIG_TOTAL / 5);
	// Its day's heading is far above, out of the DOM: its section is named by the day itself.
	await expect(page.getByRole('region', { name: 'Friday, 5 July 2030' })).toContainText('Talk 950');

	// The keyboard: Home goes to the first event, arrows move row by row (8:00: Talk 1, 101, 151,
	// 51, by title), End to the last.
	await last.getByRole('link').focus();
	await page.keyboard.press('Home');
	await expect(page.getByRole('link', { name: 'Talk 1', exact: true })).toBeFocused();
	await expect(page.getByRole('link', { name: 'Talk 1', exact: true })).toBeInViewport();
	await page.keyboard.press('ArrowDown');
	await expect(page.getByRole('link', { name: 'Talk 101', exact: true })).toBeFocused();
	await page.keyboard.press('ArrowUp');
	await expect(page.getByRole('link', { name: 'Talk 1', exact: true })).toBeFocused();
	// Tab goes on through the rows, far past those rendered at first.
	for (let i = 0; i < 4 * rendered; i++) await page.keyboard.press('Tab');
	const focused = page.locator('[data-testid="schedule-event"]:has(a:focus)');
	await expect(focused).toHaveCount(1);
	expect(Number(await focused.getAttribute('data-index'))).toBeGreaterThan(rendered);
	await expect(focused).toBeInViewport();
	await page.keyboard.press('End');
	await expect(page.getByRole('link', { name: 'Talk 950', exact: true })).toBeFocused();

	const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

	// A filter narrows the virtual list like any other (to 143 talks of Track 3, a plain list).
	await page.getByRole('combobox', { name: 'Tag' }).selectOption('Track 3');
	await expect(page.getByTestId('schedule-count')).toHaveCount(0);
	await expect(rows.first()).toContainText('Track 3');

	await page.getByRole('button', { name: 'Grid' }).click();
	await expect(page.getByTestId('grid-event')).toHaveCount(29, {
		timeout: 10_000
	});
});

test('the time grids of 2,400 talks in 24 rooms render only the blocks in view, and scrolling brings the rest', async ({
	page
}) => {
	const rooms = Array.from({ length: 24 }, (_, i) => `Room ${String(i + 1).padStart(2, '0')}`);
	await importSchedule(page, bigSchedule({ rooms, days: 2, title: 'Many Rooms' }), 'Many Rooms');
	await tab(page, 'Schedule');
	await expect(page.getByTestId('schedule-count')).toHaveText(/^2,400 events on 2 days/);

	/**
	 * In view `mode`, the grid `gridId` is windowed: its first talk is shown among fewer than
	 * `bound` blocks, and the talk named `last` is not in the DOM until the grid is scrolled to
	 * its far right and the page to its end, then in view (still fewer than `bound` blocks).
	 */
	async function windowed(
		mode: string,
		gridId: string,
		blockId: string,
		last: RegExp,
		bound: number
	) {
		await page.evaluate(() => window.scrollTo(0, 0));
		await page.getByRole('button', { name: mode, exact: true }).click();
		const blocks = page.getByTestId(blockId);
		await expect(page.getByTestId(gridId)).toHaveAttribute('data-virtual', '');
		await expect(blocks.filter({ hasText: 'Talk 1' }).first()).toBeVisible();
		expect(await blocks.count()).toBeLessThan(bound);
		const link = page.getByRole('link', { name: last });
		await expect(link).toHaveCount(0);
		await page.getByTestId(gridId).evaluate((grid) => {
			grid.parentElement!.scrollLeft = grid.parentElement!.scrollWidth;
			window.scrollTo(0, document.documentElement.scrollHeight);
		});
		await expect(link).toBeInViewport();
		expect(await blocks.count()).toBeLessThan(bound);
		return link;
	}

	// Days side by side: 2,400 blocks, far fewer in the DOM; the last day's last talk (20:15,
	// the last room) comes when scrolled to.
	const last = await windowed('Days', 'days-grid', 'days-event', /^Talk 2400,/, 1200);
	await expect(last).toHaveAttribute('data-day', '2030-07-02');
	// The grid of a day: 1,200 blocks, the same.
	await windowed('Grid', 'schedule-grid', 'grid-event', /^Talk 1200,/, 800);
	const grid = page.getByTestId('grid-event');

	// Narrowed by a filter to 343 talks (172 on the first day), the grid is whole again.
	await page.getByRole('combobox', { name: 'Tag' }).selectOption('Track 3');
	await expect(page.getByTestId('schedule-grid')).not.toHaveAttribute('data-virtual');
	await expect(grid).toHaveCount(172);
});

test('long lists come a page at a time: the Events tab and the decided requests of 1,000 talks', async ({
	page
}) => {
	await importSchedule(page, bigSchedule(), BIG_TITLE);

	// Events: the first 100, then 100 more on request, the focus on the first of them.
	await tab(page, 'Events');
	const events = page.getByTestId('events').getByTestId('event');
	await expect(events).toHaveCount(100);
	const more = page.getByTestId('show-more');
	await expect(more).toContainText('Showing 100 of 1,000 events.');
	await more.getByRole('button', { name: 'Show 100 more' }).click();
	await expect(events).toHaveCount(200);
	await expect(more).toContainText('Showing 200 of 1,000 events.');
	await expect(events.nth(100).locator(':focus')).toHaveCount(1);

	// The inbox: the importer decided all 1,000 requests for its rooms; 50 are shown.
	await tab(page, 'Inbox');
	await expect(page.getByTestId('decided-item')).toHaveCount(50);
	await expect(page.getByTestId('show-more')).toContainText('Showing 50 of 1,000 decisions.');
	await page.getByRole('button', { name: 'Show 50 more' }).click();
	await expect(page.getByTestId('decided-item')).toHaveCount(100);
});
