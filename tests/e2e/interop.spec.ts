import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { expectText, test } from './harness.js';
import { tab } from './festival-helpers.js';

const pretalx = fileURLToPath(
	new URL('../fixtures/schedule/pretalx-democon.json', import.meta.url)
);

test('a pretalx schedule.json imports from a file; the festival downloads as .ics and schedule.json', async ({
	page,
	baseURL
}) => {
	await page.goto(baseURL);
	await page.getByLabel('schedule.json file').setInputFiles(pretalx);
	await page.waitForURL(/\/f\/[0-9a-f]{64}/, { timeout: 30_000 });
	await tab(page, 'Schedule');
	const talks = JSON.parse(readFileSync(pretalx, 'utf8')).schedule.conference.days.flatMap(
		(d: { rooms: Record<string, unknown[]> }) => Object.values(d.rooms).flat()
	);
	await expectText(page.getByTestId('schedule-event').first(), /confirmed/);
	assert.ok(talks.length > 0);
	await tab(page, 'Overview');
	const [ics] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download calendar (.ics)' }).click()
	]);
	const icsText = readFileSync((await ics.path())!, 'utf8');
	assert.match(icsText, /^BEGIN:VCALENDAR/);
	assert.equal(icsText.match(/BEGIN:VEVENT/g)?.length, talks.length);
	const [json] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download schedule.json' }).click()
	]);
	const exported = JSON.parse(readFileSync((await json.path())!, 'utf8'));
	assert.ok(exported.schedule.conference.days.length > 0);
});
