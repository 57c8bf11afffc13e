/**
 * Run as its own process by the scale benches, so what it measures is one device's alone:
 * - `open DIR [SIGNALING_URL]`: a host over NodeFS storage in DIR opens every festival it holds
 *   (as the app does at start); with a signaling server it then replicates them all (as the
 *   app and the headless peer do) and, after a few seconds, counts what runs in the
 *   background: timers and sockets (Node's active resources, beside those of the process
 *   before the host), signaling sockets open (the host's `signaling` events), festivals
 *   replicating.
 * - `load FILE`: only Automerge.load of a saved document.
 * Prints one JSON line ({@link DeviceReport}); memory is taken after a full garbage collection
 * (run with --expose-gc) once the festivals are open or the document loaded.
 */
import * as A from '@automerge/automerge';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { createHook } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { WebSocket } from 'ws';
import { FestivalHost } from '../src/lib/core/host/host.js';
import { generateIdentity, newDeviceId } from '../src/lib/core/identity/identity.js';
import {
	LinkPool,
	WebRTCNetworkAdapter,
	type WebRTCAdapterOptions
} from '../src/lib/core/net/webrtc-adapter.js';
import { trackedWebSocket } from '../src/lib/core/net/tracked-socket.js';

/** What the child prints. */
export interface DeviceReport {
	/** Resident memory once open (or loaded), after a full GC, bytes. */
	rss: number;
	/** Wall time of the task (host made and every festival open, or the load), ms. */
	ms: number;
	/** With `open`: wall time until the host listed the festivals it holds (what the app shows first), ms. */
	listMs?: number;
	/** With replication: timers, sockets and signaling sockets running, festivals replicating. */
	timers?: number;
	/** Timers alive while replicating, unref'd ones included. */
	allTimers?: number;
	sockets?: number;
	signaling?: number;
	replicating?: number;
}

/**
 * Timers alive (set and not yet cleared or run), unref'd ones included, which Node's active
 * resources leave out; counted from when replication starts (the hook slows every promise,
 * so it is not on while the host opens).
 */
const liveTimers = new Set<number>();
const timerHook = createHook({
	init: (id, type) => void (type === 'Timeout' && liveTimers.add(id)),
	destroy: (id) => void liveTimers.delete(id)
});

/** Node's active resources by kind (timers are `Timeout`, sockets `TCPSocketWrap`...). */
function resources(): Map<string, number> {
	const out = new Map<string, number>();
	for (const r of process.getActiveResourcesInfo()) out.set(r, (out.get(r) ?? 0) + 1);
	return out;
}

const [mode, where, signalingUrl] = process.argv.slice(2);
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const before = resources();
const keep: unknown[] = [];
const report: DeviceReport = { rss: 0, ms: 0 };
const t0 = performance.now();
if (mode === 'load' && where) {
	keep.push(A.load(readFileSync(where)));
	report.ms = performance.now() - t0;
} else if (mode === 'open' && where) {
	const host = new FestivalHost({
		storage: new NodeFSStorageAdapter(where),
		identity: { identity: await generateIdentity('device'), device: newDeviceId() },
		sealDelayMs: 1000
	});
	report.listMs = (await host.list()).length ? performance.now() - t0 : NaN;
	const failed = await host.openAll();
	report.ms = performance.now() - t0;
	if (failed.length || host.festivals.size === 0) throw new Error('festivals did not open');
	keep.push(host);
	gc();
	report.rss = process.memoryUsage().rss;
	if (signalingUrl) {
		let signaling = 0;
		host.on('signaling', (e) => (signaling += e.delta));
		timerHook.enable();
		host.network.start({
			// As the headless peer and the app do: one link pool (and signaling socket) per session.
			makeAdapter: (r) =>
				new WebRTCNetworkAdapter({
					pool: r.shared.once(
						'webrtc',
						() =>
							new LinkPool({
								RTCPeerConnection:
									RTCPeerConnection as unknown as WebRTCAdapterOptions['RTCPeerConnection'],
								WebSocket: trackedWebSocket(WebSocket, r.shared.onSocket),
								ticker: r.shared.ticker,
								iceServers: []
							})
					),
					signalingUrl: r.signalingUrl,
					topic: r.topic
				}),
			settings: { signalingUrl, iceServers: [] },
			digestMs: 10_000
		});
		await new Promise((r) => setTimeout(r, 3000));
		const now = resources();
		const more = (kind: string) => (now.get(kind) ?? 0) - (before.get(kind) ?? 0);
		report.timers = more('Timeout');
		report.allTimers = liveTimers.size;
		report.sockets = more('TCPSocketWrap');
		report.signaling = signaling;
		report.replicating = host.network.festivals.length;
	}
} else {
	throw new Error('usage: device-child.ts open DIR [SIGNALING_URL] | load FILE');
}
if (mode === 'load') {
	gc();
	report.rss = process.memoryUsage().rss;
}
process.stdout.write(JSON.stringify(report) + '\n');
process.exit(keep.length ? 0 : 1);
