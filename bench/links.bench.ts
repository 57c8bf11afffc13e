/**
 * Shared links: two devices sharing six festivals (a parent and five sub-festivals) over
 * node-datachannel and a real signaling server. With a shared link pool each device holds one
 * signaling socket and one peer connection for all six; the baseline, an adapter per festival
 * with its own socket and links (as before the pool), holds six of each. Also the time until
 * every festival is linked on both sides.
 */
import type { PeerId } from '@automerge/automerge-repo/slim';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { WebSocket } from 'ws';
import {
	LinkPool,
	WebRTCNetworkAdapter,
	type WebRTCAdapterOptions
} from '../src/lib/core/net/webrtc-adapter.js';
import { startSignaling } from '../src/node/signaling/server.js';
import type { Sample, Suite } from './figure.js';

const FESTIVALS = 6;

/** One device's counted classes. */
function counted() {
	const n = { sockets: 0, made: 0, closed: 0 };
	class RTC extends RTCPeerConnection {
		#closed = false;
		constructor(config?: RTCConfiguration) {
			super(config);
			n.made++;
		}
		override close(): void {
			if (!this.#closed) n.closed++;
			this.#closed = true;
			super.close();
		}
	}
	class WS extends WebSocket {
		constructor(url: string) {
			super(url);
			n.sockets++;
		}
	}
	const classes = {
		RTCPeerConnection: RTC as unknown as WebRTCAdapterOptions['RTCPeerConnection'],
		WebSocket: WS as unknown as WebRTCAdapterOptions['WebSocket'],
		iceServers: []
	};
	return { n, classes };
}

async function run(url: string, shared: boolean, round: number) {
	const devices = ['a', 'b'].map((name) => ({ name, ...counted() }));
	const topics = Array.from({ length: FESTIVALS }, (_, i) => `bench-links-${round}-${i}`);
	const t0 = performance.now();
	const adapters = devices.map((d) => {
		const pool = shared ? new LinkPool(d.classes) : undefined;
		return topics.map((topic) => {
			const o = { signalingUrl: url, topic, announceMs: 1000 };
			const a = pool
				? new WebRTCNetworkAdapter({ ...o, pool })
				: new WebRTCNetworkAdapter({ ...o, ...d.classes });
			a.connect(`${d.name}-${round}` as PeerId, {});
			return a;
		});
	});
	const all = adapters.flat();
	while (!all.every((a) => a.peers.length === 1)) {
		if (performance.now() - t0 > 30_000) throw new Error('not linked within 30 s');
		await new Promise((r) => setTimeout(r, 10));
	}
	const ms = performance.now() - t0;
	const [a] = devices;
	const out = { ms, sockets: a!.n.sockets, live: a!.n.made - a!.n.closed };
	for (const x of all) x.disconnect();
	return out;
}

/** Sockets and peer connections for six shared festivals, shared pool against one adapter each. */
export const linksSuite: Suite = {
	name: 'links',
	async prepare() {
		const server = await startSignaling({ port: 0 });
		let round = 0;
		return {
			async run(): Promise<Sample[]> {
				const before = await run(server.url, false, ++round);
				const after = await run(server.url, true, ++round);
				const per = `${FESTIVALS} festivals, 2 devices`;
				return [
					{
						name: `signaling sockets per device (${per})`,
						value: after.sockets,
						unit: 'sockets',
						baseline: before.sockets,
						ratio: after.sockets / before.sockets,
						target: '1',
						checks: [{ of: 'value', op: '<=', limit: 1 }]
					},
					{
						name: `peer connections per pair (${per})`,
						value: after.live,
						unit: 'connections',
						baseline: before.live,
						ratio: after.live / before.live,
						target: '1',
						checks: [{ of: 'value', op: '<=', limit: 1 }]
					},
					{
						name: `time until every festival is linked (${per})`,
						value: Math.round(after.ms),
						unit: 'ms',
						baseline: Math.round(before.ms),
						ratio: after.ms / before.ms
					}
				];
			},
			close: () => server.close()
		};
	}
};
