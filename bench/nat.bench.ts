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
import { median, type Figure } from './figure.js';

export async function natBench(): Promise<Figure[]> {
	const problem = internetProblem();
	if (problem) {
		process.stderr.write(`nat: skipped (${problem})\n`);
		return [];
	}
	const dir = await mkdtemp(join(tmpdir(), 'festival-nat-bench-'));
	try {
		const flat: number[] = [];
		const homes: number[] = [];
		for (let i = 0; i < 3; i++) {
			flat.push((await converge(dir, {})).ms);
			homes.push((await converge(dir, { nat: 'cone' })).ms);
		}
		const value = median(homes);
		const baseline = median(flat);
		return [
			{
				name: 'first sync between two homes behind NATs (server STUN)',
				value: Math.round(value),
				unit: 'ms',
				baseline: Math.round(baseline),
				ratio: value / baseline,
				target: '< 30000 ms',
				pass: value < 30_000
			}
		];
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
