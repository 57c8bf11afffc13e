/**
 * `festival export` and `festival import schedule`, in-process, with the shared schedule.json
 * samples (tests/fixtures/schedule).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample, scheduleValidator } from '../../lib/core/interop/schedule.fixture.js';
import { runCli } from './test-io.js';

const samples = fileURLToPath(new URL('../../../tests/fixtures/schedule/', import.meta.url));
const validate = scheduleValidator();

let tmp: string;
beforeAll(async () => {
	tmp = await mkdtemp(join(tmpdir(), 'festival-cli-interop-'));
});
afterAll(async () => {
	await rm(tmp, { recursive: true, force: true });
});

let n = 0;
async function person(name: string) {
	const home = join(tmp, `${name}-${n++}`);
	const run = (args: string[], stdin?: string) =>
		runCli(['--home', home, ...args], {
			cwd: tmp,
			env: { TZ: 'UTC' },
			...(stdin !== undefined ? { stdin } : {})
		});
	const ok = async (...args: string[]) => {
		const r = await run(args);
		expect(r.stderr, args.join(' ')).toBe('');
		expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
		return r.stdout;
	};
	const key = (await ok('id', 'new', '--name', name)).trim();
	return { home, key, run, ok };
}

const vevents = (ics: string) => new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');

describe('festival export', () => {
	it('writes iCalendar for the festival, one location and my agenda, and schedule.json', async () => {
		const alice = await person('alice');
		const fest = (await alice.ok('create', 'Camp', '--tz', 'Europe/Berlin')).trim();
		const hall = (
			await alice.ok(
				'resource',
				'add',
				fest,
				'--name',
				'Main hall',
				'--kind',
				'location',
				'--policy',
				'first-come',
				'--lat',
				'52.5',
				'--lon',
				'13.4',
				'--address',
				'Hauptstr. 1'
			)
		).trim();
		const stream = (
			await alice.ok(
				'resource',
				'add',
				fest,
				'--name',
				'Stream',
				'--kind',
				'location',
				'--url',
				'https://meet.example/camp'
			)
		).trim();
		const talk = (
			await alice.ok(
				'event',
				'add',
				fest,
				'--title',
				'Opening, with; punctuation',
				'--start',
				'2026-07-01T10:00',
				'--end',
				'2026-07-01T11:00',
				'--request',
				hall,
				'--tag',
				'talk'
			)
		).trim();
		const online = (
			await alice.ok(
				'event',
				'add',
				fest,
				'--title',
				'Online',
				'--start',
				'2026-07-01T12:00',
				'--end',
				'2026-07-01T13:00',
				'--request',
				stream
			)
		).trim();

		const ics = await alice.ok('export', fest.slice(0, 10), '--format', 'ics');
		const all = vevents(ics);
		expect(all.map((v) => v.getFirstPropertyValue('uid')).sort()).toEqual(
			[`${talk}@${fest}`, `${online}@${fest}`].sort()
		);
		const opening = all.find((v) => v.getFirstPropertyValue('uid') === `${talk}@${fest}`)!;
		expect(opening.getFirstPropertyValue('summary')).toBe('Opening, with; punctuation');
		expect(opening.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Berlin');
		expect(opening.getFirstPropertyValue('dtstart')!.toString()).toBe('2026-07-01T10:00:00');
		expect(opening.getFirstPropertyValue('location')).toBe('Main hall, Hauptstr. 1');
		expect(opening.getFirstPropertyValue('status')).toBe('CONFIRMED'); // first-come accepted it
		const pending = all.find((v) => v.getFirstPropertyValue('uid') === `${online}@${fest}`)!;
		// Alice's own request for her free stream: accepted at once, whatever its policy.
		expect(pending.getFirstPropertyValue('status')).toBe('CONFIRMED');
		expect(pending.getFirstPropertyValue('url')).toBe('https://meet.example/camp');

		const one = await alice.ok(
			'export',
			fest,
			'--format',
			'ics',
			'--location',
			stream.slice(0, 20)
		);
		expect(vevents(one).map((v) => v.getFirstPropertyValue('summary'))).toEqual(['Online']);

		// Bob's agenda: only his own event, once he has the festival.
		const bob = await person('bob');
		const bundle = join(tmp, `b-${n++}.bin`);
		await alice.ok('bundle', 'export', fest, bundle);
		await bob.ok('bundle', 'import', bundle);
		await bob.ok(
			'event',
			'add',
			fest,
			'--title',
			'Bob’s',
			'--start',
			'2026-07-02T10:00',
			'--end',
			'2026-07-02T11:00'
		);
		expect(
			vevents(await bob.ok('export', fest, '--format', 'ics', '--agenda')).map((v) =>
				v.getFirstPropertyValue('summary')
			)
		).toEqual(['Bob’s']);
		expect(vevents(await alice.ok('export', fest, '--format', 'ics', '--agenda'))).toHaveLength(2);

		const file = join(tmp, 'camp.json');
		expect(await alice.ok('export', fest, '--format', 'schedule-json', '-o', file)).toBe('');
		const json = JSON.parse(await readFile(file, 'utf8'));
		expect(validate(json)).toEqual([]);
		expect(json.schedule.conference.title).toBe('Camp');
		expect(json.schedule.conference.days[0].rooms['Main hall'][0].title).toBe(
			'Opening, with; punctuation'
		);
	});

	it('says what is wrong with a call', async () => {
		const alice = await person('alice');
		const fest = (await alice.ok('create', 'Camp')).trim();
		const cases: [string[], number, RegExp][] = [
			[['export', fest], 2, /--format is required/],
			[['export', fest, '--format', 'pdf'], 1, /--format must be ics or schedule-json, not "pdf"/],
			[['export', fest, '--format', 'schedule-json', '--agenda'], 2, /are for --format ics/],
			[
				['export', fest, '--format', 'ics', '--agenda', '--location', 'ab'],
				2,
				/do not go together/
			],
			[['export', fest, '--format', 'ics', '--location', 'abcdef'], 1, /unknown resource abcdef/],
			[['export', 'ffff', '--format', 'ics'], 1, /no festival ffff/],
			[
				['export', fest, '--format', 'ics', '-o', join(tmp, 'missing-dir', 'x.ics')],
				1,
				/cannot write .*no such file or directory/
			]
		];
		for (const [args, code, message] of cases) {
			const r = await alice.run(args);
			expect(r.code, args.join(' ')).toBe(code);
			expect(r.stderr, args.join(' ')).toMatch(message);
			expect(r.stdout).toBe('');
		}
	});
});

describe('festival import schedule', () => {
	it('imports the pretalx sample: every room and talk, accepted; the result exports validly', async () => {
		const alice = await person('alice');
		const id = (await alice.ok('import', 'schedule', join(samples, 'pretalx-democon.json'))).trim();
		expect(id).toMatch(/^[0-9a-f]{64}$/);
		const shown = JSON.parse(await alice.ok('show', id, '--json')) as {
			name: string;
			resources: { name: string; owner: string; policy: string }[];
			events: { requests: { status: string }[] }[];
		};
		expect(shown.name).toBe('DemoCon');
		expect(shown.resources.map((r) => [r.name, r.owner, r.policy])).toEqual([
			['Gray Room', alice.key, 'first-come'],
			['Tan Room', alice.key, 'first-come']
		]);
		expect(shown.events).toHaveLength(36);
		expect(shown.events.flatMap((e) => e.requests.map((q) => q.status))).toEqual(
			Array(36).fill('accepted')
		);
		expect((await alice.ok('list')).trim()).toBe(`${id}  DemoCon`);
		const json = JSON.parse(await alice.ok('export', id, '--format', 'schedule-json'));
		expect(validate(json)).toEqual([]);
		expect(vevents(await alice.ok('export', id, '--format', 'ics'))).toHaveLength(36);
	});

	it('imports what it can of the invalid sample (from stdin too) and lists the rest on stderr', async () => {
		const alice = await person('alice');
		for (const r of [
			await alice.run(['import', 'schedule', join(samples, 'invalid-example.json')]),
			await alice.run(['import', 'schedule', '-'], sample('invalid-example.json'))
		]) {
			expect(r.code).toBe(0);
			expect(r.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
			expect(r.stderr).toMatch(
				/^festival: .*: schedule\.rooms: not part of the format .*read anyway\n$/
			);
		}
	});

	it('creates nothing from a file that is not a schedule, and says why', async () => {
		const alice = await person('alice');
		const bad = join(tmp, 'bad.json');
		const cases: [string[], string | undefined, RegExp][] = [
			[
				['import', 'schedule', '-'],
				'this is not json',
				/-: \(file\): not JSON.*\nfestival: nothing in - could be imported/s
			],
			[
				['import', 'schedule', '-'],
				'{"schedule": {"conference": {"days": [17]}}}',
				/days\[0\]: a day must be an object, not number 17/
			],
			[['import', 'schedule', bad], undefined, /cannot read .*bad\.json: no such file/]
		];
		for (const [args, stdin, message] of cases) {
			const r = await alice.run(args, stdin);
			expect(r.code).toBe(1);
			expect(r.stdout).toBe('');
			expect(r.stderr).toMatch(message);
		}
		expect((await alice.ok('list')).trim()).toBe('');
	});
});
