/**
 * The schedule of a festival with a sub-festival: the sub-festival's events are part of the
 * parent's programme (marked with the sub-festival's name, filterable), and overlapping
 * events in one location sit side by side in the grid.
 */
import { expect, test } from './fixtures.js';
import { addEvent, addResource, createFestival, tab } from './festival-helpers.js';

test("a parent's schedule shows its sub-festival's events; overlapping events sit side by side in the grid", async ({
	page
}) => {
	await createFestival(page, 'Big Fest');
	await addResource(page, { name: 'Main Stage', policy: 'manual' });
	await addEvent(page, {
		title: 'Opening',
		start: '2026-07-01T10:00',
		end: '2026-07-01T11:00',
		request: ['Main Stage']
	});
	await addEvent(page, {
		title: 'Soundcheck',
		start: '2026-07-01T10:30',
		end: '2026-07-01T11:30',
		request: ['Main Stage']
	});
	await tab(page, 'Overview');
	await page.getByLabel('Sub-festival name').fill('Kids Corner');
	await page.getByRole('button', { name: 'Add sub-festival' }).click();
	await expect(page.getByTestId('festival-name')).toHaveText('Kids Corner');
	await addEvent(page, {
		title: 'Puppets',
		start: '2026-07-01T12:00',
		end: '2026-07-01T13:00',
		request: ['Main Stage']
	});

	await page.getByTestId('parent').getByRole('link', { name: 'Big Fest' }).click();
	await expect(page.getByTestId('festival-name')).toHaveText('Big Fest');
	await tab(page, 'Schedule');
	const puppets = page.getByTestId('schedule-event').filter({ hasText: 'Puppets' });
	await expect(puppets).toHaveText(/Puppets[\s\S]*@ Main Stage[\s\S]*in Kids Corner/);
	await expect(page.getByTestId('schedule-event')).toHaveCount(3);

	// The festival filter: the sub-festival alone, the parent alone, both.
	await page
		.getByRole('combobox', { name: 'Festival', exact: true })
		.selectOption({ label: 'Kids Corner' });
	await expect(page.getByTestId('schedule-list')).toHaveText(/^[^]*Puppets[^]*$/);
	await expect(page.getByTestId('schedule-event')).toHaveCount(1);
	await page
		.getByRole('combobox', { name: 'Festival', exact: true })
		.selectOption({ label: 'Big Fest only' });
	await expect(page.getByTestId('schedule-list')).toHaveText(/Opening[\s\S]*Soundcheck/);
	await expect(page.getByTestId('schedule-event')).toHaveCount(2);
	await page
		.getByRole('combobox', { name: 'Festival', exact: true })
		.selectOption({ label: 'With all sub-festivals' });

	await page.getByRole('button', { name: 'Grid' }).click();
	const box = async (title: string) => {
		const event = page.getByTestId('grid-event').filter({ hasText: title });
		await expect(event).toBeVisible();
		const b = await event.boundingBox();
		if (!b) throw new Error(`${title} has no box in the grid`);
		return b;
	};
	const opening = await box('Opening');
	const soundcheck = await box('Soundcheck');
	expect(
		opening.x + opening.width <= soundcheck.x + 1 ||
			soundcheck.x + soundcheck.width <= opening.x + 1,
		`overlapping events side by side: ${JSON.stringify([opening, soundcheck])}`
	).toBeTruthy();
	expect(opening.width > 20 && soundcheck.width > 20).toBeTruthy();
	// Puppets overlaps nothing: it takes the whole Main Stage column, as wide as both together.
	const kids = await box('Puppets');
	expect(
		kids.width > opening.width * 1.5,
		`a lone event uses the location's whole width: ${kids.width} vs ${opening.width}`
	).toBeTruthy();
	await expect(
		page.getByTestId('grid-event').filter({ hasText: 'Puppets' }).getByTestId('grid-event-festival')
	).toHaveText('Kids Corner');
});
