import { expect, test } from './fixtures.js';
import { addEvent, addResource, createFestival, eventItem, tab } from './festival-helpers.js';

test('a taken resource is named before sending, a next free time fills the form, and event status words follow the requests', async ({
	page
}) => {
	await createFestival(page, 'Taken Fest');
	await addResource(page, { name: 'Projector', kind: 'thing', policy: 'first-come' });
	await addResource(page, { name: 'Stage', kind: 'location', policy: 'manual' });
	await addEvent(page, {
		title: 'Talk A',
		start: '2026-07-01T10:00',
		end: '2026-07-01T12:00',
		request: ['Projector']
	});
	await expect(eventItem(page, 'Talk A').getByTestId('event-status')).toHaveText(/confirmed/);

	// (1) Ticking the taken projector warns before anything is sent, naming who holds it.
	await tab(page, 'Events');
	const form = page.getByRole('form', { name: 'Add event' });
	await form.getByLabel('Title').fill('Talk B');
	const start = form.getByLabel(/^Starts/);
	const end = form.getByLabel(/^Ends/);
	await start.fill('2026-07-01T11:00');
	await end.fill('2026-07-01T13:00');
	const warning = form.getByTestId('taken-warning');
	await expect(warning).toHaveCount(0);
	await form.getByRole('checkbox', { name: /^Projector/ }).check();
	await expect(form.locator('label').filter({ hasText: 'Projector' })).toHaveText(/taken then/);
	await expect(warning).toHaveText(/Projector is taken then by “Talk A”/);
	await expect(warning).toHaveText(/would likely be denied/);

	// (2) The next free times are offered; the first one (right after Talk A, same length)
	// fills in the start and end, and the warning goes.
	const slots = warning.getByTestId('free-slot');
	await expect(slots.first()).toHaveText('1 Jul 2026, 12:00–14:00');
	await slots.first().click();
	await expect(start).toHaveValue('2026-07-01T12:00');
	await expect(end).toHaveValue('2026-07-01T14:00');
	await expect(warning).toHaveCount(0);
	await expect(form.locator('label').filter({ hasText: 'Projector' })).toHaveText(/free then/);
	await form.getByRole('button', { name: 'Add event' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Added' })).toHaveText('Added “Talk B”.');
	const talkB = eventItem(page, 'Talk B');
	await expect(talkB.getByTestId('request')).toHaveText(/Projector: accepted/);
	await expect(talkB.getByTestId('event-status')).toHaveText(/confirmed/);
	await expect(talkB.getByTestId('event-status')).toHaveAttribute('data-state', 'confirmed');

	// (3) One request accepted (the free stage) and one denied (the taken first-come
	// projector, even for its owner): the event is partly confirmed.
	await addEvent(page, {
		title: 'Talk C',
		start: '2026-07-01T10:30',
		end: '2026-07-01T11:30',
		request: ['Projector', 'Stage'],
		expectFree: { Projector: /taken then/, Stage: /free then/ }
	});
	const talkC = eventItem(page, 'Talk C');
	const requests = talkC.getByTestId('request');
	await expect(requests).toHaveCount(2);
	await expect(requests.filter({ hasText: 'Projector' })).toHaveText(/Projector: denied \(taken\)/);
	await expect(requests.filter({ hasText: 'Stage' })).toHaveText(/Stage: accepted/);
	const status = talkC.getByTestId('event-status');
	await expect(status).toHaveAttribute('data-state', 'partly');
	await expect(status).toHaveText(/partly confirmed \(1 of 2 resources confirmed, 1 denied\)/);
});
