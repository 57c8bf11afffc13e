/**
 * The festival commands given bad input (tampered bundles, bad arguments, forced decisions,
 * removals), in-process, across several homes that exchange bundles as files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { festivalHomes, HOUR, status } from './festival.fixture.js';
import { runCli } from './test-io.js';

const { homes, person, send } = festivalHomes('fest-input');

describe('festival CLI: bad input', () => {
	it('a truncated or tampered bundle: clear errors, existing data intact, honest entries kept', async () => {
		const alice = await person('alice');
		const bob = await person('bob');
		const fest = await alice.ok('create', 'Fest');
		await alice.ok('resource', 'add', fest, '--name', 'Hall', '--kind', 'location');
		const file = `${homes.path('good')}.bin`;
		await alice.ok('bundle', 'export', fest, file);
		const bytes = await readFile(file);
		const own = await bob.ok('create', 'Bob’s own');
		const before = await bob.ok('show', own, '--json');
		const { writeFile } = await import('node:fs/promises');
		for (const cut of [5, 40, bytes.length - 1]) {
			const bad = join(homes.dir(), `cut-${cut}.bin`);
			await writeFile(bad, bytes.subarray(0, cut));
			const r = await bob.run('bundle', 'import', bad);
			expect(r.code).toBe(1);
			expect(r.stdout).toBe('');
			expect(r.stderr).toMatch(
				/is not a usable bundle: the bundle is truncated.*nothing was imported/
			);
		}
		expect(await bob.ok('list')).toBe(`${own}  Bob’s own`);
		expect(await bob.ok('show', own, '--json')).toBe(before);
		// Not a bundle at all; and a missing file.
		await writeFile(join(homes.dir(), 'junk.bin'), 'hello');
		expect((await bob.run('bundle', 'import', 'junk.bin')).stderr).toMatch(/not a festival bundle/);
		expect((await bob.run('bundle', 'import', 'nope.bin')).stderr).toMatch(
			/cannot read nope\.bin: no such file/
		);

		// Flip a byte in the resource's entry (not the genesis): the bundle is well formed, that entry is refused.
		const { readBundle, writeBundle } = await import('../../lib/core/festival/files/bundle.js');
		const { decodeChanges } = await import('../../lib/core/festival/ingest/payload.js');
		const A = await import('@automerge/automerge');
		const isGenesis = (p: Uint8Array) => {
			const c = decodeChanges(p);
			return c.ok && c.value.some((x) => A.decodeChange(x).hash === fest);
		};
		const parsed = readBundle(new Uint8Array(bytes));
		if (!parsed.ok) throw new Error(parsed.error.reason);
		const entries = parsed.value[0]!.entries.map((e) => ({
			bytes: e.bytes,
			...(e.payload ? { payload: e.payload.slice() } : {})
		}));
		const last = entries.findIndex((e) => e.payload && !isGenesis(e.payload));
		entries[last]!.payload![entries[last]!.payload!.length - 3]! ^= 0x40;
		const tampered = join(homes.dir(), 'tampered.bin');
		await writeFile(tampered, writeBundle([{ id: parsed.value[0]!.id, entries }]));
		const r = await bob.run('bundle', 'import', tampered);
		expect(r.code).toBe(3); // imported, with refusals
		expect(r.stderr).toMatch(/1 entry or change was refused \(see above\); the rest was imported/);
		expect(r.stdout.trim()).toBe(fest);
		expect(r.stderr).toMatch(/refused.*payload/);
		const got = await bob.show(fest);
		expect(got.name).toBe('Fest');
		expect(got.resources).toEqual([]); // the tampered entry carried the resource
		// A bundle holding nothing but the tampered entry imports nothing: exit 1, no id printed.
		const only = join(homes.dir(), 'only-tampered.bin');
		await writeFile(only, writeBundle([{ id: parsed.value[0]!.id, entries: [entries[last]!] }]));
		const none = await bob.run('bundle', 'import', only);
		expect(none.code).toBe(1);
		expect(none.stdout).toBe('');
		expect(none.stderr).toMatch(
			/refused[\s\S]*nothing valid in .*only-tampered\.bin could be imported/
		);
	});

	it('refuses bad arguments with a clear message and a non-zero exit, storing nothing', async () => {
		const alice = await person('alice');
		const fest = await alice.ok('create', 'Fest', '--tz', 'Europe/Berlin');
		const room = await alice.ok('resource', 'add', fest, '--name', 'Room', '--kind', 'location');
		const before = await alice.ok('show', fest, '--json');
		const fails = async (pattern: RegExp, ...args: string[]) => {
			const r = await alice.run(...args);
			expect(r.code, args.join(' ')).not.toBe(0);
			expect(r.stdout).toBe('');
			expect(r.stderr).toMatch(pattern);
		};
		const ev = ['event', 'add', fest, '--title', 'T'];
		await fails(
			/"tomorrow" is not an ISO 8601 date-time/,
			...ev,
			'--start',
			'tomorrow',
			'--end',
			HOUR(11)
		);
		await fails(/end .* must come after the start/, ...ev, '--start', HOUR(11), '--end', HOUR(10));
		await fails(/not a real date/, ...ev, '--start', '2026-02-30T10:00', '--end', HOUR(10));
		await fails(
			/unknown resource ffff/,
			...ev,
			'--start',
			HOUR(10),
			'--end',
			HOUR(11),
			'--request',
			'ffff'
		);
		await fails(/--start and --end are required/, ...ev, '--start', HOUR(10));
		await fails(/no festival abcdef in this home/, 'show', 'abcdef');
		await fails(/"xyz" is not a festival id/, 'show', 'xyz');
		await fails(
			/--kind must be one of location, thing, skill, other, not "van"/,
			'resource',
			'add',
			fest,
			'--name',
			'V',
			'--kind',
			'van'
		);
		await fails(
			/--policy must be one of first-come, manual/,
			'resource',
			'add',
			fest,
			'--name',
			'V',
			'--kind',
			'thing',
			'--policy',
			'bribe'
		);
		await fails(
			/--capacity must be a whole number/,
			'resource',
			'add',
			fest,
			'--name',
			'V',
			'--kind',
			'thing',
			'--capacity',
			'0'
		);
		await fails(
			/--lat and --lon go together/,
			'resource',
			'add',
			fest,
			'--name',
			'V',
			'--kind',
			'location',
			'--lat',
			'1'
		);
		await fails(
			/for --kind location only/,
			'resource',
			'add',
			fest,
			'--name',
			'V',
			'--kind',
			'skill',
			'--address',
			'x'
		);
		await fails(
			/--available "x" is not START\/END/,
			'resource',
			'add',
			fest,
			'--name',
			'V',
			'--kind',
			'thing',
			'--available',
			'x'
		);
		await fails(/unknown time zone "Mars\/Base"/, 'create', 'X', '--tz', 'Mars/Base');
		await fails(/the decision is accept, deny or withdraw/, 'decide', fest, 'aa', room, 'maybe');
		await fails(/unknown event aaaa/, 'decide', fest, 'aaaa', room, 'accept');
		const talk = await alice.ok(
			'event',
			'add',
			fest,
			'--title',
			'Talk',
			'--start',
			HOUR(10),
			'--end',
			HOUR(11)
		);
		await fails(/does not request resource/, 'decide', fest, talk, room, 'accept');
		const other = await alice.ok('create', 'Fest 2');
		// Two festivals now; a one-character prefix may be ambiguous, the full id never is.
		const common = [...fest].findIndex((c, i) => c !== other[i]);
		if (common > 0) await fails(/matches 2 festivals/, 'show', fest.slice(0, common));
		expect(JSON.parse(await alice.ok('show', fest, '--json')).resources).toEqual(
			JSON.parse(before).resources
		);

		const nobody = join(homes.dir(), 'nobody');
		const r = await runCli(['--home', nobody, 'create', 'X'], { cwd: homes.dir() });
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/no identity in .*"festival id new"/);
	});

	it('accepting over another accepted request needs --force and then shows a conflict', async () => {
		const alice = await person('alice');
		const fest = await alice.ok('create', 'Fest');
		const room = await alice.ok('resource', 'add', fest, '--name', 'Room', '--kind', 'location');
		const a = await alice.ok(
			'event',
			'add',
			fest,
			'--title',
			'A',
			'--start',
			HOUR(10),
			'--end',
			HOUR(11),
			'--request',
			room
		);
		const b = await alice.ok(
			'event',
			'add',
			fest,
			'--title',
			'B',
			'--start',
			HOUR(10, 30),
			'--end',
			HOUR(11, 30),
			'--request',
			room
		);
		await alice.ok('decide', fest, a, room, 'accept');
		const r = await alice.run('decide', fest, b, room, 'accept');
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/already accepted for an overlapping time \(A\)/);
		await alice.ok('decide', fest, b.slice(0, 20), room.slice(0, 20), 'accept', '--force');
		const seen = await alice.show(fest);
		expect(status(seen, a)[0]![0]).toBe('conflict');
		expect(status(seen, b)[0]![0]).toBe('conflict');
	});
	it('event rm and resource rm: the owner removes; anyone else gets a clear error; the event says its resource was removed', async () => {
		const alice = await person('alice');
		const bob = await person('bob');
		const fest = await alice.ok('create', 'Removals');
		const room = await alice.ok('resource', 'add', fest, '--name', 'Tent', '--kind', 'location');
		await send(alice, fest, bob);
		const talk = await bob.ok(
			'event',
			'add',
			fest,
			'--title',
			'Talk',
			'--start',
			HOUR(10),
			'--end',
			HOUR(11),
			'--request',
			room
		);
		const extra = await bob.ok(
			'event',
			'add',
			fest,
			'--title',
			'Extra',
			'--start',
			HOUR(12),
			'--end',
			HOUR(13)
		);
		await send(bob, fest, alice);

		let r = await alice.run('event', 'rm', fest, talk);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/only its owner \(.{8}\) can remove event "Talk"/);
		r = await bob.run('resource', 'rm', fest, room);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/only its owner .* can remove resource "Tent"/);
		r = await bob.run('event', 'rm', fest, 'ffff');
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/unknown event ffff/);

		expect(await bob.ok('event', 'rm', fest, extra)).toBe(
			`removed event "Extra" (${extra.slice(0, 8)})`
		);
		expect(await alice.ok('resource', 'rm', fest, room)).toBe(
			`removed resource "Tent" (${room.slice(0, 8)})`
		);
		await send(alice, fest, bob);
		const seen = await bob.show(fest);
		expect(seen.events.map((e) => e.title)).toEqual(['Talk']);
		expect(seen.resources).toEqual([]);
		expect(status(seen, talk)).toEqual([['denied', '“Tent” was removed by its owner']]);
	});
});
