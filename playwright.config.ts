/**
 * End-to-end tests (`npm run test:e2e`, after `npm run build`): the built app served by the
 * project's own server (src/node/serve.ts, signaling on the same port, as `npm start` has it),
 * driven in Debian's Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium; Playwright's own
 * browser download is not used). `SCREENSHOTS=1 npx playwright test --project=screenshots`
 * (`npm run screenshots`) refreshes the README's screenshots instead.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { defineConfig } from '@playwright/test';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
	throw new Error(
		`Chromium not found at ${chromium}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`
	);
}

/** A port nothing listens on now (asked of the system). */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() =>
				typeof address === 'object' && address
					? resolve(address.port)
					: reject(new Error('no port'))
			);
		});
	});
}

// Chosen once, by the runner: its workers load this file again and inherit the variable.
process.env.E2E_PORT ??= String(await freePort());
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}/`;

export default defineConfig({
	testDir: 'tests/e2e',
	forbidOnly: Boolean(process.env.CI),
	retries: process.env.CI ? 1 : 0,
	// Two cores: two browsers at a time (each test with up to two contexts talking over WebRTC).
	workers: 2,
	reporter: 'list',
	timeout: 90_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL,
		trace: 'on-first-retry',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: chromium,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				// WebRTC between two contexts on one machine: plain host candidates (not mDNS names,
				// which nothing resolves here), loopback allowed.
				'--disable-features=WebRtcHideLocalIpsWithMdns',
				'--allow-loopback-in-peer-connection'
			]
		}
	},
	projects: [
		{ name: 'chromium', testMatch: '**/*.spec.ts' },
		...(process.env.SCREENSHOTS ? [{ name: 'screenshots', testMatch: '**/screenshots.ts' }] : [])
	],
	webServer: {
		// The server as `npm start` runs it: built by `npm run build` with the app.
		command: 'node dist/node/serve.js',
		env: { HOST: '127.0.0.1', PORT: process.env.E2E_PORT },
		url: baseURL,
		reuseExistingServer: false,
		stdout: 'ignore',
		stderr: 'pipe',
		timeout: 30_000
	}
});
