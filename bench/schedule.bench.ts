/**
 * Schedule figures in Chromium. The built app is served as `npm start` serves it and driven
 * through playwright-core in Debian's Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium);
 * each festival is held in its own browser context (its own storage).
 * - `schedule` (the budget of issue 3: "the schedule of 1,000 events renders in under half a
 *   second"): a festival of 1,000 talks is imported from a generated schedule.json; from its
 *   Overview tab the time is taken in the page from the click on the Schedule tab until the
 *   list is in the DOM (a list that long is virtual: the rows in view, its first event among
 *   them) and the next frame is painted, and likewise for the grid of one
 *   day (200 events) from the click on "Grid". The baselines are the same clicks on an empty
 *   festival's schedule: what the navigation and the page cost without any event.
 * - `scale-list` and `scale-schedule` (issue 15): the list of the festival of 100,000 events by 500 authors
 *   (the scale suite's, brought in as a festival file), from the click until its first event
 *   is painted, beside the empty festival's; and the longest task on the page (Long Tasks API)
 *   while a 10,000-talk schedule.json is imported, beside the same for 1,000 talks. The quick
 *   run takes a tenth of each size.
 * Needs `npm run build` first; without a build or Chromium the figures are left out (with a
 * note).
 */
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FestivalHost } from '../src/lib/core/host/host.js';
import { BUILD_DIR, startServer } from '../src/node/serve.js';
import { SignalingHub } from '../src/node/signaling/server.js';
import {
	BIG_PER_DAY,
	BIG_TITLE,
	BIG_TOTAL,
	bigSchedule
} from '../tests/fixtures/schedule/big-schedule.js';
import type { Prepared, Sample, Suite } from './figure.js';
import { scaleFestival } from './scale.bench.js';

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
			if (performance.now() - t0 > 300000) return reject(new Error('only ' + found() + ' of ' + done.count + ' ' + done.selector));
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

/** From the Overview tab: the Schedule tab's list until `list`, then the grid until `grid` (if given). */
async function measure(
	page: Page,
	list: Done,
	grid?: Done
): Promise<{ list: number; grid: number }> {
	await tab(page, 'Overview');
	const l = await timeUntilRendered(page, 'nav[aria-label="Festival"] a', 'Schedule', list);
	const g = grid ? await timeUntilRendered(page, 'button', 'Grid', grid) : NaN;
	return { list: l, grid: g };
}

const NONE: Done = { selector: 'p.hint', text: 'No events match.', count: 1 };

/** The app served, and Chromium; undefined (with a note) where there is no build or no Chromium. */
export async function start(name: string) {
	if (!existsSync(join(BUILD_DIR, 'index.html')) || !existsSync(CHROMIUM)) {
		process.stderr.write(
			`${name}: left out (needs "npm run build" and Chromium at ${CHROMIUM}, or CHROMIUM_PATH)\n`
		);
		return undefined;
	}
	const dir = mkdtempSync(join(tmpdir(), 'festival-bench-schedule-'));
	const server = await startServer({ host: '127.0.0.1', port: 0, root: BUILD_DIR });
	const hub = new SignalingHub();
	hub.attach(server.server);
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
	});
	return {
		dir,
		url: server.url,
		browser,
		/** A page in a context of its own (its own storage). */
		page: async (): Promise<Page> => (await browser.newContext()).newPage(),
		async close() {
			await browser.close();
			hub.close();
			await server.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** What `prepare` makes of the app, closed again if it throws. */
export async function preparing(
	app: { close(): Promise<void> },
	fn: () => Promise<Prepared>
): Promise<Prepared> {
	try {
		return await fn();
	} catch (e) {
		await app.close().catch(() => undefined);
		throw e;
	}
}

/** A page holding a new, empty festival, open. */
async function emptyFestival(app: { url: string; page: () => Promise<Page> }): Promise<Page> {
	const page = await app.page();
	await page.goto(app.url);
	await page.getByLabel('Festival name').fill('Empty');
	await page.getByLabel('Time zone').selectOption('UTC');
	await page.getByRole('button', { name: 'Create festival' }).click();
	await page.getByTestId('festival-name').getByText('Empty').waitFor();
	return page;
}

export const scheduleSuite: Suite = {
	name: 'schedule',
	async prepare(): Promise<Prepared | undefined> {
		const app = await start('schedule');
		if (!app) return undefined;
		return preparing(app, async () => {
			const empty = await emptyFestival(app);
			const file = join(app.dir, 'schedule.json');
			writeFileSync(file, bigSchedule());
			const page = await app.page();
			await page.goto(app.url);
			await page.getByLabel('schedule.json file').setInputFiles(file);
			await page.getByTestId('festival-name').getByText(BIG_TITLE).waitFor({ timeout: 60_000 });
			// A virtual list: its first rows and its count of all events.
			const all: Done = {
				selector: '[data-testid="schedule-count"]',
				text: `${BIG_TOTAL.toLocaleString('en')} events`,
				count: 1
			};
			const day: Done = { selector: '[data-testid="grid-event"]', count: BIG_PER_DAY };
			// One visit first, to warm up (code loading, first layout); then the runs.
			await measure(empty, NONE, NONE);
			await measure(page, all, day);
			return {
				async run(): Promise<Sample[]> {
					const base = await measure(empty, NONE, NONE);
					const big = await measure(page, all, day);
					const figure = (name: string, value: number, baseline: number): Sample => ({
						name,
						value: Math.round(value),
						unit: 'ms',
						baseline: Math.round(baseline),
						ratio: value / baseline,
						target: `< ${BUDGET_MS} ms`,
						checks: [{ of: 'value', op: '<', limit: BUDGET_MS }]
					});
					return [
						figure(
							`schedule list of ${BIG_TOTAL} events in Chromium, click to painted (baseline: empty)`,
							big.list,
							base.list
						),
						figure(
							`schedule grid of a day (${BIG_PER_DAY} events) in Chromium, click to painted (baseline: empty)`,
							big.grid,
							base.grid
						)
					];
				},
				close: () => app.close()
			};
		});
	}
};

/** The festival file of the scale suite's festival of `authors` × 200 events. */
async function scaleBundle(authors: number, dir: string): Promise<string> {
	const s = await scaleFestival(authors);
	// Opened only to read (a host over a copy would do the same; nothing is written but the file).
	const host = new FestivalHost({
		storage: new NodeFSStorageAdapter(s.dir),
		identity: { identity: s.ctx.identity, device: s.ctx.device },
		sealDelayMs: 60_000
	});
	try {
		const bytes = await host.exportBundle(s.id);
		if (!bytes) throw new Error('bench festival did not export');
		const file = join(dir, `scale-${authors}.festival`);
		writeFileSync(file, bytes);
		return file;
	} finally {
		await host.close();
	}
}

/** Installed in every page: the longest task seen since `__longest` was last set to 0. */
const LONG_TASKS = `(() => {
	window.__longest = 0;
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
	}).observe({ type: 'longtask', buffered: true });
})()`;

/** Imports a schedule.json of `talks` talks in a new context; the longest task meanwhile, and the wall time. */
async function importTimed(
	browser: Browser,
	url: string,
	file: string,
	title: string
): Promise<{ longest: number; ms: number }> {
	const context = await browser.newContext();
	try {
		await context.addInitScript(LONG_TASKS);
		const page = await context.newPage();
		await page.goto(url);
		await page.getByLabel('schedule.json file').waitFor();
		await page.evaluate('window.__longest = 0');
		const t0 = performance.now();
		await page.getByLabel('schedule.json file').setInputFiles(file);
		await page.getByTestId('festival-name').getByText(title).waitFor({ timeout: 600_000 });
		const ms = performance.now() - t0;
		// What follows the import (sealing, saving) is part of it too.
		await page.waitForTimeout(2000);
		return { longest: (await page.evaluate('window.__longest')) as number, ms };
	} finally {
		await context.close();
	}
}

/** Ten days, as many rooms as 50 talks a room a day need. */
function scheduleSize(n: number) {
	const rooms = Math.ceil(n / 500);
	return {
		rooms: Array.from({ length: rooms }, (_, i) => `Room ${i + 1}`),
		days: 10,
		perRoomPerDay: n / 10 / rooms,
		title: `${n} talks`
	};
}

const count = (n: number) => n.toLocaleString('en');

/** The longest task while a 10,000-talk schedule.json is imported (1,000 in the quick run). */
export const scheduleScaleSuite: Suite = {
	name: 'scale-schedule',
	scale: true,
	async prepare(o): Promise<Prepared | undefined> {
		const app = await start('scale-schedule');
		if (!app) return undefined;
		return preparing(app, async () => {
			const talks = o.quick ? 1000 : 10_000;
			const many = join(app.dir, 'many.json');
			const few = join(app.dir, 'few.json');
			writeFileSync(many, bigSchedule(scheduleSize(talks)));
			writeFileSync(few, bigSchedule(scheduleSize(talks / 10)));
			return {
				async run(): Promise<Sample[]> {
					const at = await importTimed(app.browser, app.url, many, `${talks} talks`);
					const was = await importTimed(app.browser, app.url, few, `${talks / 10} talks`);
					return [
						{
							name: `import of a ${count(talks)}-talk schedule.json in Chromium: longest task on the page (baseline: ${count(talks / 10)} talks)`,
							value: Math.round(at.longest),
							unit: 'ms',
							baseline: Math.round(was.longest),
							ratio: at.longest / was.longest,
							target: '< 100 ms',
							checks: [{ of: 'value', op: '<', limit: 100 }]
						},
						{
							name: `import of a ${count(talks)}-talk schedule.json in Chromium: until the festival opens (baseline: ${count(talks / 10)} talks)`,
							value: Math.round(at.ms),
							unit: 'ms',
							baseline: Math.round(was.ms),
							ratio: at.ms / was.ms
						}
					];
				},
				close: () => app.close()
			};
		});
	}
};

/**
 * The schedule list of the festival of 100,000 events by 500 authors (10,000 by 50 in the quick
 * run), brought in as a festival file, from the click until its first event is painted.
 */
export const listScaleSuite: Suite = {
	name: 'scale-list',
	scale: true,
	async prepare(o): Promise<Prepared | undefined> {
		const app = await start('scale-list');
		if (!app) return undefined;
		return preparing(app, async () => {
			const authors = o.quick ? 50 : 500;
			const events = authors * 200;
			process.stderr.write(`  bringing ${count(events)} events into Chromium...\n`);
			const bundle = await scaleBundle(authors, app.dir);
			const empty = await emptyFestival(app);
			const page = await app.page();
			await page.goto(app.url);
			await page.getByLabel('Festival file', { exact: true }).setInputFiles(bundle);
			await page
				.getByTestId('import-status')
				.getByText('Imported “Big”.')
				.waitFor({ timeout: 900_000 });
			await page.getByRole('link', { name: 'Big', exact: true }).click();
			await page.getByTestId('festival-name').getByText('Big').waitFor({ timeout: 60_000 });
			const first: Done = {
				selector: '[data-testid="schedule-count"]',
				text: `${count(events)} events`,
				count: 1
			};
			await measure(empty, NONE);
			await measure(page, first);
			return {
				async run(): Promise<Sample[]> {
					const base = await measure(empty, NONE);
					const big = await measure(page, first);
					return [
						{
							name: `schedule list of ${count(events)} events by ${authors} authors in Chromium, click to first event painted (baseline: empty)`,
							value: Math.round(big.list),
							unit: 'ms',
							baseline: Math.round(base.list),
							ratio: big.list / base.list,
							target: `< ${BUDGET_MS} ms`,
							checks: [{ of: 'value', op: '<', limit: BUDGET_MS }]
						}
					];
				},
				close: () => app.close()
			};
		});
	}
};
