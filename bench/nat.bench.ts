/**
 * First link between homes: two `festival peer`s in two homes behind masquerading routers
 * (a simulated internet in network namespaces, tests/nat) link and sync through the
 * signaling server's own STUN; beside the same two peers on one network, in the same run.
 * Skipped (no figures) where namespaces cannot be built (not root, no `ip` or `nft`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { converge } from '../tests/nat/converge.js';
import { internetProblem } from '../tests/nat/internet.js';
import type { Sample, Suite } from './figure.js';

export const natSuite: Suite = {
	name: 'nat',
	async prepare() {
		const problem = internetProblem();
		if (problem) {
			process.stderr.write(`nat: skipped (${problem})\n`);
			return undefined;
		}
		const dir = await mkdtemp(join(tmpdir(), 'festival-nat-bench-'));
		return {
			async run(): Promise<Sample[]> {
				const flat = (await converge(dir, {})).ms;
				const homes = (await converge(dir, { nat: 'cone' })).ms;
				return [
					{
						name: 'first sync between two homes behind NATs (server STUN)',
						value: Math.round(homes),
						unit: 'ms',
						baseline: Math.round(flat),
						ratio: homes / flat,
						target: '< 30000 ms',
						checks: [{ of: 'value', op: '<', limit: 30_000 }]
					}
				];
			},
			close: () => rm(dir, { recursive: true, force: true })
		};
	}
};
