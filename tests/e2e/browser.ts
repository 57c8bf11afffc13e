/** Launches Debian's Chromium through playwright-core (Playwright's own download does not work here). */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(
			`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`
		);
	}
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			// WebRTC between two contexts on this machine: plain host candidates (not mDNS names,
			// which nothing resolves here), loopback allowed. Either flag alone sufficed here.
			'--disable-features=WebRtcHideLocalIpsWithMdns',
			'--allow-loopback-in-peer-connection'
		]
	});
}
