/**
 * A tiny end-to-end test harness over playwright-core: spec files call `test()` when they
 * are imported, and tests/e2e/run.ts runs them one by one, each in a fresh browser context
 * (its own IndexedDB, storage and downloads).
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export interface TestContext {
	readonly browser: Browser;
	/** A fresh context for this test (closed afterwards). */
	readonly context: BrowserContext;
	/** A page in `context`. */
	readonly page: Page;
	/** The app's URL, like `http://127.0.0.1:PORT/`. */
	readonly baseURL: string;
}

export interface TestCase {
	readonly name: string;
	readonly file: string;
	readonly fn: (t: TestContext) => Promise<void>;
}

const registered: TestCase[] = [];
let currentFile = '';

/** Registers a test; call at the top level of a spec file. */
export function test(name: string, fn: (t: TestContext) => Promise<void>): void {
	registered.push({ name, file: currentFile, fn });
}

/** For the runner: registers the tests of one spec file. */
export async function collect(file: string, load: () => Promise<unknown>): Promise<TestCase[]> {
	currentFile = file;
	const before = registered.length;
	await load();
	return registered.slice(before);
}

/** Waits until `locator`'s text matches (a string means equality after trimming). */
export async function expectText(
	locator: Locator,
	expected: string | RegExp,
	timeout = 10_000
): Promise<string> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const last = await locator
			.textContent({ timeout: Math.max(1, deadline - Date.now()) })
			.catch(() => null);
		const text = last?.trim() ?? '';
		if (last !== null && (typeof expected === 'string' ? text === expected : expected.test(text)))
			return text;
		if (Date.now() > deadline) {
			throw new Error(
				`expected ${locator} to have text ${String(expected)}, last saw ${JSON.stringify(last)}`
			);
		}
		await new Promise((r) => setTimeout(r, 50));
	}
}
