/**
 * Peers in different homes: a simulated internet in network namespaces (internet.ts), where
 * each home sits behind its own masquerading router that drops unsolicited packets, and only
 * the project's server is public. Two `festival peer`s (the CLI from the sources, one per
 * home) must converge on a festival created in one home and joined from the other:
 *
 * - behind two port-preserving ("cone") NATs, with no configuration, through the signaling
 *   server's own STUN (hole punching);
 * - behind two symmetric NATs (`masquerade random`: hole punching fails), through coturn, with
 *   short-lived credentials the signaling server hands out.
 *
 * Skipped, saying why, without root, `ip` or `nft` (and the second case without coturn).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	buildInternet,
	hasTurnserver,
	internetProblem,
	PUBLIC_IP,
	watch,
	type Internet,
	type NatKind
} from './internet.js';

const MAIN = fileURLToPath(new URL('../../src/node/cli/main.ts', import.meta.url));
const CLI = ['--import', 'tsx', MAIN] as const;
const PORT = 4444;
const TURN_PORT = 3478;
const exec = promisify(execFile);
process.env.FESTIVAL_NET_LOG = '1'; // the peers' link events, in a failure's message
const cli = async (home: string, ...args: string[]) =>
	(await exec(process.execPath, [...CLI, '--home', home, ...args])).stdout.trim();

const problem = internetProblem();
if (problem) console.warn(`tests/nat skipped: ${problem}`);
const noTurn = problem ?? (hasTurnserver() ? undefined : 'coturn (turnserver) is not installed');
if (!problem && noTurn) console.warn(`tests/nat symmetric NAT case skipped: ${noTurn}`);

let dir = '';
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'festival-nat-'));
});
afterAll(async () => {
	if (dir) await rm(dir, { recursive: true, force: true });
});

/** Two homes behind `nat` routers, a server in public (with coturn if `turn`); the first link time, ms. */
async function twoHomesConverge(nat: NatKind, turn: boolean): Promise<number> {
	const net: Internet = buildInternet([nat, nat]);
	try {
		const secret = join(dir, `secret-${nat}`);
		await writeFile(secret, 'a-shared-secret-for-the-test-only\n', { mode: 0o600 });
		let coturn: ReturnType<typeof watch> | undefined;
		if (turn) {
			coturn = watch(
				net.spawn(net.pub, 'turnserver', [
					'-n',
					'--listening-ip',
					PUBLIC_IP,
					'--relay-ip',
					PUBLIC_IP,
					'--listening-port',
					String(TURN_PORT),
					'--min-port',
					'49152',
					'--max-port',
					'49352',
					'--use-auth-secret',
					'--static-auth-secret',
					'a-shared-secret-for-the-test-only',
					'--realm',
					'festival.test',
					'--no-tls',
					'--no-dtls',
					'--no-cli',
					'--log-file',
					'stdout',
					'--pidfile',
					join(dir, `turnserver-${nat}.pid`),
					'--userdb',
					join(dir, `turndb-${nat}`)
				])
			);
			await coturn.waitFor(/Total UDP servers|relay .* initialized|IO method/i, 10_000);
		}
		const server = watch(
			net.spawn(net.pub, process.execPath, [
				...CLI,
				'signaling',
				'--host',
				'0.0.0.0',
				'--port',
				String(PORT),
				...(turn ? ['--turn', `turn:${PUBLIC_IP}:${TURN_PORT}`, '--turn-secret-file', secret] : [])
			])
		);
		await server.waitFor(/STUN on UDP port/, 20_000);
		const alice = join(dir, `alice-${nat}`);
		const bob = join(dir, `bob-${nat}`);
		await cli(alice, 'id', 'new', '--name', 'Alice');
		await cli(bob, 'id', 'new', '--name', 'Bob');
		const fest = await cli(alice, 'create', 'Across homes', '--tz', 'UTC');
		const signaling = `ws://${PUBLIC_IP}:${PORT}`;
		const [homeA, homeB] = net.homes as [Internet['homes'][0], Internet['homes'][0]];
		const start = Date.now();
		const a = watch(
			net.spawn(homeA.host, process.execPath, [
				...CLI,
				'--home',
				alice,
				'peer',
				'--signaling',
				signaling
			])
		);
		const b = watch(
			net.spawn(homeB.host, process.execPath, [
				...CLI,
				'--home',
				bob,
				'peer',
				'--signaling',
				signaling,
				'--festival',
				fest
			])
		);
		try {
			await b.waitFor(/synced Across homes with .*: \+\d+ entries/, 45_000);
		} catch (e) {
			throw new Error(
				`${(e as Error).message}\n--- alice:\n${a.output()}\n--- server:\n${server.output()}\n--- coturn:\n${coturn?.output().slice(-400000) ?? ''}`
			);
		}
		const took = Date.now() - start;
		expect(b.output()).toMatch(
			turn
				? /ICE servers from the signaling server: stun:.*turn:/
				: /ICE servers from the signaling server: stun:/
		);
		return took;
	} finally {
		net.close();
	}
}

describe.skipIf(problem !== undefined)('peers in different homes', () => {
	it(
		"two homes behind masquerading routers converge with no configuration (the server's STUN)",
		{ timeout: 90_000 },
		async () => {
			const took = await twoHomesConverge('cone', false);
			expect(took).toBeLessThan(30_000);
		}
	);

	it.skipIf(noTurn !== undefined)(
		'two homes behind symmetric NATs converge through TURN, with credentials from the signaling server',
		{ timeout: 90_000 },
		async () => {
			const took = await twoHomesConverge('symmetric', true);
			expect(took).toBeLessThan(30_000);
		}
	);
});
