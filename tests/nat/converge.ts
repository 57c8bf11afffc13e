/**
 * Two `festival peer`s (the CLI from the sources) on a simulated internet (internet.ts): a
 * festival created in one home, joined from the other, with the project's signaling server
 * (and coturn, for `turn`) in the public namespace. For the NAT tests and the bench.
 * @module
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildInternet, PUBLIC_IP, watch, type Internet, type NatKind } from './internet.js';

const MAIN = fileURLToPath(new URL('../../src/node/cli/main.ts', import.meta.url));
const CLI = ['--import', 'tsx', MAIN] as const;
const PORT = 4444;
const TURN_PORT = 3478;
const SECRET = 'a-shared-secret-for-the-test-only';
const exec = promisify(execFile);
const cli = async (home: string, ...args: string[]) =>
	(await exec(process.execPath, [...CLI, '--home', home, ...args])).stdout.trim();

/** How the two peers are placed: in two homes behind `nat` routers, or (`nat` undefined) both on the public network. */
export interface ConvergeOptions {
	readonly nat?: NatKind;
	/** Whether coturn runs and the signaling server hands out its credentials. */
	readonly turn?: boolean;
	/** Longest wait for the joining peer's first sync, ms (default 45 s). */
	readonly timeoutMs?: number;
}

/**
 * Runs the two peers in `dir` (homes and files are made there); resolves with the time from
 * starting them to the joining peer's first sync, ms, and the joining peer's output. Every
 * namespace and process is gone when it settles.
 */
export async function converge(
	dir: string,
	o: ConvergeOptions
): Promise<{ ms: number; output: string }> {
	const tag = `${o.nat ?? 'flat'}-${o.turn ? 'turn' : 'stun'}-${Math.random().toString(36).slice(2, 8)}`;
	const net: Internet = buildInternet(o.nat ? [o.nat, o.nat] : []);
	try {
		const secret = join(dir, `secret-${tag}`);
		await writeFile(secret, SECRET + '\n', { mode: 0o600 });
		let coturn: ReturnType<typeof watch> | undefined;
		if (o.turn) {
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
					SECRET,
					// as the README's set-up: no relaying into private networks
					'--denied-peer-ip',
					'10.0.0.0-10.255.255.255',
					'--denied-peer-ip',
					'172.16.0.0-172.31.255.255',
					'--denied-peer-ip',
					'192.168.0.0-192.168.255.255',
					'--no-multicast-peers',
					'--realm',
					'festival.test',
					'--no-tls',
					'--no-dtls',
					'--no-cli',
					'--log-file',
					'stdout',
					'--pidfile',
					join(dir, `turnserver-${tag}.pid`),
					'--userdb',
					join(dir, `turndb-${tag}`)
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
				...(o.turn
					? ['--turn', `turn:${PUBLIC_IP}:${TURN_PORT}`, '--turn-secret-file', secret]
					: [])
			])
		);
		await server.waitFor(/STUN on UDP port/, 20_000);
		const alice = join(dir, `alice-${tag}`);
		const bob = join(dir, `bob-${tag}`);
		await cli(alice, 'id', 'new', '--name', 'Alice');
		await cli(bob, 'id', 'new', '--name', 'Bob');
		const fest = await cli(alice, 'create', 'Across homes', '--tz', 'UTC');
		const signaling = `ws://${PUBLIC_IP}:${PORT}`;
		const where = (i: number) => net.homes[i]?.host ?? net.pub;
		const peer = (i: number, home: string, ...args: string[]) =>
			watch(
				net.spawn(where(i), process.execPath, [
					...CLI,
					'--home',
					home,
					'peer',
					'--signaling',
					signaling,
					...args
				])
			);
		const start = Date.now();
		const a = peer(0, alice);
		const b = peer(1, bob, '--festival', fest);
		try {
			await b.waitFor(/synced Across homes with .*: \+\d+ entries/, o.timeoutMs ?? 45_000);
		} catch (e) {
			throw new Error(
				`${(e as Error).message}\n--- alice:\n${a.output()}\n--- server:\n${server.output()}` +
					(coturn ? `\n--- coturn:\n${coturn.output().slice(-20_000)}` : ''),
				{ cause: e }
			);
		}
		return { ms: Date.now() - start, output: b.output() };
	} finally {
		net.close();
	}
}
