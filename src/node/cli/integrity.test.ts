/**
 * Integrity attacks through the real CLI: hostile bundles (validly signed by Mallory) imported
 * with `festival bundle import`. Each test is named after the attack it reproduces. Mallory's
 * entries are crafted in memory with the core library, then written as a bundle file next to
 * Alice's honest entries.
 */
import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
	type Show,
	person,
	HOUR,
	exported,
	bundleFile,
	alicesFestival,
	seqAttack,
	junkAttack,
	REFUSED_SUMMARY,
	titles
} from './integrity.fixture.js';

describe('changes Automerge cannot apply', () => {
	it('changes Automerge cannot apply in a bundle: a duplicate and a skipped seq of Mallory’s next to Alice’s honest entries import without an unexpected error; the honest entries are kept, Mallory’s duplicated log counts for nothing', async () => {
		const { alice, fest, hall, opening, honest } = await alicesFestival();
		const { mal, hostile } = await seqAttack(fest, honest);
		// Mallory's entries come first in the file: the honest ones after them must not be lost.
		const path = await bundleFile('seq-attack', fest, [...hostile, ...honest]);

		const bob = await person('bob');
		const r = await bob.run('bundle', 'import', path);
		expect(r.stderr).not.toMatch(/unexpected error/);
		expect(r.code, r.stderr).toBe(3);
		expect(r.stdout.trim()).toBe(fest);
		expect(r.stderr).toMatch(/refused.*repeats seq 1 of its actor/);
		expect(r.stderr).toMatch(REFUSED_SUMMARY);

		const check = (s: Show) => {
			expect(s.name).toBe('Summer camp');
			expect(s.resources).toEqual([
				expect.objectContaining({ id: hall, name: 'Hall', owner: alice.key })
			]);
			expect(s.events).toEqual([
				expect.objectContaining({ id: opening, title: 'Opening', owner: alice.key })
			]);
			// Neither the change applied first ('Mallory one') nor its duplicate nor the skip counts.
			expect(s.events.some((e) => e.owner === mal.m.identity.author)).toBe(false);
			const problems = s.problems.map((p) => `${p.where}: ${p.reason}`).join('\n');
			expect(problems).toMatch(/seq 1/);
			expect(problems).toMatch(new RegExp(mal.m.identity.author.slice(0, 8)));
			expect(problems).toMatch(/forked|ignored/);
		};
		const first = await bob.show(fest);
		check(first);
		// A new run (a restart) still reads the festival, the same.
		const second = await bob.show(fest);
		check(second);
		expect(second).toEqual(first);
		expect(await bob.ok('show', fest)).toMatch(/Opening/);
	});

	it('changes Automerge cannot apply, relayed: Carol importing Bob’s export sees what Bob sees, and Alice’s later edits still apply for both', async () => {
		const { alice, fest, honest } = await alicesFestival();
		const { mal, hostile } = await seqAttack(fest, honest);
		const bob = await person('bob');
		expect(
			(
				await bob.run(
					'bundle',
					'import',
					await bundleFile('seq-attack', fest, [...hostile, ...honest])
				)
			).code
		).toBe(3);
		const carol = await person('carol');
		const relayed = await carol.run('bundle', 'import', (await exported(bob, fest)).path);
		expect(relayed.stderr).not.toMatch(/unexpected error/);
		expect([0, 3]).toContain(relayed.code);
		expect(relayed.stdout.trim()).toBe(fest);
		const atBob = await bob.show(fest);
		const atCarol = await carol.show(fest);
		expect(titles(atCarol)).toEqual(titles(atBob));
		expect(atCarol.events.some((e) => e.owner === mal.m.identity.author)).toBe(false);

		await alice.ok(
			'event',
			'add',
			fest,
			'--title',
			'Closing',
			'--start',
			HOUR(20),
			'--end',
			HOUR(21)
		);
		const later = (await exported(alice, fest)).path;
		for (const who of [bob, carol]) {
			const r = await who.run('bundle', 'import', later);
			expect(r.code, r.stderr).toBe(0);
			expect(titles(await who.show(fest))).toEqual(['Closing', 'Opening']);
		}
	});
});

describe('refused entries', () => {
	it('refused entries are stored and relayed: garbage payloads and entries of another festival were kept and passed on; now they are refused, listed among the problems (also after a restart), and the next export does not grow by them', async () => {
		const { alice, fest, hall, opening, original, honest } = await alicesFestival();
		const { mal, hostile } = await junkAttack(fest, honest);
		const path = await bundleFile('junk-attack', fest, [...hostile, ...honest]);
		expect((await stat(path)).size).toBeGreaterThan(200_000);

		const bob = await person('bob');
		const r = await bob.run('bundle', 'import', path);
		expect(r.stderr).not.toMatch(/unexpected error/);
		expect(r.code, r.stderr).toBe(3);
		expect(r.stdout.trim()).toBe(fest);
		expect(r.stderr).toMatch(REFUSED_SUMMARY);
		expect(r.stderr.split('\n').filter((l) => /: refused/.test(l)).length).toBeGreaterThanOrEqual(
			2
		);

		const check = (s: Show) => {
			expect(s.resources).toEqual([expect.objectContaining({ id: hall, owner: alice.key })]);
			expect(s.events).toEqual([
				expect.objectContaining({ id: opening, title: 'Opening', owner: alice.key })
			]);
			const refusals = s.problems.filter((p) => p.reason.startsWith('refused: '));
			expect(refusals.length).toBeGreaterThanOrEqual(2);
			expect(refusals.every((p) => p.festival === fest)).toBe(true);
			expect(refusals.some((p) => p.where.includes(mal.m.identity.author.slice(0, 8)))).toBe(true);
		};
		const first = await bob.show(fest);
		check(first);
		const second = await bob.show(fest);
		check(second);
		expect(second.problems).toEqual(first.problems);

		// Bob passes the festival on: neither the garbage nor the other festival's entries travel.
		const again = await exported(bob, fest);
		expect(again.bytes.length - original.bytes.length).toBeLessThan(4_000);
		const carol = await person('carol');
		const relayed = await carol.run('bundle', 'import', again.path);
		expect([0, 3]).toContain(relayed.code);
		expect(titles(await carol.show(fest))).toEqual(['Opening']);
		expect((await carol.ok('list')).split('\n')).toHaveLength(1);
	});
});
