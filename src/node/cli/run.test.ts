import { describe, expect, it } from 'vitest';
import { CliError, println, type CliIo, type Command } from './command.js';
import { run } from './run.js';
import { runCli } from './test-io.js';

function collect(env: Record<string, string> = {}): {
	io: CliIo;
	out: () => string;
	err: () => string;
} {
	let out = '';
	let err = '';
	return {
		io: {
			stdout: { write: (s: string) => (out += s) },
			stderr: { write: (s: string) => (err += s) },
			env,
			cwd: '/'
		},
		out: () => out,
		err: () => err
	};
}

describe('run: usage and errors', () => {
	it('prints usage on stderr with exit 2 when there is no command', async () => {
		const r = await runCli([]);
		expect(r.code).toBe(2);
		expect(r.stdout).toBe('');
		expect(r.stderr).toMatch(/^usage: festival \[--home DIR\] COMMAND/);
		expect(r.stderr).toMatch(/id new \[--name NAME\] \[--force\]/);
		expect(r.stderr).toMatch(/log verify FILE \[--hash yamf\|yasmf\]/);
	});

	it('names an unknown command and prints usage on stderr', async () => {
		const r = await runCli(['frobnicate', 'x']);
		expect(r).toMatchObject({ code: 2, stdout: '' });
		expect(r.stderr).toMatch(/^festival: unknown command "frobnicate"\nusage:/);
		const sub = await runCli(['id', 'lose']);
		expect(sub.stderr).toMatch(/^festival: unknown id command "id lose"\nusage:/);
		expect(sub.stderr).not.toMatch(/log verify/);
		expect((await runCli(['log'])).stderr).toMatch(/^festival: "log" needs a subcommand\nusage:/);
	});

	it('prints help on stdout with exit 0', async () => {
		for (const argv of [['help'], ['--help'], ['-h']]) {
			const r = await runCli(argv);
			expect(r.code).toBe(0);
			expect(r.stdout).toMatch(/^usage:/);
		}
		expect((await runCli(['help', 'log', 'verify'])).stdout).toMatch(
			/^usage: festival \[--home DIR\] log verify FILE/
		);
		expect((await runCli(['id', 'new', '--help'])).stdout).toMatch(
			/^usage: festival \[--home DIR\] id new/
		);
		expect((await runCli(['--help', 'id', 'show'])).stdout).toMatch(
			/^usage: festival \[--home DIR\] id show/
		);
		expect((await runCli(['help', 'id'])).stdout).not.toMatch(/log decode/);
	});

	it('reports unknown options, missing values and extra arguments as usage errors', async () => {
		const unknown = await runCli(['id', 'show', '--colour']);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toMatch(
			/^festival: Unknown option '--colour'\nusage: festival \[--home DIR\] id show/
		);
		expect((await runCli(['id', 'new', '--name'])).stderr).toMatch(/--name/);
		expect((await runCli(['--home'])).stderr).toMatch(/--home needs a folder/);
		expect((await runCli(['--bogus', 'id', 'show'])).stderr).toMatch(/unknown option --bogus/);
		const extra = await runCli(['log', 'decode', '00', '11']);
		expect(extra.code).toBe(2);
		expect(extra.stderr).toMatch(/unexpected argument "11"/);
	});
});

describe('run: the command registry', () => {
	const seen: unknown[] = [];
	const commands: Command[] = [
		{
			name: ['greet'],
			args: 'WHO [--loud]',
			summary: 'say hello',
			options: { loud: { type: 'boolean' } },
			positionals: ['WHO'],
			async run(ctx) {
				seen.push(ctx.home().dir);
				const text = `hello ${ctx.positionals[0]}`;
				println(ctx.io.stdout, ctx.values.loud ? text.toUpperCase() : text);
				return 0;
			}
		},
		{
			name: ['greet', 'twice'],
			args: '',
			summary: 'longest name wins',
			run: async (ctx) => (println(ctx.io.stdout, 'twice'), 0)
		},
		{
			name: ['fail'],
			args: '',
			summary: 'fails',
			run: async () => Promise.reject(new CliError('it went wrong', 3))
		},
		{
			name: ['crash'],
			args: '',
			summary: 'crashes',
			run: async () => Promise.reject(new Error('boom'))
		}
	];

	it('dispatches to a registered command with its options and the home folder', async () => {
		const c = collect({ FESTIVAL_HOME: '/h' });
		expect(await run(['greet', 'ada', '--loud'], c.io, commands)).toBe(0);
		expect(c.out()).toBe('HELLO ADA\n');
		expect(seen).toEqual(['/h']);
		const t = collect();
		expect(await run(['greet', 'twice'], t.io, commands)).toBe(0);
		expect(t.out()).toBe('twice\n');
	});

	it('lets --home come before or after the command', async () => {
		seen.length = 0;
		await run(['--home', '/x', 'greet', 'a'], collect().io, commands);
		await run(['greet', 'a', '--home', '/y'], collect().io, commands);
		expect(seen).toEqual(['/x', '/y']);
	});

	it('reports a CliError with its exit code, and an unexpected error without a stack', async () => {
		const f = collect();
		expect(await run(['fail'], f.io, commands)).toBe(3);
		expect(f.err()).toBe('festival: it went wrong\n');
		const c = collect();
		expect(await run(['crash'], c.io, commands)).toBe(1);
		expect(c.err()).toBe('festival: unexpected error: boom\n');
		const d = collect({ FESTIVAL_DEBUG: '1' });
		await run(['crash'], d.io, commands);
		expect(d.err()).toMatch(/boom\nError: boom\n\s+at /);
	});
});
