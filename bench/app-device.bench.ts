/**
 * A device holding 200 festivals in the app itself (issue 15), in Chromium: each festival of 50
 * events, brought in as festival files into one browser context's IndexedDB. Then, for each
 * run, the app is loaded in a new tab of that context and measured in the page:
 * - start to the festival list painted (from the navigation's start);
 * - start to interactive: the list painted and the main thread quiet (no task over 50 ms) for
 *   3 s, the app opening and replicating every festival meanwhile (its start does so);
 * - the page's JavaScript heap once quiet (after a collection), and the anonymous resident
 *   memory of its renderer process (Automerge's WebAssembly memory and the workers' included);
 * - what runs in the background once quiet: intervals, timeouts pending, WebSockets and peer
 *   connections open (counted by wrapping their constructors before the app loads).
 * Each beside the same app holding one festival. The quick run holds 20 festivals. Like the
 * other Chromium suites it needs `npm run build`.
 */
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { FestivalHost } from '../src/lib/core/host/host.js';
import { generateIdentity, newDeviceId } from '../src/lib/core/identity/identity.js';
import { deviceWith } from './device.bench.js';
import type { Prepared, Sample, Suite } from './figure.js';
import { preparing, start } from './schedule.bench.js';

/** The quiet the page must keep to count as interactive, ms (a task over 50 ms breaks it). */
const QUIET_MS = 3000;

/** What the page reports once interactive. */
interface AppReport {
	listMs: number;
	interactiveMs: number;
	longest: number;
	intervals: number;
	timeouts: number;
	sockets: number;
	peers: number;
	heap: number;
	rss: number;
}

/**
 * Installed before the app loads: long tasks observed, and intervals, timeouts, WebSockets and
 * peer connections counted as they are made and ended; `__interactive(n)` resolves once the
 * festival list holds `n` festivals, painted, and the page has then been quiet for QUIET_MS.
 */
const PROBE = `(() => {
	const tasks = [];
	new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(e); })
		.observe({ type: 'longtask', buffered: true });
	const live = { intervals: new Set(), timeouts: new Set() };
	const { setInterval: si, clearInterval: ci, setTimeout: st, clearTimeout: ct } = window;
	window.setInterval = (...a) => { const id = si(...a); live.intervals.add(id); return id; };
	window.clearInterval = (id) => { live.intervals.delete(id); ci(id); };
	window.setTimeout = (fn, ...a) => {
		const id = st((...b) => { live.timeouts.delete(id); if (typeof fn === 'function') fn(...b); }, ...a);
		live.timeouts.add(id);
		return id;
	};
	window.clearTimeout = (id) => { live.timeouts.delete(id); ct(id); };
	const open = { sockets: new Set(), peers: new Set() };
	const WS = window.WebSocket;
	window.WebSocket = class extends WS {
		constructor(...a) { super(...a); open.sockets.add(this); this.addEventListener('close', () => open.sockets.delete(this)); }
	};
	const PC = window.RTCPeerConnection;
	if (PC) window.RTCPeerConnection = class extends PC {
		constructor(...a) {
			super(...a);
			open.peers.add(this);
			this.addEventListener('connectionstatechange', () => { if (this.connectionState === 'closed' || this.connectionState === 'failed') open.peers.delete(this); });
			const close = this.close.bind(this);
			this.close = () => { open.peers.delete(this); close(); };
		}
	};
	window.__interactive = (n) => new Promise((resolve, reject) => {
		let listMs;
		const frame = () => new Promise((r) => requestAnimationFrame(() => st(r)));
		const check = async () => {
			if (performance.now() > 600000) return reject(new Error('not interactive within 10 minutes'));
			if (listMs === undefined) {
				if (document.querySelectorAll('[data-testid="festival-list"] > li').length < n) return requestAnimationFrame(check);
				await frame();
				listMs = performance.now();
			}
			const lastEnd = Math.max(0, ...tasks.map((t) => t.startTime + t.duration));
			if (performance.now() - Math.max(lastEnd, listMs) < ${QUIET_MS}) return st(check, 100);
			resolve({
				listMs,
				interactiveMs: Math.max(listMs, lastEnd),
				longest: Math.max(0, ...tasks.map((t) => t.duration)),
				intervals: live.intervals.size,
				timeouts: live.timeouts.size,
				sockets: [...open.sockets].filter((s) => s.readyState <= 1).length,
				peers: open.peers.size
			});
		};
		requestAnimationFrame(check);
	});
})()`;

/** A festival file and the name of its festival. */
interface FestivalFile {
	readonly file: string;
	readonly name: string;
}

/** Festival files of `n` festivals of 50 events (another person's), written to `dir`. */
async function festivalFiles(n: number, dir: string): Promise<FestivalFile[]> {
	const stored = await deviceWith(n);
	const host = new FestivalHost({
		storage: new NodeFSStorageAdapter(stored),
		identity: { identity: await generateIdentity('reader'), device: newDeviceId() },
		sealDelayMs: 60_000
	});
	try {
		const files: FestivalFile[] = [];
		for (const f of await host.list()) {
			const bytes = await host.exportBundle(f.id);
			if (!bytes) throw new Error('bench festival did not export');
			const file = join(dir, `device-${n}-${files.length}.festival`);
			writeFileSync(file, bytes);
			files.push({ file, name: f.name });
		}
		return files;
	} finally {
		await host.close();
		rmSync(stored, { recursive: true, force: true });
	}
}

/** A browser context whose app holds the festivals of `files`, imported one by one. */
async function deviceContext(
	app: { url: string; browser: Browser },
	files: readonly FestivalFile[]
): Promise<BrowserContext> {
	const context = await app.browser.newContext();
	const page = await context.newPage();
	await page.goto(app.url);
	for (const { file, name } of files) {
		await page.getByLabel('Festival file', { exact: true }).setInputFiles(file);
		await page
			.getByTestId('import-status')
			.getByText(`Imported “${name}”.`, { exact: true })
			.waitFor({ timeout: 120_000 });
	}
	const held = await page.locator('[data-testid="festival-list"] > li').count();
	if (held !== files.length) throw new Error(`the app holds ${held} of ${files.length} festivals`);
	await page.close();
	return context;
}

/**
 * Anonymous resident memory (RssAnon: heaps, Automerge's WebAssembly memory; not the mapped
 * code every renderer shares) of the largest of the browser's renderer processes: with one page
 * open, the page's own, its workers included. Linux only (NaN elsewhere).
 */
async function rendererMemory(browser: Browser): Promise<number> {
	const cdp = await browser.newBrowserCDPSession();
	try {
		const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
			processInfo: { type: string; id: number }[];
		};
		let most = NaN;
		for (const p of processInfo.filter((x) => x.type === 'renderer')) {
			let status = '';
			try {
				status = readFileSync(`/proc/${p.id}/status`, 'utf8');
			} catch {
				continue; // a process that has ended since
			}
			const kb = /RssAnon:\s+(\d+)/.exec(status)?.[1];
			if (kb && !(Number(kb) * 1024 <= most)) most = Number(kb) * 1024;
		}
		return most;
	} catch {
		return NaN;
	} finally {
		await cdp.detach();
	}
}

/** Loads the app in a new tab of `context` and measures it (see the module comment). */
async function measure(
	browser: Browser,
	context: BrowserContext,
	url: string,
	n: number
): Promise<AppReport> {
	const page = await context.newPage();
	try {
		await page.addInitScript(PROBE);
		await page.goto(url);
		const r = (await page.evaluate(`window.__interactive(${n})`)) as Omit<AppReport, 'heap'>;
		const cdp = await context.newCDPSession(page);
		await cdp.send('HeapProfiler.collectGarbage');
		const { usedSize } = await cdp.send('Runtime.getHeapUsage');
		return { ...r, heap: usedSize, rss: await rendererMemory(browser) };
	} finally {
		await page.close();
	}
}

export const appDeviceSuite: Suite = {
	name: 'scale-app',
	scale: true,
	async prepare(o): Promise<Prepared | undefined> {
		const app = await start('scale-app');
		if (!app) return undefined;
		return preparing(app, async () => {
			const n = o.quick ? 20 : 200;
			process.stderr.write(`  bringing ${n} festivals into Chromium...\n`);
			const files = await festivalFiles(n, app.dir);
			const many = await deviceContext(app, files);
			const one = await deviceContext(app, files.slice(0, 1));
			// Once each before the runs: the browser's caches warm, as on a device used daily.
			await measure(app.browser, many, app.url, n);
			await measure(app.browser, one, app.url, 1);
			const device = `the app in Chromium holding ${n} festivals of 50 events`;
			return {
				async run(): Promise<Sample[]> {
					const at = await measure(app.browser, many, app.url, n);
					const was = await measure(app.browser, one, app.url, 1);
					const beside = (name: string, unit: string, v: number, b: number): Sample => ({
						name: `${device}: ${name} (baseline: holding one)`,
						value: Math.round(v),
						unit,
						baseline: Math.round(b),
						ratio: v / b
					});
					const mib = (b: number) => b / 2 ** 20;
					return [
						beside('start to its festival list painted', 'ms', at.listMs, was.listMs),
						beside(
							`start to interactive (list painted, then ${QUIET_MS / 1000} s without a task over 50 ms)`,
							'ms',
							at.interactiveMs,
							was.interactiveMs
						),
						beside('longest task from start until interactive', 'ms', at.longest, was.longest),
						beside('JavaScript heap once interactive', 'MiB', mib(at.heap), mib(was.heap)),
						beside(
							"memory of the page's renderer process (anonymous RSS, workers included) once interactive",
							'MiB',
							mib(at.rss),
							mib(was.rss)
						),
						beside('intervals running once interactive', 'intervals', at.intervals, was.intervals),
						beside('timeouts pending once interactive', 'timeouts', at.timeouts, was.timeouts),
						beside('WebSockets open once interactive', 'sockets', at.sockets, was.sockets),
						beside('peer connections open once interactive', 'connections', at.peers, was.peers)
					];
				},
				close: () => app.close()
			};
		});
	}
};
