// The built Node programs as a person runs them: `bin/festival.js` on dist/node/cli.js, and
// dist/node/serve.js as `npm start` runs it. The other CLI tests run the TypeScript sources
// in-process; these build dist/node first (as `npm run build` does, about a second), so they
// always check what the current sources build to.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/festival.js');
const exec = promisify(execFile);
type Failed = { code: number; stdout: string; stderr: string };

interface Started {
	readonly proc: ChildProcess;
	readonly match: string;
	/** Everything it wrote so far, stdout and stderr. */
	output(): string;
}

/** Starts the built command; resolves once `line` appears on its stdout. */
function started(args: string[], line: RegExp): Promise<Started> {
	const proc = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			proc.kill('SIGKILL');
			reject(new Error(`no ${line} from festival ${args.join(' ')}:\n${out}`));
		}, 30_000);
		const check = () => {
			const m = line.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve({ proc, match: m[0], output: () => out });
			}
		};
		proc.stdout.on('data', (d) => ((out += d), check()));
		proc.stderr.on('data', (d) => (out += d));
		proc.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`festival ${args.join(' ')} exited (${code}) before ${line}:\n${out}`));
		});
	});
}

/** Sends SIGTERM; resolves with the exit code and all output. */
function stop({ proc, output }: Started): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		proc.removeAllListeners('exit');
		proc.once('exit', (code) => resolve({ code, output: output() }));
		proc.kill('SIGTERM');
	});
}

let home: string;
beforeAll(async () => {
	await build({ configFile: join(root, 'vite.node.config.ts'), logLevel: 'error' });
	home = await mkdtemp(join(tmpdir(), 'festival-bin-'));
}, 120_000);
afterAll(async () => {
	await rm(home, { recursive: true, force: true });
});

/** The packages a built file loads before it runs: static imports, followed through our chunks. */
async function staticPackages(file: string, seen = new Set<string>()): Promise<Set<string>> {
	const found = new Set<string>();
	if (seen.has(file)) return found;
	seen.add(file);
	const code = await readFile(file, 'utf8');
	for (const [, spec] of code.matchAll(/^import\s[^;]*?from\s*"([^"]+)";/gm)) {
		if (spec!.startsWith('.'))
			for (const p of await staticPackages(join(dirname(file), spec!), seen)) found.add(p);
		else found.add(spec!);
	}
	return found;
}

describe('bin/festival.js on the build', () => {
	it('starts without networking or automerge-repo (loaded by the commands that use them)', async () => {
		const packages = [...(await staticPackages(join(root, 'dist/node/cli.js')))];
		expect(packages).toContain('@automerge/automerge');
		expect(
			packages.filter((p) => /^(ws|node-datachannel|@automerge\/automerge-repo)/.test(p))
		).toEqual([]);
	});

	it('prints the usage for help', async () => {
		const { stdout } = await exec(process.execPath, [bin, 'help']);
		expect(stdout).toMatch(/^usage: festival \[--home DIR\] COMMAND/);
		expect(stdout).toContain('log verify FILE');
	});

	it('runs id new, id show, create and show against a home, with exit codes', async () => {
		const made = await exec(process.execPath, [bin, '--home', home, 'id', 'new', '--name', 'Bin']);
		expect(made.stdout).toMatch(/^[0-9a-f]{64}\n$/);
		const shown = await exec(process.execPath, [bin, '--home', home, 'id', 'show', '--json']);
		expect(JSON.parse(shown.stdout)).toMatchObject({ public: made.stdout.trim(), name: 'Bin' });
		const failed = await exec(process.execPath, [bin, '--home', home, 'id', 'new']).catch(
			(e: Failed) => e
		);
		expect(failed).toMatchObject({
			code: 1,
			stderr: expect.stringMatching(/^festival: .*already has an identity/)
		});
		// Automerge (wasm) loads from the build: a festival is made, stored and read back.
		const created = await exec(process.execPath, [bin, '--home', home, 'create', 'Built camp']);
		const id = created.stdout.trim();
		expect(id).toMatch(/^[0-9a-f]{64}$/);
		const view = await exec(process.execPath, [bin, '--home', home, 'show', id, '--json']);
		expect(JSON.parse(view.stdout)).toMatchObject({ id, name: 'Built camp' });
	}, 60_000);

	it('runs signaling and a peer from the build', async () => {
		const own = await mkdtemp(join(tmpdir(), 'festival-bin-peer-'));
		await exec(process.execPath, [bin, '--home', own, 'id', 'new']);
		await exec(process.execPath, [bin, '--home', own, 'create', 'Peer camp']);
		const sig = await started(['signaling', '--port', '0'], /ws:\/\/127\.0\.0\.1:\d+/);
		try {
			const peer = await started(
				['--home', own, 'peer', '--signaling', sig.match],
				/replicating 1 festival\(s\)/
			);
			expect(await stop(peer)).toMatchObject({
				code: 0,
				output: expect.stringMatching(/stopping\n$/)
			});
		} finally {
			expect(await stop(sig)).toMatchObject({ code: 0 });
			await rm(own, { recursive: true, force: true });
		}
	}, 60_000);

	it('says to run npm run build when there is no build', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'festival-unbuilt-'));
		try {
			await mkdir(join(dir, 'bin'));
			await copyFile(bin, join(dir, 'bin/festival.js'));
			const failed = await exec(process.execPath, [join(dir, 'bin/festival.js'), 'help']).catch(
				(e: Failed) => e
			);
			expect(failed).toMatchObject({
				code: 1,
				stdout: '',
				stderr: expect.stringMatching(/^festival: .*not built.*"npm run build"/)
			});
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});

describe('dist/node/serve.js', () => {
	it('serves build/ of the project, as serve.ts from the sources does', async () => {
		const built = (await import(pathToFileURL(join(root, 'dist/node/serve.js')).href)) as {
			BUILD_DIR: string;
		};
		const source = await import('../serve.js');
		expect(built.BUILD_DIR).toBe(source.BUILD_DIR);
		expect(built.BUILD_DIR).toBe(join(root, 'build'));
	});

	it('runs its main when started with node', async () => {
		// A bad PORT fails before listening, so this needs no free port and no web build.
		const failed = await exec(process.execPath, [join(root, 'dist/node/serve.js')], {
			env: { ...process.env, PORT: 'nope' }
		}).catch((e: Failed) => e);
		expect(failed).toMatchObject({
			code: 1,
			stderr: 'festival: PORT must be a whole number from 0 to 65535, not "nope"\n'
		});
	});
});
