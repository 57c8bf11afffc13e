/** Steps the festival specs share: creating a festival, adding resources and events through the UI. */
import type { Page } from '@playwright/test';
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
