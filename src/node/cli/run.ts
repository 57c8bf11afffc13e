/**
 * The CLI without the process: `run(argv, io)` parses the global options, finds the command in
 * the registry, parses its options with `node:util` parseArgs and runs it, returning the exit
 * code: 0 success, 1 failure, 2 wrong usage. A person's mistake is one line on stderr, never
 * a stack trace (set FESTIVAL_DEBUG=1 to see stacks of unexpected errors).
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeFsError, Home, HomeError } from '../home.js';
import {
	CliError,
	println,
	UsageError,
	type CliIo,
	type Command,
	type CommandContext
} from './command.js';
import { commands as defaultCommands } from './commands/index.js';
import { ChangeTooLargeError, TextTooLongError } from '../../lib/core/index.js';

const GLOBAL = '[--home DIR]';

/** Usage lines for `commands` (all of them, or those of one group). */
export function usage(commands: readonly Command[], group?: string): string {
	const shown = group ? commands.filter((c) => c.name[0] === group) : commands;
	const lines = shown.map(
		(c) => `  ${[...c.name, c.args].filter(Boolean).join(' ')}\n      ${c.summary}`
	);
	return [
		`usage: festival ${GLOBAL} COMMAND ...`,
		'',
		'commands:',
		...lines,
		'',
		'The home folder is --home DIR, else $FESTIVAL_HOME, else ~/.festival.',
		'Run "festival help COMMAND" for one command.'
	].join('\n');
}

function commandUsage(c: Command): string {
	return `usage: festival ${GLOBAL} ${[...c.name, c.args].filter(Boolean).join(' ')}\n  ${c.summary}`;
}

/** Longest registered name that `words` start with. */
function findCommand(commands: readonly Command[], words: readonly string[]): Command | undefined {
	let best: Command | undefined;
	for (const c of commands) {
		if (c.name.length <= words.length && c.name.every((w, i) => words[i] === w)) {
			if (!best || c.name.length > best.name.length) best = c;
		}
	}
	return best;
}

interface Globals {
	home?: string;
	help: boolean;
	rest: string[];
}

function parseGlobals(argv: readonly string[]): Globals {
	const g: Globals = { help: false, rest: [] };
	let i = 0;
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--') {
			i++;
			break;
		}
		if (!a.startsWith('-') || a === '-') break;
		if (a === '--help' || a === '-h') g.help = true;
		else if (a === '--home') {
			const v = argv[++i];
			if (v === undefined) throw new UsageError('--home needs a folder');
			g.home = v;
		} else if (a.startsWith('--home=')) g.home = a.slice('--home='.length);
		else throw new UsageError(`unknown option ${a}`);
	}
	g.rest = argv.slice(i);
	return g;
}

async function readText(io: CliIo, file: string): Promise<string> {
	if (file === '-') {
		if (!io.stdin) throw new CliError('no standard input to read');
		return io.stdin();
	}
	try {
		return await readFile(resolve(io.cwd, file), 'utf8');
	} catch (e) {
		throw new CliError(`cannot read ${file}: ${describeFsError(e)}`);
	}
}

async function runCommand(
	cmd: Command,
	args: readonly string[],
	io: CliIo,
	globalHome: string | undefined
): Promise<number> {
	let parsed: ReturnType<typeof parseArgs>;
	try {
		parsed = parseArgs({
			args: [...args],
			options: { ...cmd.options, home: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
			allowPositionals: true,
			strict: true
		});
	} catch (e) {
		throw new UsageError(
			e instanceof Error ? e.message.replace(/\. To specify a positional.*$/s, '') : String(e)
		);
	}
	const { values, positionals } = parsed;
	if (values.help === true) {
		println(io.stdout, commandUsage(cmd));
		return 0;
	}
	const names = cmd.positionals ?? [];
	const min = names.length - (cmd.optionalPositionals ?? 0);
	if (positionals.length < min)
		throw new UsageError(`missing ${names.slice(positionals.length).join(' ')}`);
	if (positionals.length > names.length)
		throw new UsageError(`unexpected argument "${positionals[names.length]}"`);
	const home = typeof values.home === 'string' ? values.home : globalHome;
	const ctx: CommandContext = {
		io,
		values,
		positionals,
		home: () => Home.locate({ home, env: io.env, cwd: io.cwd }),
		readText: (file) => readText(io, file),
		path: (file) => resolve(io.cwd, file)
	};
	return cmd.run(ctx);
}

/**
 * Runs the CLI on `argv` (the arguments after the program name) and resolves to the exit
 * code. Never throws, never exits the process.
 */
export async function run(
	argv: readonly string[],
	io: CliIo,
	commands: readonly Command[] = defaultCommands
): Promise<number> {
	let cmd: Command | undefined;
	try {
		const g = parseGlobals(argv);
		const words = g.rest;
		if (words[0] === 'help' || (g.help && words.length === 0)) {
			const target = findCommand(commands, words.slice(1));
			const group = words[1];
			println(
				io.stdout,
				target
					? commandUsage(target)
					: usage(commands, commands.some((c) => c.name[0] === group) ? group : undefined)
			);
			return 0;
		}
		if (words.length === 0) {
			println(io.stderr, usage(commands));
			return 2;
		}
		cmd = findCommand(commands, words);
		if (!cmd) {
			const group = commands.some((c) => c.name[0] === words[0]) ? words[0] : undefined;
			const what = !group
				? `unknown command "${words[0]}"`
				: words.length === 1
					? `"${group}" needs a subcommand`
					: `unknown ${group} command "${words.slice(0, 2).join(' ')}"`;
			println(io.stderr, `festival: ${what}\n${usage(commands, group)}`);
			return 2;
		}
		const args = words.slice(cmd.name.length);
		return await runCommand(cmd, g.help ? ['--help', ...args] : args, io, g.home);
	} catch (e) {
		return report(e, io, cmd, commands);
	}
}

function report(
	e: unknown,
	io: CliIo,
	cmd: Command | undefined,
	commands: readonly Command[]
): number {
	if (e instanceof UsageError) {
		println(io.stderr, `festival: ${e.message}`);
		println(io.stderr, cmd ? commandUsage(cmd) : usage(commands));
		return e.exitCode;
	}
	if (e instanceof CliError) {
		println(io.stderr, `festival: ${e.message}`);
		return e.exitCode;
	}
	if (e instanceof HomeError || e instanceof ChangeTooLargeError || e instanceof TextTooLongError) {
		println(io.stderr, `festival: ${e.message}`);
		return 1;
	}
	const message = e instanceof Error ? e.message : String(e);
	println(io.stderr, `festival: unexpected error: ${message}`);
	if (io.env.FESTIVAL_DEBUG && e instanceof Error && e.stack) println(io.stderr, e.stack);
	return 1;
}
