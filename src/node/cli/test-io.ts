/**
 * An in-memory {@link CliIo} for tests: collects stdout and stderr.
 * @module
 */
import type { CliIo } from './command.js';
import { run } from './run.js';

/** What a CLI run printed and returned. */
export interface CliOutcome {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

/** Options of {@link runCli}. */
export interface TestIoOptions {
	readonly env?: Record<string, string | undefined>;
	readonly cwd?: string;
	readonly stdin?: string;
}

/** Runs the CLI in-process with collected output. */
export async function runCli(
	argv: readonly string[],
	opts: TestIoOptions = {}
): Promise<CliOutcome> {
	let stdout = '';
	let stderr = '';
	const io: CliIo = {
		stdout: { write: (s: string) => (stdout += s) },
		stderr: { write: (s: string) => (stderr += s) },
		env: opts.env ?? {},
		cwd: opts.cwd ?? '/',
		...(opts.stdin !== undefined ? { stdin: async () => opts.stdin! } : {})
	};
	const code = await run(argv, io);
	return { code, stdout, stderr };
}
