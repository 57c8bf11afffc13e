/**
 * Groups through the CLI: a group of two owns a resource, a third person's request is decided
 * by either member, a removed member's later decision counts for nothing, and people who are
 * not admins or members are refused.
 */
import { describe, expect, it } from 'vitest';
import { cliHomes } from './homes.fixture.js';

interface Show {
	resources: { id: string; owner: string; ownerName: string | null; members?: string[] }[];
	events: {
		id: string;
		requests: { resource: string; status: string; history: { by: string; verdict: string }[] }[];
	}[];
	groups: { id: string; name: string; members: { key: string; admin: boolean }[] }[];
}

const homes = cliHomes<Show>('groups');

const send = homes.send;

describe('groups', () => {
	it('a group of two owns a resource; either member decides; a removed member no longer does', async () => {
		const alice = await homes.person('alice');
		const bob = await homes.person('bob');
		const carol = await homes.person('carol');
		const fest = await alice.ok('create', 'Camp', '--tz', 'UTC');
		const crew = await alice.ok('group', 'create', fest, 'Stage crew');
		expect(crew).toMatch(/^[0-9a-f]{32}$/);
		await alice.ok('group', 'add', fest, crew.slice(0, 8), bob.key);
		const hall = await alice.ok(
			'resource',
			'add',
			fest,
			'--name',
			'Hall',
			'--kind',
			'location',
			'--owner',
			crew
		);
		await send(alice, fest, bob, carol);
		let view = await carol.show(fest);
		expect(view.resources[0]).toMatchObject({ id: hall, owner: crew, ownerName: 'Stage crew' });
		expect(view.groups[0]!.members.map((m) => [m.key, m.admin])).toEqual([
			[alice.key, true],
			[bob.key, false]
		]);

		const talk = await carol.ok(
			'event',
			'add',
			fest,
			'--title',
			'Talk',
			'--start',
			'2026-07-01T10:00',
			'--end',
			'2026-07-01T11:00',
			'--request',
			hall
		);
		await send(carol, fest, bob, alice);
		// Not a member: refused.
		const refused = await carol.run('decide', fest, talk, hall, 'accept');
		expect(refused.code).not.toBe(0);
		expect(refused.stderr).toMatch(/only the members of group "Stage crew"/);
		// Bob, a member, accepts from his home.
		await bob.ok('decide', fest, talk, hall, 'accept');
		await send(bob, fest, alice);
		view = await alice.show(fest);
		const q = () => view.events.find((e) => e.id === talk)!.requests[0]!;
		expect(q().status).toBe('accepted');
		expect(q().history.map((h) => [h.by, h.verdict])).toEqual([[bob.key, 'accept']]);

		// Bob is not an admin: he cannot add anyone.
		const notAdmin = await bob.run('group', 'add', fest, crew, carol.key);
		expect(notAdmin.code).not.toBe(0);
		expect(notAdmin.stderr).toMatch(/only the creator .* or its admins/);

		// Alice removes Bob; Bob, not having heard, denies: his decision counts for nothing.
		await alice.ok('group', 'rm', fest, crew, bob.key);
		await bob.ok('decide', fest, talk, hall, 'deny');
		await send(bob, fest, alice);
		view = await alice.show(fest);
		expect(view.groups[0]!.members.map((m) => m.key)).toEqual([alice.key]);
		expect(q().status).toBe('accepted');
		expect(q().history.map((h) => h.by)).toEqual([bob.key]);
		// Once Bob has heard of it, he is refused.
		await send(alice, fest, bob);
		const removed = await bob.run('decide', fest, talk, hall, 'deny');
		expect(removed.stderr).toMatch(/only the members/);
	});

	it('only members make a group the owner of a resource', async () => {
		const alice = await homes.person('alice');
		const mallory = await homes.person('mallory');
		const fest = await alice.ok('create', 'Camp', '--tz', 'UTC');
		const crew = await alice.ok('group', 'create', fest, 'Crew');
		await send(alice, fest, mallory);
		const r = await mallory.run(
			'resource',
			'add',
			fest,
			'--name',
			'Fake',
			'--kind',
			'thing',
			'--owner',
			crew
		);
		expect(r.stderr).toMatch(/not a member of group "Crew"/);
		expect((await alice.ok('group', 'list', fest)).split('\n')[0]).toBe(`${crew}  Crew`);
	});
});
