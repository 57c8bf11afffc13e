/**
 * Schedule rendering in Chromium (the budget: "the schedule of 1,000 events renders in
 * under half a second"). The built app is served as `npm start` serves it and driven through
 * playwright-core in Debian's Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium). A festival
 * of 1,000 talks is imported from a generated schedule.json; from its Overview tab the time is
 * taken in the page from the click on the Schedule tab until all 1,000 events are in the DOM
 * and the next frame is painted, and likewise for the grid of one day (200 events) from the
 * click on "Grid". The baselines are the same clicks on an empty festival's schedule: what the
 * navigation and the page cost without any event. Needs `npm run build` first; without a build
 * or Chromium the figures are left out (with a note).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { BUILD_DIR, startServer } from '../src/node/serve.js';
import { SignalingHub } from '../src/node/signaling/server.js';
import {
	BIG_PER_DAY,
	BIG_TITLE,
	BIG_TOTAL,
	bigSchedule
} from '../tests/fixtures/schedule/big-schedule.js';
import { median, type Figure } from './figure.js';

const RUNS = 5;
const BUDGET_MS = 500;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What the page waits for after a click: `count` elements matching `selector` with `text`. */
interface Done {
	selector: string;
	text?: string;
	count: number;
}

/**
 * Clicks the element matching `selector` whose text starts with `text`, and resolves with the ms
 * from the click until `done` holds and the next frame has been painted (a requestAnimationFrame,
 * then a task after it).
 */
function timeUntilRendered(
	page: Page,
	selector: string,
	text: string,
	done: Done
): Promise<number> {
	// A string, not a function: the transpiler would add helpers the page lacks.
	const script = `new Promise((resolve, reject) => {
		const [selector, text, done] = ${JSON.stringify([selector, text, done])};
		const target = [...document.querySelectorAll(selector)].find((el) => el.textContent.trim().startsWith(text));
		if (!target) return reject(new Error('no ' + selector + ' ' + text));
		const found = () => [...document.querySelectorAll(done.selector)].filter((el) => !done.text || el.textContent.includes(done.text)).length;
		const t0 = performance.now();
		target.click();
		const check = () => {
			if (performance.now() - t0 > 20000) return reject(new Error('only ' + found() + ' of ' + done.count + ' ' + done.selector));
			if (found() < done.count) return requestAnimationFrame(check);
			requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
		};
		requestAnimationFrame(check);
	})`;
	return page.evaluate(script) as Promise<number>;
}

/** Opens a tab of the open festival and waits until it is current. */
async function tab(page: Page, name: string): Promise<void> {
	const link = page
		.getByRole('navigation', { name: 'Festival' })
		.getByRole('link', { name: new RegExp(`^${name}`) });
	if ((await link.getAttribute('aria-current')) === 'page') return;
	await link.click();
	await link.and(page.locator('[aria-current="page"]')).waitFor();
}

/** Median list and grid times of the open festival's schedule, from its Overview tab. */
async function measure(
	page: Page,
	list: Done,
	grid: Done
): Promise<{ list: number; grid: number }> {
	const lists: number[] = [];
	const grids: number[] = [];
	// One visit first, to warm up (code loading, first layout); then the runs.
	for (let i = 0; i <= RUNS; i++) {
		await tab(page, 'Overview');
		const l = await timeUntilRendered(page, 'nav[aria-label="Festival"] a', 'Schedule', list);
		const g = await timeUntilRendered(page, 'button', 'Grid', grid);
		if (i > 0) {
			lists.push(l);
			grids.push(g);
		}
	}
	return { list: median(lists), grid: median(grids) };
}

export async function scheduleBench(): Promise<Figure[]> {
	if (!existsSync(join(BUILD_DIR, 'index.html')) || !existsSync(CHROMIUM)) {
		process.stderr.write(
			`schedule: left out (needs "npm run build" and Chromium at ${CHROMIUM}, or CHROMIUM_PATH)\n`
		);
		return [];
	}
	const dir = mkdtempSync(join(tmpdir(), 'festival-bench-schedule-'));
	const server = await startServer({ host: '127.0.0.1', port: 0, root: BUILD_DIR });
	const hub = new SignalingHub();
	hub.attach(server.server);
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
	});
	try {
		const page = await browser.newPage();
		// The baseline: an empty festival, whose list and grid say "No events match."
		await page.goto(server.url);
		await page.getByLabel('Festival name').fill('Empty');
		await page.getByLabel('Time zone').selectOption('UTC');
		await page.getByRole('button', { name: 'Create festival' }).click();
		await page.getByTestId('festival-name').getByText('Empty').waitFor();
		const none: Done = { selector: 'p.hint', text: 'No events match.', count: 1 };
		const empty = await measure(page, none, none);

		const file = join(dir, 'schedule.json');
		writeFileSync(file, bigSchedule());
		await page.goto(server.url);
		await page.getByLabel('schedule.json file').setInputFiles(file);
		await page.getByTestId('festival-name').getByText(BIG_TITLE).waitFor({ timeout: 60_000 });
		const big = await measure(
			page,
			{ selector: '[data-testid="schedule-event"]', count: BIG_TOTAL },
			{ selector: '[data-testid="grid-event"]', count: BIG_PER_DAY }
		);
		const figure = (name: string, value: number, baseline: number): Figure => ({
			name,
			value: Math.round(value),
			unit: 'ms',
			baseline: Math.round(baseline),
			ratio: value / baseline,
			target: `< ${BUDGET_MS} ms`,
			pass: value < BUDGET_MS
		});
		return [
			figure(
				`schedule list of ${BIG_TOTAL} events in Chromium, click to painted (baseline: empty)`,
				big.list,
				empty.list
			),
			figure(
				`schedule grid of a day (${BIG_PER_DAY} events) in Chromium, click to painted (baseline: empty)`,
				big.grid,
				empty.grid
			)
		];
	} finally {
		await browser.close();
		hub.close();
		await server.close();
		rmSync(dir, { recursive: true, force: true });
	}
}
