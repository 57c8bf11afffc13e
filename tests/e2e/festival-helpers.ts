/** Steps the festival specs share: creating a festival, adding resources and events through the UI. */
import type { BrowserContext, Page } from '@playwright/test';
import { expect } from './fixtures.js';

/** Creates a festival (time zone UTC) from the festivals page and waits for its page; returns its id. */
export async function createFestival(page: Page, name: string): Promise<string> {
	await page.goto('/');
	await page.getByLabel('Festival name').fill(name);
	await page.getByLabel('Time zone').selectOption('UTC');
	await page.getByRole('button', { name: 'Create festival' }).click();
	await expect(page.getByTestId('festival-name')).toHaveText(name);
	const m = /\/f\/([0-9a-f]+)/.exec(page.url());
	if (!m) throw new Error(`not on a festival page: ${page.url()}`);
	return m[1]!;
}

/** Opens a tab of the current festival (Overview, Schedule, Events, Resources, Inbox). */
export async function tab(page: Page, name: string): Promise<void> {
	const link = page
		.getByRole('navigation', { name: 'Festival' })
		.getByRole('link', { name: new RegExp(`^${name}`) });
	// Clicking the current tab navigates again and may re-render a half-filled form.
	if ((await link.getAttribute('aria-current')) === 'page') return;
	await link.click();
	await expect(link).toHaveAttribute('aria-current', 'page');
}

/** Options for {@link addResource}. */
export interface ResourceInput {
	name: string;
	kind?: 'location' | 'thing' | 'skill' | 'other';
	policy?: 'manual' | 'first-come';
	lat?: string;
	lon?: string;
}

/** Adds a resource on the Resources tab of the open festival. */
export async function addResource(page: Page, r: ResourceInput): Promise<void> {
	await tab(page, 'Resources');
	const form = page.getByRole('form', { name: 'Add resource' });
	await form.getByLabel('Resource name').fill(r.name);
	await form.getByLabel('Kind').selectOption(r.kind ?? 'location');
	await form.getByLabel('Requests are decided').selectOption(r.policy ?? 'manual');
	if (r.lat !== undefined) await form.getByLabel('Latitude').fill(r.lat);
	if (r.lon !== undefined) await form.getByLabel('Longitude').fill(r.lon);
	await form.getByRole('button', { name: 'Add resource' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Added' })).toHaveText(
		`Added “${r.name}”.`
	);
}

/** Options for {@link addEvent}: times are wall-clock in the festival's zone. */
export interface EventInput {
	title: string;
	start: string;
	end: string;
	tags?: string;
	request?: string[];
	/** Expected free/taken note per requested resource, checked before saving. */
	expectFree?: Record<string, RegExp>;
}

/** Adds an event on the Events tab of the open festival. */
export async function addEvent(page: Page, e: EventInput): Promise<void> {
	await tab(page, 'Events');
	const form = page.getByRole('form', { name: 'Add event' });
	await form.getByLabel('Title').fill(e.title);
	await form.getByLabel(/^Starts/).fill(e.start);
	await form.getByLabel(/^Ends/).fill(e.end);
	if (e.tags) await form.getByLabel(/^Tags/).fill(e.tags);
	for (const r of e.request ?? []) {
		const box = form.getByRole('checkbox', { name: new RegExp(`^${r}`) });
		await box.check();
		const want = e.expectFree?.[r];
		if (want) await expect(form.locator('label').filter({ hasText: r })).toHaveText(want);
	}
	await form.getByRole('button', { name: 'Add event' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Added' })).toHaveText(
		`Added “${e.title}”.`
	);
}

/** The list item of an event on the Events tab. */
export function eventItem(page: Page, title: string) {
	return page
		.getByTestId('event')
		.filter({ has: page.getByRole('heading', { name: new RegExp(`^${title}`) }) });
}

/** Downloads the open festival's file from its Overview tab; returns the file's path. */
export async function downloadFestival(page: Page): Promise<string> {
	await tab(page, 'Overview');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download festival file' }).click()
	]);
	return download.path();
}

/** Imports a festival file on the festivals page and waits for the import's word. */
export async function importFestival(page: Page, file: string, name: string): Promise<void> {
	await page.goto('/');
	await page.getByLabel('Festival file', { exact: true }).setInputFiles(file);
	await expect(page.getByTestId('import-status')).toHaveText(`Imported “${name}”.`);
}

/**
 * Another person, on another device, adds events to the open festival (named `name`), and the
 * festival comes back: it goes across as a festival file both ways, no network needed. Their
 * requests wait for the resources' owner (only an owner's own requests are accepted at once).
 * The first page ends on the festival's Events tab; returns the other person's page, there too.
 */
export async function otherPersonAddsEvents(
	page: Page,
	newDevice: () => Promise<BrowserContext>,
	name: string,
	events: readonly EventInput[]
): Promise<Page> {
	const festivalUrl = page.url();
	const file = await downloadFestival(page);
	const other = await (await newDevice()).newPage();
	await importFestival(other, file, name);
	await other.getByTestId('festival-list').getByRole('link', { name }).click();
	await expect(other.getByTestId('festival-name')).toHaveText(name);
	for (const e of events) await addEvent(other, e);
	const back = await downloadFestival(other);
	await importFestival(page, back, name);
	await page.goto(festivalUrl);
	await expect(page.getByTestId('festival-name')).toHaveText(name);
	await tab(page, 'Events');
	for (const e of events) await expect(eventItem(page, e.title)).toHaveCount(1);
	await tab(other, 'Events');
	return other;
}
