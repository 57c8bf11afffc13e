/**
 * A festival of 1,000 talks (imported from a generated schedule.json) shows all of them in
 * the schedule's list, and a day of 200 in the grid. How fast: `npm run bench schedule`.
 */
import { writeFileSync } from 'node:fs';
import {
	BIG_PER_DAY,
	BIG_TITLE,
	BIG_TOTAL,
	bigSchedule
} from '../fixtures/schedule/big-schedule.js';
import { expect, test } from './fixtures.js';
import { tab } from './festival-helpers.js';

test('the schedule of 1,000 events renders: the whole list, and the grid of a day', async ({
	page
}) => {
	const file = test.info().outputPath('schedule.json');
	writeFileSync(file, bigSchedule());
	await page.goto('/');
	await page.getByLabel('schedule.json file').setInputFiles(file);
	await expect(page).toHaveURL(/\/f\/[0-9a-f]{64}/, { timeout: 45_000 });
	await expect(page.getByTestId('festival-name')).toHaveText(BIG_TITLE, { timeout: 30_000 });
	await tab(page, 'Schedule');
	await expect(page.getByTestId('schedule-event')).toHaveCount(BIG_TOTAL, { timeout: 30_000 });
	await page.getByRole('button', { name: 'Grid' }).click();
	await expect(page.getByTestId('grid-event')).toHaveCount(BIG_PER_DAY);
});
