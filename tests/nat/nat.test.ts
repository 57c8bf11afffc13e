/**
 * Peers in different homes: a simulated internet in network namespaces (internet.ts), where
 * each home sits behind its own masquerading router that drops unsolicited packets, and only
 * the project's server is public. Two `festival peer`s (the CLI from the sources, one per
 * home) must converge on a festival created in one home and joined from the other
 * (converge.ts):
 *
 * - behind two port-preserving ("cone") NATs, with no configuration, through the signaling
 *   server's own STUN (hole punching);
 * - behind two symmetric NATs (`masquerade random`: hole punching fails), through coturn, with
 *   short-lived credentials the signaling server hands out.
 *
 * Skipped, saying why, without root, `ip` or `nft` (and the second case without coturn).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { converge } from './converge.js';
import { closeAll, hasTurnserver, internetProblem } from './internet.js';

// the peers' link events, in a failure's message
process.env.FESTIVAL_NET_LOG = '1';

const problem = internetProblem();
if (problem) console.warn(`tests/nat skipped: ${problem}`);
const noTurn = problem ?? (hasTurnserver() ? undefined : 'coturn (turnserver) is not installed');
if (!problem && noTurn) console.warn(`tests/nat symmetric NAT case skipped: ${noTurn}`);

let dir = '';
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'festival-nat-'));
});
afterAll(async () => {
	closeAll(); // whatever a test that timed out left behind
	if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(problem !== undefined)('peers in different homes', () => {
	it(
		"two homes behind masquerading routers converge with no configuration (the server's STUN)",
		{ timeout: 90_000 },
		async () => {
			const { ms, output } = await converge(dir, { nat: 'cone' });
			expect(output).toMatch(/ICE servers from the signaling server: stun:203\.0\.113\.1:4444\n/);
			expect(ms).toBeLessThan(30_000);
		}
	);

	it.skipIf(noTurn !== undefined)(
		'two homes behind symmetric NATs converge through TURN, with credentials from the signaling server',
		{ timeout: 90_000 },
		async () => {
			const { ms, output } = await converge(dir, { nat: 'symmetric', turn: true });
			expect(output).toMatch(/ICE servers from the signaling server: stun:.*, turn:/);
			expect(ms).toBeLessThan(30_000);
		}
	);
});
