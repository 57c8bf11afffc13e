/**
 * The layering of ARCHITECTURE.md is enforced by lint rules (eslint.config.js). These tests lint
 * small sources placed at real paths of each layer and check that every import across a layer
 * fails, and that the imports a layer may make pass.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The `no-restricted-imports` messages ESLint reports for `source` placed at `path`. */
async function restricted(path: string, source: string): Promise<string[]> {
	const [result] = await eslint.lintText(source, { filePath: path });
	return (result?.messages ?? [])
		.filter((m) => m.ruleId === 'no-restricted-imports')
		.map((m) => m.message);
}

const importOf = (spec: string) => `import * as m from '${spec}';\nexport const x = m;\n`;

describe('layering rules', () => {
	const core = 'src/lib/core/festival/probe.ts';
	it.each([
		['$lib/ui/app.svelte.js'],
		['../../ui/app.svelte.js'],
		['../../../node/home.js'],
		['svelte'],
		['svelte/store'],
		['$app/navigation'],
		['node:fs'],
		['fs'],
		['fs/promises'],
		['path'],
		['crypto'],
		['ws'],
		['node-datachannel/polyfill']
	])('core may not import %s', async (spec) => {
		expect(await restricted(core, importOf(spec))).toHaveLength(1);
	});

	it.each([
		['../crypto/ed25519.js'],
		['../net/ice.js'],
		['@automerge/automerge'],
		['../../bytes.js']
	])('core may import %s', async (spec) => {
		expect(await restricted(core, importOf(spec))).toEqual([]);
	});

	it('core tests may use Node built-ins but not the UI', async () => {
		const test = 'src/lib/core/festival/probe.test.ts';
		expect(await restricted(test, importOf('node:fs'))).toEqual([]);
		expect(await restricted(test, importOf('../../ui/app.svelte.js'))).toHaveLength(1);
	});

	it.each([
		['../store/index.js'],
		['../festival/festival.js'],
		['../sync/sync.js'],
		['../net/wire.js']
	])('the log layer may not import %s', async (spec) => {
		expect(await restricted('src/lib/core/log/probe.ts', importOf(spec))).toHaveLength(1);
	});

	it('the log layer may import crypto and bytes', async () => {
		const log = 'src/lib/core/log/probe.ts';
		expect(await restricted(log, importOf('../crypto/ed25519.js'))).toEqual([]);
		expect(await restricted(log, importOf('../bytes.js'))).toEqual([]);
	});

	it.each([
		['src/lib/ui/festival/probe.ts', '../../../node/home.js'],
		['src/lib/ui/festival/probe.ts', 'node:fs'],
		['src/routes/probe.ts', '../node/cli/session.js'],
		['src/routes/probe.ts', 'ws']
	])('the UI (%s) may not import %s', async (path, spec) => {
		expect(await restricted(path, importOf(spec))).toHaveLength(1);
	});

	it('the UI may import core and Svelte', async () => {
		const ui = 'src/lib/ui/festival/probe.ts';
		expect(await restricted(ui, importOf('../../core/festival/festival.js'))).toEqual([]);
		expect(await restricted(ui, importOf('svelte'))).toEqual([]);
	});

	it('a Svelte component in the UI may not import Node programs', async () => {
		// Linted as the text of a real component: the TypeScript project must know the file.
		const source = `<script lang="ts">\n\timport { homeDir } from '../../../node/home.js';\n\tconsole.log(homeDir);\n</script>\n`;
		expect(await restricted('src/lib/ui/festival/StatusBadge.svelte', source)).toHaveLength(1);
	});
});
