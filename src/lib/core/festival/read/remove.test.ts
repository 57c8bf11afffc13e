/**
 * Removing events and resources: the owner alone may, the read model, the inbox and the
 * policies follow, and a removal travels to other peers like any edit.
 */
import { describe, expect, it } from 'vitest';
import { generateIdentity, newDeviceId } from '../../identity/identity.js';
import { MemoryStorageAdapter } from '../../store/memory-storage-adapter.js';
import { addEvent, addResource, removeEvent, removeResource } from '../document/doc.js';
import { Festival } from '../festival.js';
import { runPolicies } from './policy.js';
import { freeAt, inbox, readFestival } from './views.js';
import { ALICE, BOB, Fest, hours, tree } from './tree.fixture.js';

describe('removing', () => {
	it("an event: gone from the festival and the owner's inbox; the decision about it counts for nothing", () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE);
		const talk = f.event(BOB, hours(10, 11), [{ resource: room }], 'Talk');
		const other = f.event(BOB, hours(10, 11), [{ resource: room }], 'Other');
		f.decide(ALICE, { resource: room, event: talk, verdict: 'accept', frame: hours(10, 11) });
		expect(freeAt(tree(f), room, hours(10, 11)).free).toBe(false);
		f.edit(BOB, (d) => removeEvent(d, talk));
		const v = readFestival(tree(f), f.id)!;
		expect(v.events.map((e) => e.title)).toEqual(['Other']);
		// The room is free again at 10: the accepted talk is gone.
		expect(freeAt(tree(f), room, hours(10, 11)).free).toBe(true);
		expect(inbox(tree(f), ALICE).map((i) => i.event.title)).toEqual(['Other']);
		expect(v.problems).toEqual([]);
		void other;
	});

	it('a resource: not offered any more, and events that requested it say by name that it was removed', () => {
		const f = new Fest(ALICE, 'Fest');
		const room = f.resource(ALICE, { name: 'Main hall', policy: 'first-come' });
		const talk = f.event(BOB, hours(10, 11), [{ resource: room }], 'Talk');
		expect(runPolicies(tree(f), ALICE, new Date('2026-01-01T00:00:00Z'))).toHaveLength(1);
		f.edit(ALICE, (d) => removeResource(d, room));
		const v = readFestival(tree(f), f.id)!;
		expect(v.resources).toEqual([]);
		expect(v.removedResources.map((r) => r.name)).toEqual(['Main hall']);
		const e = v.events.find((x) => x.id === talk)!;
		expect(e.requests[0]).toMatchObject({
			status: 'denied',
			reason: '“Main hall” was removed by its owner'
		});
		expect(e.status.state).toBe('denied');
		expect(inbox(tree(f), ALICE)).toEqual([]);
		expect(runPolicies(tree(f), ALICE, new Date('2026-01-01T00:00:00Z'))).toEqual([]);
	});

	it('throws for an id that is not there', () => {
		const f = new Fest(ALICE, 'Fest');
		expect(() => f.edit(ALICE, (d) => removeEvent(d, 'ff'.repeat(16) as never))).toThrow(
			/no event/
		);
		expect(() => f.edit(ALICE, (d) => removeResource(d, 'ff'.repeat(16) as never))).toThrow(
			/no resource/
		);
	});

	it('travels to another peer as entries; someone else removing is refused there', async () => {
		const person = async (name: string) => ({
			identity: await generateIdentity(name),
			device: newDeviceId(),
			storage: new MemoryStorageAdapter(),
			sealDelayMs: 5
		});
		const alice = await person('Alice');
		const bob = await person('Bob');
		const fa = await Festival.create(alice, { name: 'Fest' });
		const room = await fa.change((d) =>
			addResource(d, alice.identity.author, { name: 'Hall', kind: 'location', policy: 'manual' })
		);
		const talk = await fa.change((d) =>
			addEvent(d, alice.identity.author, {
				title: 'Talk',
				start: '2026-07-01T10:00:00Z',
				end: '2026-07-01T11:00:00Z',
				tags: [],
				requests: []
			})
		);
		await fa.seal();
		const fb = await Festival.join(bob, fa.id, await fa.entries());
		// Bob's client lets him try; Alice's peer refuses it.
		await fb.change((d) => removeEvent(d, talk));
		await fb.change((d) => removeResource(d, room));
		await fb.seal();
		const refused = await fa.ingest(await fb.entries());
		expect(refused.refused.map((r) => r.reason).join('\n')).toMatch(
			/overwrites or deletes|inside an object of/
		);
		const viewA = () => readFestival(new Map([[fa.id, fa.doc]]), fa.id)!;
		expect(viewA().events.map((e) => e.title)).toEqual(['Talk']);
		expect(viewA().resources.map((r) => r.name)).toEqual(['Hall']);
		// Alice removes her own: it reaches a fresh copy of the festival.
		await fa.change((d) => removeEvent(d, talk));
		await fa.change((d) => removeResource(d, room));
		await fa.seal();
		const carol = await person('Carol');
		const fc = await Festival.join(carol, fa.id, await fa.entries());
		const viewC = readFestival(new Map([[fc.id, fc.doc]]), fc.id)!;
		expect(viewC.events).toEqual([]);
		expect(viewC.resources).toEqual([]);
		await Promise.all([fa.close(), fb.close(), fc.close()]);
	});
});
