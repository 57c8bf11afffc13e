/**
 * Takes the README screenshot (docs/screenshot.png) of the built app:
 * `npm run build && npx tsx tests/e2e/screenshot.ts`.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_DIR, startServer } from '../../src/node/serve.js';
import { launchChromium } from './browser.js';
import { expectText } from './harness.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshot.png');
const server = await startServer({ host: '127.0.0.1', port: 0, root: BUILD_DIR });
const browser = await launchChromium();
try {
	const page = await browser.newPage({ viewport: { width: 900, height: 900 }, deviceScaleFactor: 1 });
	await page.goto(`${server.url}me`);
	await expectText(page.getByTestId('automerge-status'), 'Automerge ready');
	await expectText(page.getByTestId('public-key'), /^[0-9a-f]{64}$/);
	await page.getByRole('textbox', { name: /^Name others see/ }).fill('Ada');
	await page.getByRole('button', { name: 'Save name' }).click();
	await expectText(page.getByTestId('name-status'), 'Saved.');
	await mkdir(dirname(out), { recursive: true });
	await page.screenshot({ path: out, fullPage: true });
	console.log(`wrote ${out}`);
} finally {
	await browser.close();
	await server.close();
}
