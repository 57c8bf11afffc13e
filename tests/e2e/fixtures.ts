/**
 * `test` and `expect` for the end-to-end specs: Playwright's, with every test failing on an
 * uncaught error in its page, and `newDevice()` for another browser context (another device:
 * its own storage and identity) on the same app, closed after the test.
 */
import { expect, test as base, type BrowserContext } from '@playwright/test';

export { expect };

export const test = base.extend<{
	pageErrors: string[];
	newDevice: () => Promise<BrowserContext>;
}>({
	pageErrors: [
		async ({ page }, use) => {
			const errors: string[] = [];
			page.on('pageerror', (e) => errors.push(e.message));
			await use(errors);
			expect(errors, 'no uncaught errors in the page').toEqual([]);
		},
		{ auto: true }
	],
	newDevice: async ({ browser, baseURL }, use) => {
		const contexts: BrowserContext[] = [];
		await use(async () => {
			const context = await browser.newContext(baseURL === undefined ? {} : { baseURL });
			contexts.push(context);
			return context;
		});
		for (const c of contexts) await c.close();
	}
});
