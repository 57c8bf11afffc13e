/**
 * Two tabs of one browser share the device's storage and identity, so one works with the
 * festivals at a time: the other says so and can take over; the hand-over saves every edit,
 * and the signed log stays one line (a third browser imports everything from a file).
 */
import { expect, test } from './fixtures.js';
import { addEvent, createFestival, eventItem, tab } from './festival-helpers.js';

test('a second tab waits, takes over on request, and hands back; no edit is lost and the log does not fork', async ({
	newDevice,
	context,
	page: a
}) => {
	await createFestival(a, 'Tab Fest');
	await addEvent(a, { title: 'From A', start: '2026-07-01T10:00', end: '2026-07-01T11:00' });
	const festival = a.url();

	const b = await context.newPage();
	await b.goto('/');
	await expect(b.getByTestId('other-tab').getByRole('heading')).toHaveText(
		'Festival is open in another tab'
	);
	await expect(a.getByTestId('other-tab')).toHaveCount(0);

	await b.getByRole('button', { name: 'Use this tab instead' }).click();
	await expect(b.getByTestId('festival-list')).toHaveText(/Tab Fest/);
	await expect(b.getByTestId('other-tab')).toHaveCount(0);
	await expect(a.getByTestId('other-tab')).toBeVisible();

	await b.goto(festival);
	await tab(b, 'Events');
	await expect(eventItem(b, 'From A')).toBeVisible();
	await addEvent(b, { title: 'From B', start: '2026-07-01T12:00', end: '2026-07-01T13:00' });

	// A takes the festivals back and shows B's edit.
	await a.getByRole('button', { name: 'Use this tab instead' }).click();
	await expect(b.getByTestId('other-tab')).toBeVisible();
	await tab(a, 'Events');
	await expect(eventItem(a, 'From B')).toBeVisible();
	await addEvent(a, { title: 'A again', start: '2026-07-01T14:00', end: '2026-07-01T15:00' });

	// Everything verifies in another browser: one log, no fork.
	await tab(a, 'Overview');
	const [download] = await Promise.all([
		a.waitForEvent('download'),
		a.getByRole('button', { name: 'Download festival file' }).click()
	]);
	const other = await newDevice();
	const c = await other.newPage();
	await c.goto('/');
	await c.getByLabel('Festival file', { exact: true }).setInputFiles(await download.path());
	await expect(c.getByTestId('import-status')).toHaveText('Imported “Tab Fest”.');
	await c.getByTestId('festival-list').getByRole('link', { name: 'Tab Fest' }).click();
	await tab(c, 'Events');
	for (const t of ['From A', 'From B', 'A again']) await expect(eventItem(c, t)).toBeVisible();
});
