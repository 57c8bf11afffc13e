#!/usr/bin/env node
// The `festival` command: runs the CLI as built to JavaScript by `npm run build`
// (dist/node/cli.js), so nothing is compiled at start-up. Without a build it says so instead
// of quietly compiling the TypeScript sources (seconds per run); `npm run cli -- ARGS` runs the
// sources on purpose, for development.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/node/cli.js', import.meta.url);
if (existsSync(cli)) {
	// Stacks shown with FESTIVAL_DEBUG=1 point into the TypeScript sources (the build has maps).
	if (process.env.FESTIVAL_DEBUG) process.setSourceMapsEnabled(true);
	await import(cli.href);
} else {
	process.stderr.write(
		'festival: the command line is not built yet: run "npm run build" in the festival folder ' +
			'(or "npm run cli -- ARGS" to run it from the TypeScript sources)\n'
	);
	process.exitCode = 1;
}
