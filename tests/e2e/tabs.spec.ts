/**
 * Two tabs of one browser share the device's storage and identity, so one works with the
 * festivals at a time: the other says so and can take over; the hand-over saves every edit,
 * and the signed log stays one line (a third browser imports everything from a file).
 */
import assert from 'node:assert/strict';
import { expectText, test } from './harness.js';
import { addEvent, createFestival, eventItem, tab } from './festival-helpers.js';

test('a second tab waits, takes over on request, and hands back; no edit is lost and the log does not fork', async ({
	browser,
	context,
	page: a,
	baseURL
}) => {
	await createFestival(a, baseURL, 'Tab Fest');
	await addEvent(a, { title: 'From A', start: '2026-07-01T10:00', end: '2026-07-01T11:00' });
	const festival = a.url();

	const b = await context.newPage();
	await b.goto(baseURL);
	await expectText(
		b.getByTestId('other-tab').getByRole('heading'),
		'Festival is open in another tab'
	);
	assert.equal(await a.getByTestId('other-tab').count(), 0);

	await b.getByRole('button', { name: 'Use this tab instead' }).click();
	await expectText(b.getByTestId('festival-list'), /Tab Fest/);
	assert.equal(await b.getByTestId('other-tab').count(), 0);
	await a.getByTestId('other-tab').waitFor();

	await b.goto(festival);
	await tab(b, 'Events');
	await eventItem(b, 'From A').waitFor();
	await addEvent(b, { title: 'From B', start: '2026-07-01T12:00', end: '2026-07-01T13:00' });

	// A takes the festivals back and shows B's edit.
	await a.getByRole('button', { name: 'Use this tab instead' }).click();
	await b.getByTestId('other-tab').waitFor();
	await tab(a, 'Events');
	await eventItem(a, 'From B').waitFor();
	await addEvent(a, { title: 'A again', start: '2026-07-01T14:00', end: '2026-07-01T15:00' });

	// Everything verifies in another browser: one log, no fork.
	await tab(a, 'Overview');
	const [download] = await Promise.all([
		a.waitForEvent('download'),
		a.getByRole('button', { name: 'Download festival file' }).click()
	]);
	const other = await browser.newContext();
	try {
		const c = await other.newPage();
		await c.goto(baseURL);
		await c.getByLabel('Festival file', { exact: true }).setInputFiles(await download.path());
		await expectText(c.getByTestId('import-status'), 'Imported “Tab Fest”.');
		await c.getByTestId('festival-list').getByRole('link', { name: 'Tab Fest' }).click();
		await tab(c, 'Events');
		for (const t of ['From A', 'From B', 'A again']) await eventItem(c, t).waitFor();
	} finally {
		await other.close();
	}
});
