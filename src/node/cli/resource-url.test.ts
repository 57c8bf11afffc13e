import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-io.js';

let home: string;
let fest: string;
const run = (...args: string[]) =>
	runCli(['--home', home, ...args], { cwd: home, env: { TZ: 'UTC' } });

beforeAll(async () => {
	home = await mkdtemp(join(tmpdir(), 'festival-cli-url-'));
	expect((await run('id', 'new', '--name', 'Alice')).code).toBe(0);
	fest = (await run('create', 'Camp', '--tz', 'UTC')).stdout.trim();
});
afterAll(async () => {
	await rm(home, { recursive: true, force: true });
});

const add = (url: string) =>
	run('resource', 'add', fest, '--name', 'Stage', '--kind', 'location', '--url', url);

describe('festival resource add --url', () => {
	it('javascript: location URL: refused, with the scheme named and nothing written', async () => {
		const r = await add('javascript:alert(1)');
		expect(r.code).not.toBe(0);
		expect(r.stderr).toContain(
			"“javascript:alert(1)” has the scheme javascript:; a location's web address must start with http:, https: or geo:"
		);
		const shown = JSON.parse((await run('show', fest, '--json')).stdout) as {
			resources: unknown[];
		};
		expect(shown.resources).toEqual([]);
	});

	it('javascript: location URL: refused in its disguises too (data:, tab inside the scheme, upper case)', async () => {
		for (const url of [
			'data:text/html,<script>alert(1)</script>',
			'java\tscript:alert(1)',
			'JAVASCRIPT:alert(1)',
			'file:///etc/passwd'
		]) {
			const r = await add(url);
			expect(r.code, url).not.toBe(0);
			expect(r.stderr, url).toMatch(/must start with http:, https: or geo:/);
		}
	});

	it('takes https: and geo: addresses', async () => {
		for (const url of ['https://stage.example/live', 'geo:52.52,13.405']) {
			const r = await add(url);
			expect(r.stderr).toBe('');
			expect(r.code).toBe(0);
		}
	});
});
