/**
 * A device holding 200 festivals (issue 15), each of 50 events, in NodeFS storage: host start
 * to interactive (every festival open, as the app's start opens them in the background: they
 * all replicate and their policies run), host start to its festival list (what the app shows
 * before that), memory (RSS) once open, and, replicating them all through a local signaling
 * server, what runs in the background (timers Node counts as active, and all timers alive,
 * unref'd ones included; sockets; signaling sockets the host's events report).
 * Each beside the same device holding one festival; each measured in its own process
 * (bench/device-child.ts). The quick run holds 20 festivals.
 */
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addEvent } from '../src/lib/core/festival/document/doc.js';
import { FestivalHost } from '../src/lib/core/host/host.js';
import { generateIdentity, newDeviceId } from '../src/lib/core/identity/identity.js';
import { startSignaling } from '../src/node/signaling/server.js';
import type { DeviceReport } from './device-child.js';
import { benchEvent } from './fixture.js';
import type { Sample, Suite } from './figure.js';
import { inChild } from './scale.bench.js';

const EVENTS_EACH = 50;

/** A folder of NodeFS storage holding `n` festivals of {@link EVENTS_EACH} events. */
export async function deviceWith(n: number): Promise<string> {
	const dir = mkdtempSync(join(tmpdir(), 'festival-bench-device-'));
	const host = new FestivalHost({
		storage: new NodeFSStorageAdapter(dir),
		identity: { identity: await generateIdentity('organiser'), device: newDeviceId() },
		sealDelayMs: 60_000
	});
	for (let i = 0; i < n; i++) {
		const f = await host.create({ name: `Festival ${i}` });
		await host.change(f.id, (d) => {
			for (let e = 0; e < EVENTS_EACH; e++) addEvent(d, host.me, benchEvent(e));
		});
	}
	await host.close();
	return dir;
}

export const deviceSuite: Suite = {
	name: 'scale-device',
	scale: true,
	async prepare(o) {
		const n = o.quick ? 20 : 200;
		process.stderr.write(`  building a device of ${n} festivals...\n`);
		const many = await deviceWith(n);
		const one = await deviceWith(1);
		const server = await startSignaling({ port: 0 });
		const device = `a device holding ${n} festivals of ${EVENTS_EACH} events`;
		return {
			async run(): Promise<Sample[]> {
				const at: DeviceReport = await inChild('open', many, server.url);
				const was: DeviceReport = await inChild('open', one, server.url);
				const beside = (
					name: string,
					unit: string,
					value: number | undefined,
					baseline: number | undefined
				): Sample => ({
					name: `${device}: ${name} (baseline: holding one)`,
					value: value ?? NaN,
					unit,
					baseline: baseline ?? NaN,
					ratio: baseline ? (value ?? NaN) / baseline : NaN
				});
				const mib = (b: number) => Math.round(b / 2 ** 20);
				return [
					beside('host start to interactive (every festival open)', 'ms', at.ms, was.ms),
					beside(
						'host start to its festival list (what the app shows first)',
						'ms',
						at.listMs,
						was.listMs
					),
					beside('memory (RSS) once open', 'MiB', mib(at.rss), mib(was.rss)),
					beside(
						'timers (timeouts and intervals) running while replicating',
						'timers',
						at.timers,
						was.timers
					),
					beside(
						"all timers alive while replicating (unref'd ones included)",
						'timers',
						at.allTimers,
						was.allTimers
					),
					beside('sockets open while replicating', 'sockets', at.sockets, was.sockets),
					beside(
						'signaling sockets open while replicating (host events)',
						'sockets',
						at.signaling,
						was.signaling
					),
					beside('festivals replicating', 'festivals', at.replicating, was.replicating)
				];
			},
			async close() {
				await server.close();
				for (const dir of [many, one]) rmSync(dir, { recursive: true, force: true });
			}
		};
	}
};
