/**
 * Repeating events on the command line: `event add --repeat`, the series in `show --json`,
 * each occurrence decided on its own, the rule's problems worded, `event series-rm`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-io.js';

let home: string;
let fest: string;
let stage: string;
const run = (...args: string[]) =>
	runCli(['--home', home, ...args], { cwd: home, env: { TZ: 'UTC' } });

interface Shown {
	events: { id: string; title: string; start: string; series?: { id: string; index: number } }[];
	series: {
		id: string;
		title: string;
		occurrences: { event: string; index: number; start: string; status: string }[];
	}[];
}
const shown = async () => JSON.parse((await run('show', fest, '--json')).stdout) as Shown;

beforeAll(async () => {
	home = await mkdtemp(join(tmpdir(), 'festival-cli-series-'));
	expect((await run('id', 'new', '--name', 'Alice')).code).toBe(0);
	fest = (await run('create', 'Camp', '--tz', 'Europe/Berlin')).stdout.trim();
	const r = await run('resource', 'add', fest, '--name', 'Stage', '--kind', 'location');
	stage = r.stdout.trim();
});
afterAll(async () => {
	await rm(home, { recursive: true, force: true });
});

const add = (...more: string[]) =>
	run(
		'event',
		'add',
		fest,
		'--title',
		'Yoga',
		'--start',
		'2026-03-20T10:00',
		'--end',
		'2026-03-20T11:00',
		...more
	);

describe('event add --repeat', () => {
	it.each([
		[['--repeat', 'daily'], '--repeat needs one of --until DATE or --count N'],
		[['--repeat', 'monthly', '--count', '2'], '--repeat must be daily or weekly, not "monthly"'],
		[['--repeat', 'daily', '--count', '1000'], 'a series has at most 366 occurrences'],
		[['--repeat', 'daily', '--until', '2030-01-01'], 'a series has at most 366 occurrences'],
		[['--repeat', 'daily', '--until', '2026-02-30'], '--until must be a date like 2026-07-01'],
		[['--repeat', 'weekly', '--count', '2', '--on', 'mon,xyz'], '--on takes days like mon,wed'],
		[['--repeat', 'daily', '--count', '1', '--except', '2026-03-20'], 'leaves no occurrence'],
		[['--count', '3'], '--until, --count, --on and --except go with --repeat'],
		[['--repeat', 'daily', '--count', '2', '--on', 'mon'], '--on goes with --repeat weekly']
	])('%j: refused, worded, nothing written', async (args, words) => {
		const r = await add(...(args as string[]));
		expect(r.code).not.toBe(0);
		expect(r.stderr).toContain(words);
		expect((await shown()).events).toEqual([]);
	});

	it('weekly on two days with an exception: one event per occurrence, wall-clock time kept', async () => {
		const r = await add(
			'--request',
			stage,
			'--repeat',
			'weekly',
			'--on',
			'fri,mon',
			'--until',
			'2026-03-30',
			'--except',
			'2026-03-23'
		);
		expect(r.stderr).toBe('');
		const ids = r.stdout.trim().split('\n');
		expect(ids).toHaveLength(3);
		const s = await shown();
		// Berlin moves to summer time on 29 March: 10:00 is then 08:00 UTC.
		expect(s.events.map((e) => [e.id, e.start, e.series?.index])).toEqual([
			[ids[0], '2026-03-20T09:00:00Z', 0],
			[ids[1], '2026-03-27T09:00:00Z', 2],
			[ids[2], '2026-03-30T08:00:00Z', 3]
		]);
		expect(s.series).toHaveLength(1);
		expect(s.series[0]!.occurrences.map((o) => [o.event, o.status])).toEqual([
			[ids[0], 'confirmed'],
			[ids[1], 'confirmed'],
			[ids[2], 'confirmed']
		]);
		// Each occurrence is decided on its own.
		expect((await run('decide', fest, ids[1]!, stage, 'deny')).code).toBe(0);
		expect((await shown()).series[0]!.occurrences.map((o) => o.status)).toEqual([
			'confirmed',
			'denied',
			'confirmed'
		]);
		// The summary marks occurrences.
		expect((await run('show', fest)).stdout).toContain('repeats (series');

		// This and the following, then the rest.
		const following = await run('event', 'series-rm', fest, ids[1]!, '--following');
		expect(following.stdout).toContain('removed 2 occurrences of "Yoga"');
		expect((await shown()).events.map((e) => e.id)).toEqual([ids[0]]);
		const rest = await run('event', 'series-rm', fest, ids[0]!);
		expect(rest.stdout).toContain('removed 1 occurrence of "Yoga"');
		expect((await shown()).series).toEqual([]);
	});

	it('series-rm refuses an event that is no occurrence', async () => {
		const one = (await add()).stdout.trim();
		const r = await run('event', 'series-rm', fest, one);
		expect(r.stderr).toContain('is not an occurrence of a series');
		await run('event', 'rm', fest, one);
	});
});
