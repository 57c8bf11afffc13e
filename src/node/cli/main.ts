/**
 * The `festival` CLI process: `npm run cli -- ARGS` or the `festival` bin. All behaviour is in
 * {@link run}; this file only binds it to the process.
 * @module
 */
import { run } from './run.js';

async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

process.exitCode = await run(process.argv.slice(2), {
	stdout: process.stdout,
	stderr: process.stderr,
	env: process.env,
	cwd: process.cwd(),
	stdin: readStdin
});
