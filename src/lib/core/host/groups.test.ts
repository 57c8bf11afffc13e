/**
 * A host runs the policies of the groups its identity belongs to (the headless peer is a host):
 * a member's host decides a group's first-come resource, and every peer reads the decision as
 * the group's; a host of someone removed from the group decides nothing for it any more.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addEvent } from '../festival/document/doc.js';
import type { FestivalId, ResourceId } from '../festival/document/ids.js';
import { readFestival, readTree } from '../festival/read/views.js';
import { generateIdentity, newDeviceId, type AuthorId } from '../identity/identity.js';
import { addGroupResource, changeMember, createGroup } from '../model/group-edits.js';
import type { GroupId } from '../model/group.js';
import { MemoryStorageAdapter } from '../store/memory-storage-adapter.js';
import { FestivalHost } from './host.js';

const hosts: FestivalHost[] = [];
afterEach(async () => {
	for (const h of hosts.splice(0)) await h.close();
});

async function host(name: string) {
	const identity = { identity: await generateIdentity(name), device: newDeviceId() };
	const h = new FestivalHost({
		storage: new MemoryStorageAdapter(),
		identity,
		sealDelayMs: 10,
		policyDelayMs: 5
	});
	hosts.push(h);
	return h;
}

/** Sends everything `from` holds of festival `id` to `to`. */
async function send(from: FestivalHost, to: FestivalHost, id: FestivalId) {
	const f = from.get(id)!;
	await f.seal();
	await to.join(id);
	await to.ingest(id, await f.entries(), 'peer');
	await to.settle();
}

const heads = (h: FestivalHost, g: GroupId) => [
	...(readTree(h.tree()).groups.groups.get(g)?.heads ?? [])
];

describe('FestivalHost: groups', () => {
	it('a member’s host runs the group’s policies; a removed member’s host no longer does', async () => {
		const alice = await host('Alice');
		const bob = await host('Bob');
		const carol = await host('Carol');
		const f = await alice.create({ name: 'Fest', tz: 'UTC' });
		const at = alice.editable(f.id);
		const me = alice.me as AuthorId;
		const g = await createGroup(at, me, 'Crew');
		if (!g.ok) throw new Error('no group');
		await changeMember(at, me, g.value, 'add', bob.me, heads(alice, g.value));
		const hall = await addGroupResource(
			at,
			me,
			{ name: 'Hall', kind: 'location', policy: 'first-come' },
			g.value,
			heads(alice, g.value)
		);
		if (!hall.ok) throw new Error('no hall');
		await send(alice, bob, f.id);
		await send(alice, carol, f.id);
		const talk = (title: string, day: string) => ({
			title,
			start: `${day}T10:00:00Z`,
			end: `${day}T11:00:00Z`,
			tags: [],
			requests: [{ resource: hall.value as ResourceId, festival: f.id }]
		});
		await carol.change(f.id, (d) => addEvent(d, carol.me as AuthorId, talk('Talk', '2026-07-01')));
		// Only Bob's host hears of the request: it decides as a member of the group.
		await send(carol, bob, f.id);
		await send(bob, carol, f.id);
		let q = readFestival(carol.tree(), f.id)!.events[0]!.requests[0]!;
		expect(q.status).toBe('accepted');
		expect(q.history.map((h) => h.by)).toEqual([bob.me]);

		// Alice removes Bob; a later request reaches Bob's host after the removal: it decides nothing.
		await send(bob, alice, f.id);
		await changeMember(at, me, g.value, 'remove', bob.me, heads(alice, g.value));
		await send(alice, bob, f.id);
		await carol.change(f.id, (d) => addEvent(d, carol.me as AuthorId, talk('Late', '2026-07-02')));
		await send(carol, bob, f.id);
		await send(bob, carol, f.id);
		q = readFestival(carol.tree(), f.id)!.events.find((e) => e.title === 'Late')!.requests[0]!;
		expect(q.status).toBe('pending');
	});
});
