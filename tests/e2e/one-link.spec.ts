/**
 * One signaling socket and one peer connection per pair of browsers, whatever the number of
 * festivals they share: a parent with five sub-festivals between Alice and Bob. Bob joins the
 * parent by its link and gets the sub-festivals without opening them, and one Alice adds
 * later; an edit in a sub-festival syncs.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { addEvent, createFestival, eventItem, tab } from './festival-helpers.js';

const ACROSS = 40_000;

/** Counts the page's RTCPeerConnections: made, and not closed yet. */
async function countConnections(context: BrowserContext): Promise<void> {
	await context.addInitScript(() => {
		const Base = window.RTCPeerConnection;
		const counts = { made: 0, closed: 0 };
		(window as unknown as { rtcCounts: typeof counts }).rtcCounts = counts;
		window.RTCPeerConnection = class extends Base {
			#closed = false;
			constructor(config?: RTCConfiguration) {
				super(config);
				counts.made++;
			}
			override close(): void {
				if (!this.#closed) counts.closed++;
				this.#closed = true;
				super.close();
			}
		};
	});
}

const connections = (page: Page) =>
	page.evaluate(
		() => (window as unknown as { rtcCounts: { made: number; closed: number } }).rtcCounts
	);

/** The page's WebSockets open now (counted from the page's load). */
function countSockets(page: Page): () => number {
	let open = 0;
	page.on('websocket', (ws) => {
		open++;
		ws.on('close', () => open--);
	});
	return () => open;
}

async function addSub(page: Page, name: string): Promise<void> {
	await tab(page, 'Overview');
	await page.getByLabel('Sub-festival name').fill(name);
	await page.getByRole('button', { name: 'Add sub-festival' }).click();
	await expect(page.getByTestId('festival-name')).toHaveText(name);
	await page.getByTestId('parent-festival').getByRole('link').click();
	await expect(page.getByTestId('festival-name')).toHaveText('Parent');
}

test('a parent with five sub-festivals: one socket and one peer connection per browser, and everything syncs', async ({
	page: alice,
	newDevice
}) => {
	test.setTimeout(150_000);
	await countConnections(alice.context());
	const aliceSockets = countSockets(alice);
	await createFestival(alice, 'Parent');
	const subs = ['Sub 1', 'Sub 2', 'Sub 3', 'Sub 4', 'Sub 5'];
	for (const s of subs) await addSub(alice, s);
	await tab(alice, 'Overview');
	const link = await alice.getByLabel('Link to this festival', { exact: true }).inputValue();

	const bobContext = await newDevice();
	await countConnections(bobContext);
	const bob = await bobContext.newPage();
	const bobSockets = countSockets(bob);
	await bob.goto(link);
	await expect(bob.getByTestId('festival-name')).toHaveText('Parent', { timeout: ACROSS });
	await expect(bob.getByTestId('children').getByRole('link')).toHaveCount(5, { timeout: ACROSS });
	await expect(bob.getByTestId('festival-sync')).toHaveText(/Sharing with 1 peer/, {
		timeout: ACROSS
	});

	// Bob edits a sub-festival; Alice sees it
	await bob.getByTestId('children').getByRole('link', { name: 'Sub 3' }).click();
	await expect(bob.getByTestId('festival-name')).toHaveText('Sub 3', { timeout: ACROSS });
	await expect(bob.getByTestId('festival-sync')).toHaveText(/Sharing with 1 peer/, {
		timeout: ACROSS
	});
	await addEvent(bob, {
		title: 'Bob Sub Talk',
		start: '2026-07-01T10:00',
		end: '2026-07-01T11:00'
	});
	await alice.getByTestId('children').getByRole('link', { name: 'Sub 3' }).click();
	await tab(alice, 'Events');
	await expect(eventItem(alice, 'Bob Sub Talk')).toBeVisible({ timeout: ACROSS });

	// one socket and one live peer connection in each browser, for six festivals
	expect(aliceSockets()).toBe(1);
	expect(bobSockets()).toBe(1);
	for (const page of [alice, bob]) {
		const c = await connections(page);
		expect(c.made - c.closed, 'live peer connections').toBe(1);
		// at most one more made and closed when both called at once
		expect(c.made).toBeLessThanOrEqual(2);
	}

	// a sub-festival Alice adds now reaches Bob without his opening it
	await tab(alice, 'Overview');
	await alice.getByTestId('parent-festival').getByRole('link').click();
	await addSub(alice, 'Late Sub');
	await bob.getByRole('link', { name: 'Festivals', exact: true }).click();
	await expect(bob.getByTestId('festival-list')).toHaveText(/Late Sub/, { timeout: ACROSS });
	const c = await connections(bob);
	expect(c.made - c.closed).toBe(1);
	expect(bobSockets()).toBe(1);
});
