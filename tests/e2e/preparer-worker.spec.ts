/**
 * "Large festivals stay responsive: ingest and verification off the main thread." A festival
 * of 400 talks, made in one browser from a schedule.json, is exported as a festival file and
 * imported in another: every entry is verified in the preparer worker (the sync page says how
 * many batches it took; the page has the worker), and everything arrives. The longest task
 * the importing page ran meanwhile is printed, not asserted (tests assert behaviour).
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from './fixtures.js';
import { tab } from './festival-helpers.js';

const TALKS = 400;

/** A schedule.json with {@link TALKS} talks in two rooms over two days. */
function schedule(): string {
	const rooms = ['Hall A', 'Hall B'];
	const days = [1, 2].map((d) => {
		const date = `2031-05-0${d}`;
		const perRoom = TALKS / rooms.length / 2;
		return {
			index: d,
			date,
			rooms: Object.fromEntries(
				rooms.map((room, r) => [
					room,
					Array.from({ length: perRoom }, (_, i) => {
						const n = ((d - 1) * TALKS) / 2 + r * perRoom + i + 1;
						const m = 8 * 60 + i * 5;
						const start = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
						return {
							id: n,
							guid: `w-${n}`,
							date: `${date}T${start}:00+00:00`,
							start,
							duration: '00:05',
							room,
							title: `Talk ${n}`,
							type: 'Talk',
							persons: []
						};
					})
				])
			)
		};
	});
	return JSON.stringify({
		schedule: {
			version: '1',
			conference: {
				acronym: 'w',
				title: 'Worker Fest',
				start: days[0]!.date,
				end: days[1]!.date,
				daysCount: 2,
				time_zone_name: 'UTC',
				rooms: rooms.map((name) => ({ name })),
				days
			}
		}
	});
}

test('a large festival file is verified in the preparer worker, and all of it arrives', async ({
	newDevice,
	page
}) => {
	const other = await newDevice();
	const file = test.info().outputPath('schedule.json');
	writeFileSync(file, schedule());
	await page.goto('/');
	await page.getByLabel('schedule.json file').setInputFiles(file);
	await expect(page).toHaveURL(/\/f\/[0-9a-f]{64}/, { timeout: 45_000 });
	await expect(page.getByTestId('festival-name')).toHaveText('Worker Fest', { timeout: 30_000 });
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download festival file' }).click()
	]);
	const bundle = await download.path();

	const bob = await other.newPage();
	await bob.goto('/');
	await expect(bob.getByRole('heading', { name: 'Festivals', exact: true })).toBeVisible();
	// The page starts the worker at once; the browser reports it a little later.
	const hasWorker = () => bob.workers().some((w) => w.url().includes('preparer.worker'));
	await expect.poll(hasWorker, { message: 'a preparer worker in the page' }).toBe(true);
	await bob.evaluate(`(() => {
		window.__longest = 0;
		new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: 'longtask' });
	})()`);
	await bob.getByLabel('Festival file', { exact: true }).setInputFiles(bundle);
	await expect(bob.getByTestId('import-status')).toHaveText('Imported “Worker Fest”.', {
		timeout: 60_000
	});
	const longest = Math.round((await bob.evaluate('window.__longest')) as number);

	await bob.getByTestId('festival-list').getByRole('link', { name: 'Worker Fest' }).click();
	await tab(bob, 'Schedule');
	await expect(bob.getByTestId('schedule-event')).toHaveCount(TALKS, { timeout: 30_000 });

	await bob.getByTestId('sync-badge').click();
	await expect(bob).toHaveURL(/\/sync$/);
	const thread = bob.getByTestId('preparer-thread');
	await expect(thread).toHaveText(
		/in\s+a\s+background\s+worker[\s\S]*\(\s*[1-9]\d*\s+deliver(y|ies) checked/
	);
	const line = (await thread.textContent()) ?? '';
	console.log(
		`    imported ${TALKS} talks verified in the worker (${/\((\d+)\s+deliver/.exec(line)?.[1]} deliveries); longest task in the page meanwhile: ${longest} ms`
	);
});
