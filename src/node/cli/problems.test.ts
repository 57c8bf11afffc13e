/**
 * The CLI words the problems core's input checks find: each rule refused on the command line
 * with its own sentence, and nothing written.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEvent, checkResource, TEXT_LIMITS } from '../../lib/core/model/index.js';
import { wordProblem } from './problems.js';
import { runCli } from './test-io.js';

let home: string;
let fest: string;
const run = (...args: string[]) =>
	runCli(['--home', home, ...args], { cwd: home, env: { TZ: 'UTC' } });
const shown = async () =>
	JSON.parse((await run('show', fest, '--json')).stdout) as {
		resources: unknown[];
		events: unknown[];
	};

beforeAll(async () => {
	home = await mkdtemp(join(tmpdir(), 'festival-cli-problems-'));
	expect((await run('id', 'new', '--name', 'Alice')).code).toBe(0);
	fest = (await run('create', 'Camp', '--tz', 'UTC')).stdout.trim();
});
afterAll(async () => {
	await rm(home, { recursive: true, force: true });
});

const resource = (...more: string[]) =>
	run('resource', 'add', fest, '--name', 'Stage', '--kind', 'location', ...more);
const event = (...more: string[]) =>
	run(
		'event',
		'add',
		fest,
		'--title',
		'Talk',
		'--start',
		'2026-07-01T10:00',
		'--end',
		'2026-07-01T11:00',
		...more
	);

describe("the CLI words core's input problems", () => {
	it.each([
		[['--name', 'n'.repeat(201)], 'the resource name is longer than 200 characters'],
		[['--name', '  '], 'the resource name must not be empty'],
		[['--lat', '91', '--lon', '0'], '--lat must be a number from -90 to 90, not "91"'],
		[['--lat', '1', '--lon', 'east'], '--lon must be a number from -180 to 180, not "east"'],
		[['--lat', '1'], '--lat and --lon go together'],
		[['--address', ' '], '--address must not be empty'],
		[
			['--capacity', '1e3'],
			'--capacity must be a whole number of at least 1 or unlimited, not "1e3"'
		],
		[['--capacity', '0'], '--capacity must be a whole number of at least 1 or unlimited, not "0"'],
		[['--description', 'd'.repeat(10_001)], 'the description is longer than 10000 characters'],
		[['--url', 'data:text/html,hi'], '--url: “data:text/html,hi” has the scheme data:'],
		[['--url', 'https://x.example/' + 'u'.repeat(2000)], 'the web address is longer than 2000'],
		[['--url', 'ja\u0000vascript:x'], 'is not a web address']
	])('resource add %j: refused, worded, nothing written', async (args, words) => {
		const r = await resource(...(args as string[]));
		expect(r.code).not.toBe(0);
		expect(r.stderr).toContain(words);
		expect((await shown()).resources).toEqual([]);
	});

	it('a place for something not a location', async () => {
		const r = await run(
			'resource',
			'add',
			fest,
			'--name',
			'Van',
			'--kind',
			'thing',
			'--address',
			'Yard'
		);
		expect(r.stderr).toContain('--lat/--lon, --address and --url are for --kind location only');
	});

	it.each([
		[['--title', 't'.repeat(301)], 'the title is longer than 300 characters'],
		[['--title', ' '], 'the title must not be empty'],
		[['--tag', 'g'.repeat(51)], `a tag must be 1 to 50 characters, not "${'g'.repeat(51)}"`],
		[['--tag', ' '], 'a tag must be 1 to 50 characters, not " "']
	])('event add %j: refused, worded, nothing written', async (args, words) => {
		const r = await event(...(args as string[]));
		expect(r.code).not.toBe(0);
		expect(r.stderr).toContain(words);
		expect((await shown()).events).toEqual([]);
	});

	it('create: an over-long name, an unknown zone', async () => {
		expect((await run('create', 'f'.repeat(201))).stderr).toContain(
			'the festival name is longer than 200 characters'
		);
		expect((await run('create', 'X', '--tz', 'Mars/Base')).stderr).toContain(
			'unknown time zone "Mars/Base"'
		);
	});

	it("words every problem core's checks give for the same input", () => {
		const input = {
			name: '',
			kind: 'location' as const,
			capacity: 'x',
			place: { lat: 100, lon: 0, url: 'javascript:1' }
		};
		const r = checkResource(input);
		expect(
			!r.ok && r.problems.map((p) => wordProblem(p, input, { name: 'resource name' }))
		).toEqual([
			'the resource name must not be empty',
			'--capacity must be a whole number of at least 1 or unlimited, not "x"',
			'--lat must be a number from -90 to 90, not "100"',
			"--url: “javascript:1” has the scheme javascript:; a location's web address must start with http:, https: or geo:"
		]);
		const e = {
			title: 'T',
			start: '2026-07-01T11:00:00Z',
			end: '2026-07-01T10:00:00Z',
			tags: ['x'.repeat(TEXT_LIMITS.tag + 1)],
			requests: []
		};
		const c = checkEvent(e);
		expect(!c.ok && c.problems.map((p) => wordProblem(p, e))).toEqual([
			`a tag must be 1 to 50 characters, not "${'x'.repeat(51)}"`,
			'the end must be after the start'
		]);
	});
});
