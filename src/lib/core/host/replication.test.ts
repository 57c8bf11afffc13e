import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateIdentity, newDeviceId } from '../identity/identity.js';
import { MemoryStorageAdapter } from '../store/memory-storage-adapter.js';
import { FestivalSync } from '../sync/sync.js';
import { FestivalHost } from './host.js';
import { MemoryHub } from './memory-network.fixture.js';

afterEach(() => {
	vi.useRealTimers();
	vi.restoreAllMocks();
});

describe('Replication: periodic work per session', () => {
	it('40 festivals replicate on one timer; each one’s digest still runs at its interval, staggered', async () => {
		const host = new FestivalHost({
			storage: new MemoryStorageAdapter(),
			identity: { identity: await generateIdentity('Many'), device: newDeviceId() },
			sealDelayMs: 10
		});
		for (let i = 0; i < 40; i++) await host.create({ name: `Festival ${i}` });
		await host.settle();
		const digests = new Map<FestivalSync, number[]>();
		vi.useFakeTimers({ now: 0 });
		vi.spyOn(FestivalSync.prototype, 'digest').mockImplementation(function (this: FestivalSync) {
			const at = digests.get(this) ?? [];
			at.push(Date.now());
			digests.set(this, at);
			return Promise.resolve();
		});
		const before = vi.getTimerCount();
		// Phases spread over the interval but not at its very ends: a phase within the ticker's
		// resolution of 0 ran a fourth time at 30 s, one near 10 s only twice (a flaky test).
		let k = 0;
		vi.spyOn(Math, 'random').mockImplementation(() => 0.05 + 0.9 * ((++k * 0.618034) % 1));
		host.network.start({
			makeAdapter: new MemoryHub().makeAdapter,
			settings: { signalingUrl: 'memory://', iceServers: [] },
			digestMs: 10_000
		});
		expect(host.network.festivals).toHaveLength(40);
		expect(vi.getTimerCount() - before).toBe(1);

		await vi.advanceTimersByTimeAsync(30_000);
		expect(digests.size).toBe(40);
		for (const at of digests.values()) {
			expect(at).toHaveLength(3);
			expect(at[1]! - at[0]!).toBe(10_000);
		}
		// Staggered: the festivals' digests do not all fire in the same tick.
		expect(new Set([...digests.values()].map((at) => at[0])).size).toBeGreaterThan(10);

		host.network.stop();
		expect(vi.getTimerCount()).toBe(before);
		vi.useRealTimers();
		await host.close();
	});
});
