/**
 * The CLI given bundles of nothing but hostile entries, or the same hostile bundle twice.
 */
import { describe, expect, it } from 'vitest';
import {
	person,
	exported,
	bundleFile,
	stored,
	alicesFestival,
	seqAttack,
	junkAttack,
	REFUSED_SUMMARY
} from './integrity.fixture.js';

describe('hostile bundles, neighbours', () => {
	it('the same hostile bundle imported twice: refused again (exit 3), nothing re-stored, problems not repeated', async () => {
		const { fest, honest, original } = await alicesFestival();
		const seq = await seqAttack(fest, honest);
		const junk = await junkAttack(fest, honest);
		const path = await bundleFile('both-attacks', fest, [
			...seq.hostile,
			...junk.hostile,
			...honest
		]);
		const bob = await person('bob');
		const first = await bob.run('bundle', 'import', path);
		expect(first.code, first.stderr).toBe(3);
		const shown = await bob.show(fest);
		const size = await stored(bob);
		const exportedSize = (await exported(bob, fest)).bytes.length;
		expect(exportedSize - original.bytes.length).toBeLessThan(4_000);

		// The bundle still holds what was refused: the import says so again, and stores nothing new.
		const second = await bob.run('bundle', 'import', path);
		expect(second.stderr).not.toMatch(/unexpected error/);
		expect(second.code, second.stderr).toBe(3);
		expect(second.stdout.trim()).toBe(fest);
		expect(second.stderr).toMatch(REFUSED_SUMMARY);
		expect(await bob.show(fest)).toEqual(shown);
		expect((await stored(bob)) - size).toBeLessThan(4_000);
		expect((await exported(bob, fest)).bytes.length).toBe(exportedSize);
	});

	it('a bundle of nothing but hostile entries, for a festival not held: exit 1, nothing stored', async () => {
		const { fest, honest } = await alicesFestival();
		const seq = await seqAttack(fest, honest);
		const junk = await junkAttack(fest, honest);
		const carol = await person('carol');
		await carol.ok('create', 'Carol’s own');
		const listed = await carol.ok('list');
		const size = await stored(carol);
		const r = await carol.run(
			'bundle',
			'import',
			await bundleFile('only-hostile', fest, [...seq.hostile, ...junk.hostile])
		);
		expect(r.stderr).not.toMatch(/unexpected error/);
		expect(r.code, r.stderr).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr).toMatch(/nothing valid in .* could be imported/);
		expect(await carol.ok('list')).toBe(listed);
		expect((await carol.run('show', fest)).code).toBe(1);
		expect((await stored(carol)) - size).toBeLessThan(1_000);
	});

	it('a bundle of nothing but garbage payloads and another festival’s entries, for a festival held: exit 1, nothing said to be imported, the festival as it was, the next export not grown', async () => {
		const { fest, hall, opening, honest, original } = await alicesFestival();
		const junk = await junkAttack(fest, honest);
		const bob = await person('bob');
		await bob.ok('bundle', 'import', original.path);
		const before = await bob.show(fest);
		const size = await stored(bob);
		const r = await bob.run('bundle', 'import', await bundleFile('only-junk', fest, junk.hostile));
		expect(r.stderr).not.toMatch(/unexpected error/);
		expect(r.code, r.stderr).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr).not.toMatch(/the rest was imported/);
		expect(r.stderr).toMatch(/refused[\s\S]*nothing valid in .* could be imported/);
		const after = await bob.show(fest);
		expect(after.resources.map((x) => x.id)).toEqual([hall]);
		expect(after.events.map((e) => e.id)).toEqual([opening]);
		expect(after.resources).toEqual(before.resources);
		expect(after.events).toEqual(before.events);
		// What was refused is listed; neither the garbage nor the other festival is kept.
		expect(after.problems.some((p) => p.reason.startsWith('refused: '))).toBe(true);
		expect((await stored(bob)) - size).toBeLessThan(8_000);
		expect((await exported(bob, fest)).bytes.length - original.bytes.length).toBeLessThan(1_000);
	});

	it('a bundle of nothing but Mallory’s duplicate and skipped seqs, for a festival held: her entries are kept as evidence (exit 3) and count for nothing, here and for whoever gets them from here', async () => {
		const { fest, honest, original } = await alicesFestival();
		const seq = await seqAttack(fest, honest);
		const bob = await person('bob');
		await bob.ok('bundle', 'import', original.path);
		const before = await bob.show(fest);
		const r = await bob.run('bundle', 'import', await bundleFile('only-seq', fest, seq.hostile));
		expect(r.stderr).not.toMatch(/unexpected error/);
		expect(r.code, r.stderr).toBe(3);
		expect(r.stderr).toMatch(/repeats seq 1 of its actor/);
		const after = await bob.show(fest);
		expect(after.events).toEqual(before.events);
		expect(after.resources).toEqual(before.resources);
		// Passed on with both of its seq-1 changes, the log is void at the next peer too.
		const carol = await person('carol');
		const relayed = await carol.run('bundle', 'import', (await exported(bob, fest)).path);
		expect([0, 3]).toContain(relayed.code);
		expect((await carol.show(fest)).events).toEqual(before.events);
	});
});
