/**
 * A simulated internet in Linux network namespaces, for the NAT tests and the bench: one
 * public namespace (the project's server at {@link PUBLIC_IP}, on the "internet" that routes
 * between the homes' routers) and, per home, a router namespace that masquerades its home
 * network and drops unsolicited packets on its WAN side, and a host namespace behind it.
 * Everything is made with names unique to this run and removed by {@link Internet.close},
 * which also runs at process exit; processes started with {@link Internet.spawn} are killed.
 * Needs root, `ip` and `nft`: see {@link internetProblem}.
 * @module
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** The public address of the server namespace. */
export const PUBLIC_IP = '203.0.113.1';

/** How a home's router translates: `cone` keeps the source port for every destination,
 * `symmetric` picks a random one per destination (`masquerade random`). */
export type NatKind = 'cone' | 'symmetric';

function has(cmd: string): boolean {
	return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Why namespaces cannot be built here (for a skip message), or undefined if they can. */
export function internetProblem(): string | undefined {
	if (process.platform !== 'linux') return 'network namespaces need Linux';
	if (process.getuid?.() !== 0) return 'building network namespaces needs root';
	for (const cmd of ['ip', 'nft'])
		if (!has(cmd)) return `${cmd} is not installed (iproute2, nftables)`;
	return undefined;
}

/** Whether coturn's `turnserver` is installed. */
export const hasTurnserver = (): boolean => has('turnserver');

/** A home: its host namespace (where a peer runs) and its router. */
export interface Home {
	readonly host: string;
	readonly router: string;
}

/** The simulated internet. */
export interface Internet {
	/** The public namespace (the server). */
	readonly pub: string;
	readonly homes: readonly Home[];
	/** Starts `cmd args` inside namespace `ns`; killed by {@link close}. */
	spawn(ns: string, cmd: string, args: readonly string[]): ChildProcess;
	/** Kills what was spawned and removes every namespace (and so every link in them). */
	close(): void;
}

function ip(...args: string[]): void {
	execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function inNs(ns: string, ...args: string[]): void {
	execFileSync('ip', ['netns', 'exec', ns, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** The router's nftables rules: masquerade out of `wan`, drop unsolicited packets from it. */
function routerRules(nat: NatKind): string {
	return `
table ip nat {
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "wan" masquerade${nat === 'symmetric' ? ' random' : ''}
	}
}
table inet filter {
	chain forward {
		type filter hook forward priority filter; policy drop;
		ct state established,related accept
		iifname "lan" oifname "wan" accept
	}
	chain input {
		type filter hook input priority filter; policy accept;
		iifname "wan" ct state established,related accept
		iifname "wan" drop
	}
}
`;
}

/** Every internet not closed yet (see {@link closeAll}). */
const open = new Set<Internet>();

/** Closes every internet still open: for a test's `afterAll`, in case one timed out midway. */
export function closeAll(): void {
	for (const net of [...open]) net.close();
}

/** Builds the public namespace and one home per entry of `nats`. Throws (after cleaning up) on failure. */
export function buildInternet(nats: readonly NatKind[]): Internet {
	const tag = `fn${randomBytes(3).toString('hex')}`;
	const namespaces: string[] = [];
	const procs: ChildProcess[] = [];
	let closed = false;
	let net: Internet | undefined;
	const close = () => {
		if (closed) return;
		closed = true;
		if (net) open.delete(net);
		process.off('exit', close);
		for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
		for (const ns of namespaces.reverse()) {
			try {
				const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
				for (const pid of pids.split(/\s+/).filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
			} catch {
				// gone already
			}
			spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
		}
	};
	process.on('exit', close);
	const ns = (name: string) => {
		const n = `${tag}-${name}`;
		ip('netns', 'add', n);
		namespaces.push(n);
		inNs(n, 'ip', 'link', 'set', 'lo', 'up');
		return n;
	};
	try {
		const pub = ns('pub');
		inNs(pub, 'ip', 'addr', 'add', `${PUBLIC_IP}/32`, 'dev', 'lo');
		inNs(pub, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
		// the rest of the internet: what is sent elsewhere (a peer's private address, say)
		// vanishes silently, as on a real server, instead of failing with "network unreachable"
		// (a link to nowhere: a gateway whose address resolves to a MAC no one has)
		inNs(pub, 'ip', 'link', 'add', 'rest', 'type', 'veth', 'peer', 'name', 'nowhere');
		inNs(pub, 'ip', 'link', 'set', 'rest', 'up');
		inNs(pub, 'ip', 'link', 'set', 'nowhere', 'up');
		inNs(pub, 'ip', 'addr', 'add', '198.18.0.1/30', 'dev', 'rest');
		inNs(
			pub,
			'ip',
			'neigh',
			'add',
			'198.18.0.2',
			'lladdr',
			'02:00:00:00:00:01',
			'dev',
			'rest',
			'nud',
			'permanent'
		);
		inNs(pub, 'ip', 'route', 'add', 'default', 'via', '198.18.0.2');
		const homes = nats.map((nat, i) => {
			const router = ns(`r${i}`);
			const host = ns(`h${i}`);
			const wan = `100.64.${i + 1}`;
			const lan = `192.168.${i + 1}`;
			// each end is made inside its namespace: no name ever appears outside them
			ip(
				'link',
				'add',
				'wan',
				'netns',
				router,
				'type',
				'veth',
				'peer',
				'name',
				`home${i}`,
				'netns',
				pub
			);
			ip(
				'link',
				'add',
				'lan',
				'netns',
				router,
				'type',
				'veth',
				'peer',
				'name',
				'eth0',
				'netns',
				host
			);
			inNs(pub, 'ip', 'addr', 'add', `${wan}.1/30`, 'dev', `home${i}`);
			inNs(pub, 'ip', 'link', 'set', `home${i}`, 'up');
			// answers leave from the public address, as from a server with one address (else a
			// UDP reply from 0.0.0.0 takes the link's address and the router drops it)
			inNs(pub, 'ip', 'route', 'replace', `${wan}.0/30`, 'dev', `home${i}`, 'src', PUBLIC_IP);
			inNs(router, 'ip', 'addr', 'add', `${wan}.2/30`, 'dev', 'wan');
			inNs(router, 'ip', 'addr', 'add', `${lan}.1/24`, 'dev', 'lan');
			inNs(router, 'ip', 'link', 'set', 'wan', 'up');
			inNs(router, 'ip', 'link', 'set', 'lan', 'up');
			inNs(router, 'ip', 'route', 'add', 'default', 'via', `${wan}.1`);
			inNs(router, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
			execFileSync('ip', ['netns', 'exec', router, 'nft', '-f', '-'], {
				input: routerRules(nat),
				stdio: ['pipe', 'ignore', 'pipe']
			});
			inNs(host, 'ip', 'addr', 'add', `${lan}.2/24`, 'dev', 'eth0');
			inNs(host, 'ip', 'link', 'set', 'eth0', 'up');
			inNs(host, 'ip', 'route', 'add', 'default', 'via', `${lan}.1`);
			return { host, router };
		});
		net = {
			pub,
			homes,
			spawn(where, cmd, args) {
				const p = spawn('ip', ['netns', 'exec', where, cmd, ...args], {
					stdio: ['ignore', 'pipe', 'pipe']
				});
				procs.push(p);
				return p;
			},
			close
		};
		open.add(net);
		return net;
	} catch (e) {
		close();
		throw e;
	}
}

/** Output of a process so far, and a way to wait for a line. */
export interface Watched {
	readonly proc: ChildProcess;
	output(): string;
	waitFor(re: RegExp, ms: number): Promise<void>;
}

/** Collects a process's stdout and stderr and lets a caller wait for a pattern in them. */
export function watch(proc: ChildProcess): Watched {
	let out = '';
	const waiters: { re: RegExp; resolve: () => void }[] = [];
	const check = () => {
		for (const w of [...waiters])
			if (w.re.test(out)) {
				waiters.splice(waiters.indexOf(w), 1);
				w.resolve();
			}
	};
	proc.stdout?.on('data', (d) => {
		out += d;
		check();
	});
	proc.stderr?.on('data', (d) => {
		out += d;
		check();
	});
	return {
		proc,
		output: () => out,
		waitFor: (re, ms) =>
			new Promise<void>((resolve, reject) => {
				const t = setTimeout(
					() => reject(new Error(`timed out waiting for ${re} in:\n${out}`)),
					ms
				);
				waiters.push({ re, resolve: () => (clearTimeout(t), resolve()) });
				check();
			})
	};
}
