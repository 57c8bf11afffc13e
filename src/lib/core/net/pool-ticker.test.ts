import type { PeerId } from '@automerge/automerge-repo/slim';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from './fake-socket.fixture.js';
import type { RTCPeerConnectionConstructor } from './peer-link.js';
import { LinkPool, WebRTCNetworkAdapter } from './webrtc-adapter.js';

beforeEach(() => {
	FakeSocket.all = [];
	vi.useFakeTimers({ now: 0 });
});
afterEach(() => vi.useRealTimers());

describe('link pool: periodic work of its topics', () => {
	it('50 topics re-announce on one timer, each about every announceMs, staggered', async () => {
		const pool = new LinkPool({
			RTCPeerConnection: class {} as unknown as RTCPeerConnectionConstructor,
			WebSocket: FakeSocket,
			signaling: { pingMs: 1_000_000 }
		});
		const adapters = Array.from(
			{ length: 50 },
			(_, i) =>
				new WebRTCNetworkAdapter({
					pool,
					signalingUrl: 'ws://x',
					topic: `t${i}`,
					announceMs: 20_000,
					reshuffleMs: 60_000
				})
		);
		for (const a of adapters) a.connect('me' as PeerId);
		const ws = FakeSocket.all[0]!;
		ws.open();
		await vi.advanceTimersByTimeAsync(5_000); // readiness timers done
		const base = vi.getTimerCount();
		const announces = () =>
			ws.sent.filter((m) => (m as { type: string }).type === 'publish') as {
				topic: string;
				data: { type: string; to?: string };
			}[];
		const before = announces().length;
		expect(before).toBe(50); // one each when the socket opened
		const at = new Map<string, number[]>();
		for (let t = 0; t < 100; t++) {
			await vi.advanceTimersByTimeAsync(1_000);
			for (const m of announces().slice(before + [...at.values()].flat().length))
				at.set(m.topic, [...(at.get(m.topic) ?? []), Date.now()]);
			expect(vi.getTimerCount()).toBe(base);
		}
		// 100 s at 20 s ± 25%: four or five re-announces per topic, on different ticks.
		expect(at.size).toBe(50);
		for (const times of at.values()) expect(times.length).toBeGreaterThanOrEqual(4);
		expect(new Set([...at.values()].map((t) => t[0])).size).toBeGreaterThan(5);
		expect(base).toBeLessThanOrEqual(2); // the ticker, and the signaling keep-alive
		for (const a of adapters) a.disconnect();
		pool.close();
		expect(vi.getTimerCount()).toBe(0);
	});
});
