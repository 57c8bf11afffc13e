/**
 * Two `festival peer` processes, each with its own home, converge over real WebRTC
 * (node-datachannel) through the signaling server; edits made while one is stopped arrive
 * when it returns.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignaling, type RunningSignaling } from './signaling/server.js';

// The CLI from its TypeScript sources (as `npm run cli` runs it), so these test the current
// code without a build; bin.test.ts covers the built command.
const festival = [
	'--import',
	'tsx',
	fileURLToPath(new URL('./cli/main.ts', import.meta.url))
] as const;
const exec = promisify(execFile);
const cli = async (home: string, ...args: string[]) =>
	(await exec(process.execPath, [...festival, '--home', home, ...args])).stdout.trim();

let signaling: RunningSignaling;
let dir: string;
const procs: ChildProcess[] = [];

beforeAll(async () => {
	signaling = await startSignaling({ port: 0 });
	dir = await mkdtemp(join(tmpdir(), 'festival-peers-'));
});
afterAll(async () => {
	for (const p of procs) p.kill('SIGKILL');
	await signaling.close();
	await rm(dir, { recursive: true, force: true });
});

/** Starts a peer; resolves with it once a line matching `ready` appeared. */
function startPeer(home: string, ...args: string[]) {
	const p = spawn(
		process.execPath,
		[...festival, '--home', home, 'peer', '--signaling', signaling.url, ...args],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	procs.push(p);
	let out = '';
	const waiters: { re: RegExp; resolve: () => void }[] = [];
	const check = () => {
		for (const w of [...waiters])
			if (w.re.test(out)) {
				waiters.splice(waiters.indexOf(w), 1);
				w.resolve();
			}
	};
	p.stdout!.on('data', (d) => {
		out += d;
		check();
	});
	p.stderr!.on('data', (d) => (out += d));
	return {
		proc: p,
		output: () => out,
		waitFor: (re: RegExp, ms = 30_000) =>
			new Promise<void>((resolve, reject) => {
				const t = setTimeout(
					() => reject(new Error(`timed out waiting for ${re} in:\n${out}`)),
					ms
				);
				waiters.push({ re, resolve: () => (clearTimeout(t), resolve()) });
				check();
			}),
		stop: () =>
			new Promise<void>((resolve) => {
				p.once('exit', () => resolve());
				p.kill('SIGTERM');
			})
	};
}

describe('festival peer', () => {
	it(
		'two homes converge over WebRTC; edits made while one is stopped arrive when it returns',
		{ timeout: 120_000 },
		async () => {
			const alice = join(dir, 'alice');
			const bob = join(dir, 'bob');
			await cli(alice, 'id', 'new', '--name', 'Alice');
			await cli(bob, 'id', 'new', '--name', 'Bob');
			const fest = await cli(alice, 'create', 'Over the air', '--tz', 'UTC');
			const room = await cli(
				alice,
				'resource',
				'add',
				fest,
				'--name',
				'Hall',
				'--kind',
				'location',
				'--policy',
				'first-come'
			);

			const a = startPeer(alice);
			const b = startPeer(bob, '--festival', fest);
			// The log names the peer by the name Alice published in the festival.
			await b.waitFor(
				/synced Over the air with Alice \([0-9a-f]{8}\) \[[0-9a-f]{8}-.*\]: \+\d+ entries/
			);
			await b.stop();
			const seen = JSON.parse(await cli(bob, 'show', fest, '--json'));
			expect(seen.resources.map((r: { id: string }) => r.id)).toEqual([room]);

			// Bob edits offline (his peer is stopped), then comes back.
			const ev = await cli(
				bob,
				'event',
				'add',
				fest,
				'--title',
				'Offline talk',
				'--start',
				'2026-07-01T10:00Z',
				'--end',
				'2026-07-01T11:00Z',
				'--request',
				room
			);
			const b2 = startPeer(bob);
			await a.waitFor(/synced Over the air with .*: \+\d+ entries/);
			// Alice's peer decides her first-come resource and sends the decision back.
			await a.waitFor(/decided accept/);
			await b2.waitFor(/synced Over the air with .*: \+\d+ entries/);
			await a.stop();
			await b2.stop();
			const atAlice = JSON.parse(await cli(alice, 'show', fest, '--json'));
			expect(atAlice.events.map((e: { id: string }) => e.id)).toEqual([ev]);
			const atBob = JSON.parse(await cli(bob, 'show', fest, '--json'));
			expect(atBob.events[0].requests[0].status).toBe('accepted');
		}
	);

	it(
		"a headless peer gives its first-come tickets: the asker's event then counts on every peer",
		{ timeout: 120_000 },
		async () => {
			const alice = join(dir, 'alice-t');
			const bob = join(dir, 'bob-t');
			await cli(alice, 'id', 'new', '--name', 'Alice');
			await cli(bob, 'id', 'new', '--name', 'Bob');
			const fest = await cli(alice, 'create', 'Ticketed', '--tz', 'UTC');
			const ticket = await cli(
				alice,
				'resource',
				'add',
				fest,
				'--name',
				'Creator ticket',
				'--kind',
				'other',
				'--capacity',
				'unlimited',
				'--policy',
				'first-come'
			);
			await cli(alice, 'settings', fest, '--events-need', ticket);
			const a = startPeer(alice);
			const b = startPeer(bob, '--festival', fest);
			await b.waitFor(/synced Ticketed with .*: \+\d+ entries/);
			await b.stop();
			const ev = await cli(
				bob,
				'event',
				'add',
				fest,
				'--title',
				'Workshop',
				'--start',
				'2026-07-01T10:00Z',
				'--end',
				'2026-07-01T11:00Z'
			);
			const before = JSON.parse(await cli(bob, 'show', fest, '--json'));
			expect(before.unadmitted.map((e: { id: string }) => e.id)).toEqual([ev]);
			const q = await cli(bob, 'ask', fest, ticket);
			const b2 = startPeer(bob);
			await a.waitFor(/decided accept/);
			await b2.waitFor(/synced Ticketed with .*: \+\d+ entries/);
			await a.stop();
			await b2.stop();
			for (const home of [alice, bob]) {
				const v = JSON.parse(await cli(home, 'show', fest, '--json'));
				expect(v.personal.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([
					[q, 'accepted']
				]);
				expect(v.events.map((e: { id: string }) => e.id)).toEqual([ev]);
			}
		}
	);
});
