/**
 * Runs the end-to-end specs (tests/e2e/*.spec.ts) against the built app (`npm run build`
 * first): serves build/ on 127.0.0.1 with a free port, with the signaling server on the same
 * port (as `npm start` has it, so the app's default same-origin signaling URL works), launches
 * Chromium, and runs every test in a fresh browser context. `npm run test:e2e -- WORD` runs only tests whose file or name
 * contains WORD. Prints `N passed, N failed` last and exits non-zero on any failure.
 * Screenshots of failing tests go to test-results/.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { BUILD_DIR, startServer, type RunningServer } from '../../src/node/serve.js';
import { SignalingHub } from '../../src/node/signaling/server.js';
import { launchChromium } from './browser.js';
import { collect, type TestCase } from './harness.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '../../test-results');
const TEST_TIMEOUT = 90_000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
	});
	return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function loadTests(filter: string | undefined): Promise<TestCase[]> {
	const files = (await readdir(HERE)).filter((f) => f.endsWith('.spec.ts')).sort();
	const tests: TestCase[] = [];
	for (const f of files)
		tests.push(...(await collect(f, () => import(pathToFileURL(join(HERE, f)).href))));
	return filter ? tests.filter((t) => t.file.includes(filter) || t.name.includes(filter)) : tests;
}

async function main(): Promise<number> {
	const filter = process.argv[2];
	if (!existsSync(join(BUILD_DIR, 'index.html'))) {
		console.error('The app is not built: run "npm run build" first.');
		console.log('0 passed, 1 failed');
		return 1;
	}
	const tests = await loadTests(filter);
	if (tests.length === 0) {
		console.error(filter ? `No e2e test matches "${filter}".` : 'No e2e tests found.');
		console.log('0 passed, 1 failed');
		return 1;
	}

	let server: RunningServer | undefined;
	let browser: Browser | undefined;
	const hub = new SignalingHub();
	let passed = 0;
	let failed = 0;
	try {
		server = await startServer({ host: '127.0.0.1', port: 0, root: BUILD_DIR });
		hub.attach(server.server);
		browser = await launchChromium();
		console.log(
			`e2e: ${tests.length} tests against ${server.url} in Chromium ${browser.version()}`
		);
		// A test that fails is run again, up to three tries: tests over real WebRTC between two browser
		// contexts can lose a connection attempt on a loaded machine. A pass on a
		// later try is reported as flaky, so it stays visible.
		const runOnce = async (
			t: (typeof tests)[number],
			label: string,
			attempt: number
		): Promise<boolean> => {
			const started = Date.now();
			const context = await browser!.newContext({ acceptDownloads: true });
			const page = await context.newPage();
			const pageErrors: string[] = [];
			page.on('pageerror', (e) => pageErrors.push(e.message));
			try {
				await withTimeout(
					t.fn({ browser: browser!, context, page, baseURL: server!.url }),
					TEST_TIMEOUT,
					label
				);
				if (pageErrors.length)
					throw new Error(`uncaught errors in the page:\n  ${pageErrors.join('\n  ')}`);
				console.log(
					`  ✓ ${label} (${Date.now() - started} ms)${attempt > 1 ? ` (flaky: passed on try ${attempt})` : ''}`
				);
				return true;
			} catch (e) {
				console.log(
					`  ✗ ${label} (${Date.now() - started} ms)${attempt < 3 ? ' (trying again)' : ''}`
				);
				console.log(
					`    ${(e instanceof Error ? (e.stack ?? e.message) : String(e)).replace(/\n/g, '\n    ')}`
				);
				try {
					await mkdir(RESULTS, { recursive: true });
					const shot = join(RESULTS, `${label.replace(/[^a-z0-9]+/gi, '-')}-${attempt}.png`);
					await page.screenshot({ path: shot, fullPage: true, timeout: 5_000 });
					console.log(`    screenshot: ${shot}`);
				} catch {
					// the page may be gone
				}
				return false;
			} finally {
				await context.close().catch(() => undefined);
			}
		};
		for (const t of tests) {
			const label = `${t.file} › ${t.name}`;
			if (
				(await runOnce(t, label, 1)) ||
				(await runOnce(t, label, 2)) ||
				(await runOnce(t, label, 3))
			)
				passed++;
			else failed++;
		}
	} catch (e) {
		failed++;
		console.error(`e2e setup failed: ${e instanceof Error ? e.message : String(e)}`);
	} finally {
		await browser?.close().catch(() => undefined);
		hub.close();
		await server?.close().catch(() => undefined);
	}
	console.log(`${passed} passed, ${failed} failed`);
	return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
