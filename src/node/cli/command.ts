/**
 * What a CLI command is, what it gets, and the errors it reports. Each command (or group of
 * subcommands) lives in its own file under `commands/` and is listed in `commands/index.ts`.
 * @module
 */
import type { ParseArgsConfig } from 'node:util';
import type { Home } from '../home.js';

/** Somewhere to write text (process.stdout, or a collector in tests). */
export interface Writer {
	write(chunk: string): unknown;
}

/** Everything a CLI run touches of the outside world, so it can run in-process in tests. */
export interface CliIo {
	readonly stdout: Writer;
	readonly stderr: Writer;
	readonly env: Readonly<Record<string, string | undefined>>;
	/** Relative paths (FILE arguments, `--home`) resolve against this. */
	readonly cwd: string;
	/** Reads all of standard input (for FILE `-`); absent when there is none. */
	readonly stdin?: () => Promise<string>;
}

/** Option definitions in `node:util` parseArgs form. */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Parsed option values. */
export type OptionValues = Readonly<
	Record<string, string | boolean | (string | boolean)[] | undefined>
>;

/** What a command's `run` receives. */
export interface CommandContext {
	readonly io: CliIo;
	readonly values: OptionValues;
	readonly positionals: readonly string[];
	/** The home folder chosen by `--home`, `FESTIVAL_HOME` or the default (not created yet). */
	home(): Home;
	/** Reads a FILE argument as text (`-` is standard input); a missing file is a {@link CliError}. */
	readText(file: string): Promise<string>;
	/** Resolves a FILE argument against the working directory. */
	path(file: string): string;
}

/** A command: its words (`['id', 'new']`), how it is called, and what it does. */
export interface Command {
	readonly name: readonly string[];
	/** Arguments and options after the name, for usage lines: `[--name NAME] [--force]`. */
	readonly args: string;
	/** One line saying what it does. */
	readonly summary: string;
	readonly options?: OptionsConfig;
	/** Names of positional arguments; all are required unless `optional` says how many may be left out. */
	readonly positionals?: readonly string[];
	readonly optionalPositionals?: number;
	/** Runs the command; resolves to the exit code. Throws {@link CliError} for a person's mistake. */
	run(ctx: CommandContext): Promise<number>;
}

/** A failure to report on stderr without a stack trace; `exitCode` defaults to 1. */
export class CliError extends Error {
	override readonly name: string = 'CliError';
	constructor(
		message: string,
		readonly exitCode = 1
	) {
		super(message);
	}
}

/** A wrongly called command: reported with the command's usage, exit code 2. */
export class UsageError extends CliError {
	override readonly name = 'UsageError';
	constructor(message: string) {
		super(message, 2);
	}
}

/** A string option's value, if given. */
export function stringOption(values: OptionValues, name: string): string | undefined {
	const v = values[name];
	return typeof v === 'string' ? v : undefined;
}

/** Whether a boolean option was given. */
export function flag(values: OptionValues, name: string): boolean {
	return values[name] === true;
}

/** Writes one line to a writer. */
export function println(w: Writer, line = ''): void {
	w.write(line + '\n');
}
