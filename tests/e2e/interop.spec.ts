import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.js';
import { tab } from './festival-helpers.js';

const pretalx = fileURLToPath(
	new URL('../fixtures/schedule/pretalx-democon.json', import.meta.url)
);

test('a pretalx schedule.json imports from a file; the festival downloads as .ics and schedule.json', async ({
	page
}) => {
	await page.goto('/');
	await page.getByLabel('schedule.json file').setInputFiles(pretalx);
	await expect(page).toHaveURL(/\/f\/[0-9a-f]{64}/, { timeout: 30_000 });
	await tab(page, 'Schedule');
	const talks = JSON.parse(readFileSync(pretalx, 'utf8')).schedule.conference.days.flatMap(
		(d: { rooms: Record<string, unknown[]> }) => Object.values(d.rooms).flat()
	);
	await expect(page.getByTestId('schedule-event').first()).toHaveText(/confirmed/);
	expect(talks.length > 0).toBeTruthy();
	await tab(page, 'Overview');
	const [ics] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download calendar (.ics)' }).click()
	]);
	const icsText = readFileSync((await ics.path())!, 'utf8');
	expect(icsText).toMatch(/^BEGIN:VCALENDAR/);
	expect(icsText.match(/BEGIN:VEVENT/g)?.length).toBe(talks.length);
	const [json] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download schedule.json' }).click()
	]);
	const exported = JSON.parse(readFileSync((await json.path())!, 'utf8'));
	expect(exported.schedule.conference.days.length > 0).toBeTruthy();
});
