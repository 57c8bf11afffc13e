/**
 * Bookings through the CLI: each request's own status and the event's derived `status.state`,
 * decisions changed later with their history, withdrawals, and owners' own requests.
 */
import { describe, expect, it } from 'vitest';
import { cliHomes, type CliPerson } from './homes.fixture.js';

interface History {
	by: string;
	byName?: string;
	at: string;
	verdict: string;
	reason?: string;
}
interface Show {
	events: {
		id: string;
		title: string;
		status: { state: string; label: string; confirmed: number; total: number };
		requests: { resource: string; status: string; reason?: string; history: History[] }[];
	}[];
}

const homes = cliHomes<Show>('bookings');
type Person = CliPerson<Show>;

const send = homes.send;

const event = async (p: Person, fest: string, id: string) =>
	(await p.show(fest)).events.find((e) => e.id === id)!;

describe('bookings', () => {
	it('one refusal does not deny the event; decisions change later and keep their history', async () => {
		const alice = await homes.person('alice');
		const bob = await homes.person('bob');
		const fest = await alice.ok('create', 'Summer camp', '--tz', 'UTC');
		const add = (name: string) =>
			alice.ok('resource', 'add', fest, '--name', name, '--kind', 'thing');
		const tent = await add('Big Tent');
		const projector = await add('Projector');
		await send(alice, fest, bob);
		const opening = await bob.ok(
			'event',
			'add',
			fest,
			'--title',
			'Opening',
			'--start',
			'2026-07-01T10:00',
			'--end',
			'2026-07-01T11:00',
			'--request',
			tent,
			'--request',
			projector
		);
		await send(bob, fest, alice);
		expect((await event(alice, fest, opening)).status.state).toBe('waiting');
		await alice.ok('decide', fest, opening, tent, 'accept');
		await alice.ok('decide', fest, opening, projector, 'deny', '--reason', 'in repair');
		let e = await event(alice, fest, opening);
		expect(e.status).toMatchObject({ state: 'partly', confirmed: 1, total: 2 });
		expect(e.requests.map((q) => [q.resource, q.status]).sort()).toEqual(
			[
				[tent, 'accepted'],
				[projector, 'denied']
			].sort()
		);

		// Alice changes her mind about the projector: accepted after all.
		await alice.ok('decide', fest, opening, projector, 'accept', '--reason', 'repaired');
		e = await event(alice, fest, opening);
		expect(e.status.state).toBe('confirmed');
		const history = e.requests.find((q) => q.resource === projector)!.history;
		expect(history.map((h) => [h.by, h.byName, h.verdict, h.reason])).toEqual([
			[alice.key, 'alice', 'deny', 'in repair'],
			[alice.key, 'alice', 'accept', 'repaired']
		]);
		expect(Date.parse(history[0]!.at)).toBeLessThanOrEqual(Date.parse(history[1]!.at));
		expect(await alice.ok('show', fest)).toMatch(/you denied \(in repair\)/);

		// And takes the tent back.
		await alice.ok('decide', fest, opening, tent, 'withdraw', '--reason', 'storm');
		e = await event(alice, fest, opening);
		expect(e.requests.find((q) => q.resource === tent)).toMatchObject({
			status: 'withdrawn',
			reason: 'storm'
		});
		expect(e.status).toMatchObject({ state: 'confirmed', total: 1 });

		// Bob withdraws the projector request; Mallory-like strangers cannot.
		await send(alice, fest, bob);
		const r = await alice.run('request', 'withdraw', fest, opening, projector);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/only the owner of event "Opening"/);
		await bob.ok(
			'request',
			'withdraw',
			fest,
			opening,
			projector.slice(0, 20),
			'--reason',
			'no slides'
		);
		e = await event(bob, fest, opening);
		expect(e.requests.find((q) => q.resource === projector)!.history.at(-1)).toMatchObject({
			by: bob.key,
			byName: 'bob',
			verdict: 'withdraw',
			reason: 'no slides'
		});
		expect(e.status.state).toBe('none');
	});

	it('an owner’s own request on a manual resource is accepted by the policy run', async () => {
		const alice = await homes.person('alice');
		const fest = await alice.ok('create', 'Own', '--tz', 'UTC');
		const room = await alice.ok(
			'resource',
			'add',
			fest,
			'--name',
			'Room',
			'--kind',
			'location',
			'--policy',
			'manual'
		);
		const talk = await alice.ok(
			'event',
			'add',
			fest,
			'--title',
			'Mine',
			'--start',
			'2026-07-01T10:00',
			'--end',
			'2026-07-01T11:00',
			'--request',
			room
		);
		expect(await event(alice, fest, talk)).toMatchObject({
			status: { state: 'confirmed' },
			requests: [{ status: 'accepted', history: [{ by: alice.key, verdict: 'accept' }] }]
		});
	});
});
