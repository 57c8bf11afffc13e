/**
 * People in the CLI: the name each identity publishes with what it writes, `id name`, names in
 * `show` and in `show --json` (`people`, `ownerName`), and names that could be confused.
 */
import { describe, expect, it } from 'vitest';
import { cliHomes } from './homes.fixture.js';

interface Owned {
	id: string;
	owner: string;
	ownerName: string | null;
}
interface Show {
	resources: Owned[];
	events: Owned[];
	people: { key: string; name: string | null; label: string; note?: string; contact?: string }[];
}

const homes = cliHomes<Show>('people');

const send = homes.send;

const talk = (fest: string, title: string) => [
	'event',
	'add',
	fest,
	'--title',
	title,
	'--start',
	'2026-07-01T12:00',
	'--end',
	'2026-07-01T13:00'
];

describe('people in the CLI', () => {
	it('show --json lists people with their names, and ownerName beside every owner', async () => {
		const alice = await homes.person('Alice');
		const bob = await homes.person('Bob');
		const fest = await alice.ok('create', 'Camp');
		const room = await alice.ok('resource', 'add', fest, '--name', 'Hall', '--kind', 'thing');
		await send(alice, fest, bob);
		const talkId = await bob.ok(...talk(fest, 'Bob talks'));
		await send(bob, fest, alice);
		const s = await alice.show(fest);
		expect(s.people).toEqual([
			{ key: alice.key, name: 'Alice', label: 'Alice' },
			{ key: bob.key, name: 'Bob', label: 'Bob' }
		]);
		expect(s.resources.find((r) => r.id === room)).toMatchObject({
			owner: alice.key,
			ownerName: 'Alice'
		});
		expect(s.events.find((e) => e.id === talkId)).toMatchObject({
			owner: bob.key,
			ownerName: 'Bob'
		});
		const text = await alice.ok('show', fest);
		expect(text).toContain('owner Bob');
		expect(text).toContain(`  ${bob.key}  Bob`);
	});

	it('id name renames: stored, updated in festivals already written to, and refused when hostile', async () => {
		const carol = await homes.person('Carol');
		const fest = await carol.ok('create', 'Camp');
		expect(await carol.ok('id', 'name', 'Caroline')).toBe('Caroline');
		expect(JSON.parse(await carol.ok('id', 'show', '--json')).name).toBe('Caroline');
		expect((await carol.show(fest)).people).toEqual([
			{ key: carol.key, name: 'Caroline', label: 'Caroline' }
		]);
		const bad = await carol.run('id', 'name', 'Caro\u202Eline');
		expect(bad.code).not.toBe(0);
		expect(bad.stderr).toContain('control, direction or invisible characters');
		expect(JSON.parse(await carol.ok('id', 'show', '--json')).name).toBe('Caroline');
	});

	it('id name --note --contact publishes them, keeps them on a rename, and clears one with ""', async () => {
		const dana = await homes.person('Dana');
		const fest = await dana.ok('create', 'Camp');
		await dana.ok('id', 'name', 'Dana', '--note', 'stage crew', '--contact', 'dana@example.org');
		const person = async () => (await dana.show(fest)).people.find((p) => p.key === dana.key);
		expect(await person()).toMatchObject({ note: 'stage crew', contact: 'dana@example.org' });
		await dana.ok('id', 'name', 'Dana B');
		expect(await person()).toMatchObject({
			name: 'Dana B',
			note: 'stage crew',
			contact: 'dana@example.org'
		});
		await dana.ok('id', 'name', 'Dana B', '--note', '');
		const cleared = await person();
		expect(cleared?.note).toBeUndefined();
		expect(cleared?.contact).toBe('dana@example.org');
		expect(JSON.parse(await dana.ok('id', 'show', '--json'))).toMatchObject({
			name: 'Dana B',
			note: null,
			contact: 'dana@example.org'
		});
		const bad = await dana.run('id', 'name', 'Dana', '--contact', 'x\u202Ey');
		expect(bad.code).not.toBe(0);
		expect(bad.stderr).toContain('contact');
		expect(JSON.parse(await dana.ok('id', 'show', '--json')).contact).toBe('dana@example.org');
	});

	it('two people of one name are shown with their short keys', async () => {
		const sam = await homes.person('Sam');
		const other = await homes.person('sam ');
		const fest = await sam.ok('create', 'Camp');
		await send(sam, fest, other);
		await other.ok(...talk(fest, 'Imposter talk'));
		await send(other, fest, sam);
		const s = await sam.show(fest);
		expect(s.people.map((p) => p.label).sort()).toEqual(
			[`Sam (${sam.key.slice(0, 8)})`, `sam (${other.key.slice(0, 8)})`].sort()
		);
		expect(await sam.ok('show', fest)).toContain(`owner sam (${other.key.slice(0, 8)})`);
	});
});
