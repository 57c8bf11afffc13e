/**
 * The festival commands end to end, in-process, across several homes (Alice, Bob, Mallory)
 * that exchange bundles as files.
 */
import { describe, expect, it } from 'vitest';
import { festivalHomes, HOUR, status } from './festival.fixture.js';

const { person, send } = festivalHomes('fest');

describe('festival CLI across homes', () => {
	it('manual policy: Bob requests Alice’s room, Alice accepts, Bob sees it accepted', async () => {
		const alice = await person('alice');
		const bob = await person('bob');
		const fest = await alice.ok('create', 'Summer camp', '--tz', 'Europe/Berlin');
		expect(fest).toMatch(/^[0-9a-f]{64}$/);
		const room = await alice.ok(
			'resource',
			'add',
			fest.slice(0, 8),
			'--name',
			'Main hall',
			'--kind',
			'location',
			'--policy',
			'manual',
			'--lat',
			'52.5',
			'--lon',
			'13.4',
			'--address',
			'Hauptstr. 1'
		);
		expect(room).toMatch(/^[0-9a-f]{32}$/);
		expect(await send(alice, fest, bob)).toEqual([fest]);

		// Times without an offset are in the festival's zone (Berlin, UTC+2 in July).
		const talk = await bob.ok(
			'event',
			'add',
			fest,
			'--title',
			'Bob talks',
			'--start',
			'2026-07-01T12:00',
			'--end',
			'2026-07-01T13:00',
			'--request',
			room.slice(0, 10),
			'--tag',
			'talk'
		);
		let seen = await bob.show(fest);
		expect(seen.events).toHaveLength(1);
		expect(seen.events[0]).toMatchObject({
			id: talk,
			title: 'Bob talks',
			start: HOUR(10),
			end: HOUR(11),
			owner: bob.key
		});
		expect(seen.events[0]!.requests).toEqual([
			expect.objectContaining({ resource: room, festival: fest, status: 'pending' })
		]);
		expect(seen.resources).toEqual([
			expect.objectContaining({
				id: room,
				name: 'Main hall',
				kind: 'location',
				owner: alice.key,
				policy: 'manual'
			})
		]);

		await send(bob, fest, alice);
		expect(status(await alice.show(fest), talk)).toEqual([['pending', null]]);
		await alice.ok('decide', fest, talk, room, 'accept', '--reason', 'welcome');
		expect(status(await alice.show(fest), talk)).toEqual([['accepted', 'welcome']]);
		await send(alice, fest, bob);
		seen = await bob.show(fest);
		expect(status(seen, talk)).toEqual([['accepted', 'welcome']]);
		const summary = await bob.ok('show', fest);
		expect(summary).toMatch(/Main hall: accepted \(welcome\)/);
		expect(summary).toMatch(/2026-07-01 12:00 – 2026-07-01 13:00 {2}Bob talks/);

		// Mallory holds the same festival but cannot decide on Alice's room.
		const mallory = await person('mallory');
		await send(bob, fest, mallory);
		const r = await mallory.run('decide', fest, talk, room, 'deny', '--reason', 'mine now');
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/only the owner of resource "Main hall" \(.{12}…\) can decide/);
		expect(status(await mallory.show(fest), talk)).toEqual([['accepted', 'welcome']]);
	});

	it('first-come: Alice’s client decides Bob’s overlapping requests on import; the second is "taken"', async () => {
		const alice = await person('alice');
		const bob = await person('bob');
		const fest = await alice.ok('create', 'Hackdays', '--tz', 'UTC');
		const beamer = await alice.ok(
			'resource',
			'add',
			fest,
			'--name',
			'Beamer',
			'--kind',
			'thing',
			'--policy',
			'first-come'
		);
		await send(alice, fest, bob);
		const first = await bob.ok(
			'event',
			'add',
			fest,
			'--title',
			'First',
			'--start',
			HOUR(10),
			'--end',
			HOUR(11),
			'--request',
			beamer
		);
		const second = await bob.ok(
			'event',
			'add',
			fest,
			'--title',
			'Second',
			'--start',
			HOUR(10, 30),
			'--end',
			HOUR(12),
			'--request',
			beamer
		);
		// Bob is not the owner: his client decides nothing.
		expect(status(await bob.show(fest), first)).toEqual([['pending', null]]);
		await send(bob, fest, alice);
		let seen = await alice.show(fest);
		expect(status(seen, first)).toEqual([['accepted', null]]);
		expect(status(seen, second)).toEqual([['denied', 'taken']]);
		await send(alice, fest, bob);
		seen = await bob.show(fest);
		expect(status(seen, first)).toEqual([['accepted', null]]);
		expect(status(seen, second)).toEqual([['denied', 'taken']]);
		// Alice's own request is decided by her client at once.
		const late = await alice.ok(
			'event',
			'add',
			fest,
			'--title',
			'Late',
			'--start',
			HOUR(12),
			'--end',
			HOUR(13),
			'--request',
			beamer
		);
		expect(status(await alice.show(fest), late)).toEqual([['accepted', null]]);
		// Re-importing the same bundle is harmless.
		await send(bob, fest, alice);
		expect(status(await alice.show(fest), second)).toEqual([['denied', 'taken']]);
	});

	it('child festivals request their parent’s resources; the owner decides from the child’s bundle', async () => {
		const alice = await person('alice');
		const bob = await person('bob');
		const fest = await alice.ok('create', 'Big festival');
		const stage = await alice.ok(
			'resource',
			'add',
			fest,
			'--name',
			'Stage',
			'--kind',
			'location',
			'--url',
			'https://stage.example/live'
		);
		const kids = await alice.ok('child', 'add', fest, 'Kids corner');
		expect(kids).toMatch(/^[0-9a-f]{64}$/);
		expect((await send(alice, kids, bob)).sort()).toEqual([fest, kids].sort());
		const puppets = await bob.ok(
			'event',
			'add',
			kids,
			'--title',
			'Puppets',
			'--start',
			HOUR(9),
			'--end',
			HOUR(10),
			'--request',
			stage
		);
		let seen = await bob.show(kids);
		expect(seen.events[0]!.requests).toEqual([
			expect.objectContaining({ resource: stage, festival: fest, status: 'pending' })
		]);
		await send(bob, kids, alice);
		// The owner may name the parent festival: the event is found in its sub-festivals.
		await alice.ok('decide', fest, puppets, stage, 'accept');
		await send(alice, fest, bob);
		seen = await bob.show(kids);
		expect(status(seen, puppets)).toEqual([['accepted', null]]);
		const parent = await bob.show(fest);
		expect(parent).toMatchObject({ children: [{ id: kids, name: 'Kids corner' }] });
		// A resource of the child is not visible to the parent's events.
		const sandbox = await bob.ok(
			'resource',
			'add',
			kids,
			'--name',
			'Sandbox',
			'--kind',
			'location'
		);
		const r = await bob.run(
			'event',
			'add',
			fest,
			'--title',
			'X',
			'--start',
			HOUR(9),
			'--end',
			HOUR(10),
			'--request',
			sandbox
		);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/unknown resource .* \(not in Big festival\)/);
	});

	it('fork: everything so far, owners kept, the original untouched', async () => {
		const alice = await person('alice');
		const bob = await person('bob');
		const fest = await alice.ok('create', 'Original');
		const room = await alice.ok(
			'resource',
			'add',
			fest,
			'--name',
			'Room',
			'--kind',
			'location',
			'--policy',
			'first-come'
		);
		await send(alice, fest, bob);
		const fork = await bob.ok('fork', fest, 'Bob’s version');
		expect(fork).toMatch(/^[0-9a-f]{64}$/);
		expect(fork).not.toBe(fest);
		const event = await bob.ok(
			'event',
			'add',
			fork,
			'--title',
			'Only in the fork',
			'--start',
			HOUR(9),
			'--end',
			HOUR(10),
			'--request',
			room
		);
		const seen = await bob.show(fork);
		expect(seen.name).toBe('Bob’s version');
		expect(seen.resources).toEqual([expect.objectContaining({ id: room, owner: alice.key })]);
		expect((await bob.show(fest)).events).toEqual([]);
		// Alice gets the fork; her client decides the request for her room in it.
		await send(bob, fork, alice);
		expect(status(await alice.show(fork), event)).toEqual([['accepted', null]]);
		expect((await alice.show(fest)).events).toEqual([]);
		expect((await alice.ok('list')).split('\n')).toHaveLength(2);
	});
});
