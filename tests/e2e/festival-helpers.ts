/** Steps the festival specs share: creating a festival, adding resources and events through the UI. */
import type { Page } from 'playwright-core';
import { expectText } from './harness.js';

/** Creates a festival (time zone UTC) from the festivals page and waits for its page; returns its id. */
export async function createFestival(page: Page, baseURL: string, name: string): Promise<string> {
	await page.goto(baseURL);
	await page.getByLabel('Festival name').fill(name);
	await page.getByLabel('Time zone').selectOption('UTC');
	await page.getByRole('button', { name: 'Create festival' }).click();
	await expectText(page.getByTestId('festival-name'), name);
	const m = /\/f\/([0-9a-f]+)/.exec(page.url());
	if (!m) throw new Error(`not on a festival page: ${page.url()}`);
	return m[1]!;
}

/** Opens a tab of the current festival (Overview, Schedule, Events, Resources, Inbox). */
export async function tab(page: Page, name: string): Promise<void> {
	await page.getByRole('navigation', { name: 'Festival' }).getByRole('link', { name: new RegExp(`^${name}`) }).click();
}
