/**
 * Tickets, personal requests and dependent resources through the CLI: `ask`, `decide` on a
 * personal request, `settings --events-need`, `resource add --capacity unlimited --requires`,
 * and what `show --json` lists (`personal`, `unadmitted`), the same on every home.
 */
import { describe, expect, it } from 'vitest';
import { cliHomes, type CliPerson } from './homes.fixture.js';

interface Request {
	resource: string;
	status: string;
	reason?: string;
}
interface Show {
	eventsNeed?: string;
	resources: { id: string; capacity?: number | string; requires?: string[] }[];
	events: { id: string; owner: string; requests: Request[] }[];
	unadmitted: { id: string; owner: string }[];
	personal: {
		id: string;
		person: string;
		personName: string | null;
		resource: string;
		status: string;
	}[];
}

const homes = cliHomes<Show>('access');
type Person = CliPerson<Show>;

const send = homes.send;

const talk = (p: Person, fest: string, ...more: string[]) =>
	p.ok(
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

describe('festival access by ticket', () => {
	it('an event without a ticket is listed apart on every home until its owner gets the ticket', async () => {
		const alice = await homes.person('alice');
		const bob = await homes.person('bob');
		const carol = await homes.person('carol');
		const fest = await alice.ok('create', 'Camp', '--tz', 'UTC');
		const ticket = await alice.ok(
			'resource',
			'add',
			fest,
			'--name',
			'Creator ticket',
			'--kind',
			'other',
			'--capacity',
			'unlimited'
		);
		expect(await alice.ok('settings', fest, '--events-need', ticket.slice(0, 10))).toBe(
			`events now need resource ${ticket}`
		);
		expect(await alice.ok('settings', fest)).toContain(`events need: ${ticket}`);
		await send(alice, fest, bob);
		const ev = await talk(bob, fest);
		let shown = await bob.show(fest);
		expect(shown.events).toEqual([]);
		expect(shown.unadmitted).toEqual([expect.objectContaining({ id: ev, owner: bob.key })]);

		// Bob asks for the ticket; Alice accepts it; the event counts, on every home.
		const q = await bob.ok('ask', fest, ticket);
		await send(bob, fest, alice);
		expect((await alice.show(fest)).personal).toEqual([
			expect.objectContaining({ id: q, person: bob.key, resource: ticket, status: 'pending' })
		]);
		await alice.ok('decide', fest, q, ticket, 'accept');
		await send(alice, fest, carol);
		for (const p of [alice, carol]) {
			shown = await p.show(fest);
			expect(shown.events.map((e) => e.id)).toEqual([ev]);
			expect(shown.unadmitted).toEqual([]);
			expect(shown.personal[0]!.status).toBe('accepted');
		}

		// Withdrawn: the event stops counting.
		await alice.ok('decide', fest, q, ticket, 'withdraw');
		expect((await alice.show(fest)).unadmitted.map((e) => e.id)).toEqual([ev]);

		await alice.ok('settings', fest, '--events-need', 'none');
		expect((await alice.show(fest)).events.map((e) => e.id)).toEqual([ev]);
	});

	it("a non-creator's settings change is refused, and a ticket request is decided by its owner only", async () => {
		const alice = await homes.person('alice');
		const bob = await homes.person('bob');
		const fest = await alice.ok('create', 'Camp', '--tz', 'UTC');
		const ticket = await alice.ok('resource', 'add', fest, '--name', 'Pass', '--kind', 'other');
		await send(alice, fest, bob);
		const refused = await bob.run('settings', fest, '--events-need', ticket);
		expect(refused.code).not.toBe(0);
		expect(refused.stderr).toMatch(/only the festival's creator/);
		expect((await bob.show(fest)).eventsNeed).toBeUndefined();
		const q = await bob.ok('ask', fest, ticket);
		const notOwner = await bob.run('decide', fest, q, ticket, 'accept');
		expect(notOwner.code).not.toBe(0);
		expect(notOwner.stderr).toMatch(/only the owner of resource "Pass"/);
	});
});

describe('unlimited capacity and dependent resources', () => {
	it('unlimited never conflicts; a dependent request waits for what it requires', async () => {
		const alice = await homes.person('alice');
		const fest = await alice.ok('create', 'Camp', '--tz', 'UTC');
		const field = await alice.ok(
			'resource',
			'add',
			fest,
			'--name',
			'Field',
			'--kind',
			'location',
			'--capacity',
			'unlimited',
			'--policy',
			'first-come'
		);
		const bad = await alice.run(
			'resource',
			'add',
			fest,
			'--name',
			'X',
			'--kind',
			'thing',
			'--capacity',
			'lots'
		);
		expect(bad.stderr).toMatch(/--capacity must be a whole number of at least 1 or unlimited/);
		const tent = await alice.ok(
			'resource',
			'add',
			fest,
			'--name',
			'Big Tent',
			'--kind',
			'location'
		);
		const projector = await alice.ok(
			'resource',
			'add',
			fest,
			'--name',
			'Projector',
			'--kind',
			'thing',
			'--requires',
			tent
		);
		const shown = await alice.show(fest);
		expect(shown.resources.find((r) => r.id === field)!.capacity).toBe('unlimited');
		expect(shown.resources.find((r) => r.id === projector)!.requires).toEqual([tent]);

		// Requesting the projector requests the tent too.
		const bob = await homes.person('bob');
		await send(alice, fest, bob);
		const ev = await talk(bob, fest, '--request', projector, '--request', field);
		const ev2 = await talk(bob, fest, '--request', field);
		await send(bob, fest, alice);
		await alice.ok('decide', fest, ev, projector, 'accept');
		await alice.ok('decide', fest, ev, tent, 'deny');
		let e = (await alice.show(fest)).events;
		const byId = (id: string) => e.find((x) => x.id === id)!.requests;
		expect(
			byId(ev)
				.map((q) => q.resource)
				.sort()
		).toEqual([field, projector, tent].sort());
		expect(byId(ev).find((q) => q.resource === projector)).toMatchObject({
			status: 'pending',
			reason: 'waiting for “Big Tent”'
		});
		await alice.ok('decide', fest, ev, tent, 'accept');
		e = (await alice.show(fest)).events;
		expect(byId(ev).map((q) => q.status)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(byId(ev2).map((q) => q.status)).toEqual(['accepted']);
	});
});
