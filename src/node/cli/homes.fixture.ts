/**
 * Test helper: people with a home folder each, in a temporary folder made before a test file
 * runs and removed after it, running the CLI in-process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { runCli, type CliOutcome } from './test-io.js';

/** Someone with a home and an identity. */
export interface CliPerson<S = unknown> {
	readonly home: string;
	/** The public key `id new` printed. */
	readonly key: string;
	/** Runs a command in this home and returns the whole outcome. */
	run(...args: string[]): Promise<CliOutcome>;
	/** The same, with text on standard input. */
	runWith(stdin: string, ...args: string[]): Promise<CliOutcome>;
	/** Runs a command in this home; expects success and nothing on stderr; returns stdout trimmed. */
	ok(...args: string[]): Promise<string>;
	/** `show FEST --json`, parsed (each call is a new run: a restart). */
	show(fest: string): Promise<S>;
}

/** Registers the temporary folder's set-up and removal; returns how to use it. */
/** `S`: the shape of `show --json` the tests read. */
export function cliHomes<S = unknown>(
	name: string
): {
	dir(): string;
	path(what: string): string;
	person(name: string): Promise<CliPerson<S>>;
	/** Exports `fest` from `from` as a bundle and imports it into each of `to`; the ids the last import printed. */
	send(from: CliPerson<S>, fest: string, ...to: CliPerson<S>[]): Promise<string[]>;
} {
	let tmp = '';
	let n = 0;
	beforeAll(async () => {
		tmp = await mkdtemp(join(tmpdir(), `festival-cli-${name}-`));
	});
	afterAll(async () => {
		await rm(tmp, { recursive: true, force: true });
	});
	const path = (what: string) => join(tmp, `${what}-${n++}`);
	return {
		dir: () => tmp,
		path,
		async send(from, fest, ...to) {
			const file = `${path('bundle')}.bin`;
			await from.ok('bundle', 'export', fest, file);
			let ids: string[] = [];
			for (const p of to) ids = (await p.ok('bundle', 'import', file)).split('\n');
			return ids;
		},
		async person(who) {
			const home = path(who);
			const runWith = (stdin: string | undefined, ...args: string[]) =>
				runCli(['--home', home, ...args], {
					cwd: tmp,
					env: { TZ: 'UTC' },
					...(stdin !== undefined ? { stdin } : {})
				});
			const run = (...args: string[]) => runWith(undefined, ...args);
			const ok = async (...args: string[]) => {
				const r = await run(...args);
				expect(r.stderr, args.join(' ')).toBe('');
				expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
				return r.stdout.trim();
			};
			const key = await ok('id', 'new', '--name', who);
			return {
				home,
				key,
				run,
				runWith,
				ok,
				show: async (fest: string) => JSON.parse(await ok('show', fest, '--json')) as S
			};
		}
	};
}
