import * as A from '@automerge/automerge';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeBundle } from '../festival/files/bundle.js';
import { addEvent, addResource } from '../festival/document/doc.js';
import type { FestivalId, ResourceId } from '../festival/document/ids.js';
import type { PolicyDecision } from '../festival/read/policy.js';
import { readFestival } from '../festival/read/views.js';
import {
	generateIdentity,
	newDeviceId,
	type AuthorId,
	type DeviceIdentity
} from '../identity/identity.js';
import { MemoryStorageAdapter } from '../store/memory-storage-adapter.js';
import type { HostEvents } from './events.js';
import { FestivalHost } from './host.js';
import { MemoryHub } from './memory-network.fixture.js';

const hosts: FestivalHost[] = [];
afterEach(async () => {
	for (const h of hosts.splice(0)) await h.close();
});

async function host(name: string, storage = new MemoryStorageAdapter()) {
	const identity = { identity: await generateIdentity(name), device: newDeviceId() };
	return make(identity, storage);
}

function make(identity: DeviceIdentity, storage: MemoryStorageAdapter) {
	const h = new FestivalHost({ storage, identity, sealDelayMs: 10, policyDelayMs: 5 });
	hosts.push(h);
	const seen: { [K in keyof HostEvents]?: HostEvents[K][] } = {};
	const record = <K extends keyof HostEvents>(k: K) =>
		h.on(k, (e) => void (seen[k] ??= [] as never[]).push(e as never));
	for (const k of ['opened', 'arrived', 'changed', 'closed', 'decided', 'problem'] as const)
		record(k);
	const decided = (): PolicyDecision[] => (seen.decided ?? []).flatMap((d) => [...d.decisions]);
	return { h, storage, identity, seen, decided };
}

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
	await vi.waitFor(() => expect(ok(), `waiting for ${what}`).toBe(true), {
		timeout: ms,
		interval: 5
	});
}

const talk = (title: string, requests: { resource: ResourceId; festival: FestivalId }[] = []) => ({
	title,
	start: '2026-07-01T10:00:00Z',
	end: '2026-07-01T11:00:00Z',
	tags: [],
	requests
});

/** Alice's festival with her first-come hall; Bob's host holding the same festival. */
async function hallAndGuest() {
	const alice = await host('Alice');
	const f = await alice.h.create({ name: 'Fest', tz: 'UTC' });
	const hall = await alice.h.change(f.id, (d) =>
		addResource(d, alice.h.me as AuthorId, { name: 'Hall', kind: 'location', policy: 'first-come' })
	);
	await f.seal();
	const bob = await host('Bob');
	await bob.h.join(f.id);
	await bob.h.ingest(f.id, await f.entries(), 'peer');
	return { alice, bob, id: f.id, hall };
}

const status = (h: FestivalHost, id: FestivalId) =>
	readFestival(h.tree(), id)?.events.map((e) => e.requests.map((r) => r.status).join());

describe('FestivalHost: opening', () => {
	it('opening twice gives the same festival, opened once, also when asked at once', async () => {
		const a = await host('Alice');
		const id = (await a.h.create({ name: 'Fest' })).id;
		await a.h.close();
		const b = make(a.identity, a.storage);
		const [x, y] = await Promise.all([b.h.open(id), b.h.open(id)]);
		expect(x).toBeDefined();
		expect(x).toBe(y);
		expect(await b.h.open(id)).toBe(x);
		expect(await b.h.join(id)).toBe(x);
		expect(b.seen.opened).toHaveLength(1);
	});

	it('opens a festival with its family, each festival once', async () => {
		const a = await host('Alice');
		const top = await a.h.create({ name: 'Top' });
		const mid = await a.h.addChild(top.id, 'Mid');
		const low = await a.h.addChild(mid.id, 'Low');
		await a.h.close();
		const b = make(a.identity, a.storage);
		await b.h.open(mid.id);
		expect([...b.h.festivals.keys()].sort()).toEqual([top.id, mid.id, low.id].sort());
		await b.h.open(low.id);
		await b.h.open(top.id);
		await b.h.family(top.id);
		expect(b.seen.opened?.map((e) => e.festival.id).sort()).toEqual(
			[top.id, mid.id, low.id].sort()
		);
		expect((await b.h.ancestry(low.id)).map((f) => f.id)).toEqual([low.id, mid.id, top.id]);
	});

	it('a festival not held is undefined to open and joined empty', async () => {
		const a = await host('Alice');
		const id = '0'.repeat(64) as FestivalId;
		expect(await a.h.open(id)).toBeUndefined();
		const f = await a.h.join(id);
		expect(f.doc.meta).toBeUndefined();
		expect(a.h.get(id)).toBe(f);
		expect(a.h.tree().size).toBe(0);
	});
});

describe('FestivalHost: policies', () => {
	it('a local change: decided once, before the change resolves, under the owner key', async () => {
		const { alice, id, hall } = await hallAndGuest();
		await alice.h.change(id, (d) =>
			addEvent(d, alice.h.me as AuthorId, talk('Mine', [{ resource: hall, festival: id }]))
		);
		expect(status(alice.h, id)).toEqual(['accepted']);
		await Promise.all([alice.h.runPoliciesNow(), alice.h.runPoliciesNow(), alice.h.settle()]);
		expect(alice.decided()).toHaveLength(1);
		expect(alice.decided()[0]!.decision.verdict).toBe('accept');
	});

	it('entries from elsewhere, in bursts: decided once; only the owner decides', async () => {
		const { alice, bob, id, hall } = await hallAndGuest();
		const f = bob.h.get(id)!;
		await bob.h.change(id, (d) =>
			addEvent(d, bob.h.me as AuthorId, talk('First', [{ resource: hall, festival: id }]))
		);
		await bob.h.change(id, (d) =>
			addEvent(d, bob.h.me as AuthorId, {
				...talk('Second', [{ resource: hall, festival: id }]),
				start: '2026-07-01T10:30:00Z'
			})
		);
		await f.seal();
		await bob.h.settle();
		expect(bob.decided()).toEqual([]);
		const entries = await f.entries();
		// The same entries again and again, as several peers relay them.
		await Promise.all(entries.map((e) => alice.h.ingest(id, [e], 'peer')));
		await alice.h.ingest(id, entries, 'other peer');
		await alice.h.settle();
		const verdicts = alice.decided().map((d) => d.decision.verdict);
		expect(verdicts.sort()).toEqual(['accept', 'deny']);
		await alice.h.ingest(id, entries, 'late peer');
		await alice.h.settle();
		expect(alice.decided()).toHaveLength(2);
		// Bob sees the decisions: the read model honours only the owner's.
		const at = alice.h.get(id)!;
		await at.seal();
		await bob.h.ingest(id, await at.entries(), 'peer');
		expect(status(bob.h, id)?.sort()).toEqual(['accepted', 'denied']);
		expect(alice.seen.changed?.some((c) => c.cause === 'decisions')).toBe(true);
	});

	it('a bundle: decided once, before the import resolves, imported again or not', async () => {
		const { alice, bob, id, hall } = await hallAndGuest();
		await bob.h.change(id, (d) =>
			addEvent(d, bob.h.me as AuthorId, talk('Talk', [{ resource: hall, festival: id }]))
		);
		const bytes = (await bob.h.exportBundle(id))!;
		expect((await alice.h.importBundle(bytes)).ok).toBe(true);
		expect(status(alice.h, id)).toEqual(['accepted']);
		await alice.h.importBundle(bytes);
		await alice.h.settle();
		expect(alice.decided()).toHaveLength(1);
	});
});

describe('FestivalHost: bundles', () => {
	it('round trip: a festival with its family arrives whole and opens with it', async () => {
		const a = await host('Alice');
		const top = await a.h.create({ name: 'Top', tz: 'Europe/Berlin' });
		const child = await a.h.addChild(top.id, 'Child');
		await a.h.change(child.id, (d) => addEvent(d, a.h.me as AuthorId, talk('Hello')));
		const bytes = (await a.h.exportBundle(child.id))!;
		expect(await a.h.exportBundle('f'.repeat(64) as FestivalId)).toBeUndefined();
		const b = await host('Bob');
		const r = await b.h.importBundle(bytes);
		if (!r.ok) throw new Error(r.error.reason);
		expect(r.value.map((x) => [x.name, x.usable, x.report.refused.length]).sort()).toEqual([
			['Child', true, 0],
			['Top', true, 0]
		]);
		for (const f of [top, child])
			expect(A.getHeads(b.h.get(f.id)!.doc).sort()).toEqual(A.getHeads(f.doc).sort());
		expect((await b.h.list()).map((s) => s.name).sort()).toEqual(['Child', 'Top']);
		expect(readFestival(b.h.tree(), child.id)?.events.map((e) => e.title)).toEqual(['Hello']);
	});

	it('a hostile bundle gives typed problems and the host keeps running', async () => {
		const a = await host('Alice');
		const garbage = await a.h.importBundle(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
		expect(garbage.ok).toBe(false);
		if (!garbage.ok) expect(garbage.error.code).toBe('magic');
		expect(a.seen.problem?.map((p) => p.code)).toEqual(['bundle']);

		// Well-formed, but its entry is forged: refused with a reason, nothing kept.
		const m = await host('Mallory');
		const f = await m.h.create({ name: 'Forged' });
		await f.seal();
		const [entry] = await f.entries();
		const bytes = entry!.bytes.slice();
		bytes[bytes.length - 1]! ^= 1;
		const forged = await a.h.importBundle(
			writeBundle([{ id: f.id, entries: [{ bytes, payload: entry!.payload! }] }])
		);
		if (!forged.ok) throw new Error(forged.error.reason);
		expect(forged.value[0]!.usable).toBe(false);
		expect(forged.value[0]!.report.refused.length).toBeGreaterThan(0);
		expect(await a.h.list()).toEqual([]);

		const made = await a.h.create({ name: 'Still here' });
		expect((await a.h.list()).map((s) => s.id)).toEqual([made.id]);
	});
});

describe('FestivalHost: replication', () => {
	it('two hosts over an in-memory network converge; a joined child brings its parent', async () => {
		const hub = new MemoryHub();
		const net = {
			makeAdapter: hub.makeAdapter,
			settings: { signalingUrl: 'memory://', iceServers: [] }
		};
		const a = await host('Alice');
		const top = await a.h.create({ name: 'Top' });
		const child = await a.h.addChild(top.id, 'Child');
		a.h.network.start(net);
		const b = await host('Bob');
		b.h.network.start(net);
		await b.h.join(child.id);
		await until('the child and its parent at Bob', () => b.h.tree().size === 2);
		expect(b.seen.arrived?.map((e) => e.festival.id).sort()).toEqual([top.id, child.id].sort());
		await b.h.change(child.id, (d) => addEvent(d, b.h.me as AuthorId, talk('From Bob')));
		await a.h.change(child.id, (d) => addEvent(d, a.h.me as AuthorId, talk('From Alice')));
		const heads = (h: FestivalHost) => A.getHeads(h.get(child.id)!.doc).sort().join();
		await until(
			'converged',
			() => heads(a.h) === heads(b.h) && status(a.h, child.id)?.length === 2
		);
		expect(b.h.network.peersOf(child.id)).toEqual([a.h.network.peerId]);
		expect(b.h.network.peerId?.startsWith(b.h.me.slice(0, 8))).toBe(true);
	});

	it('stop releases every link and socket; close seals, saves and forgets everything', async () => {
		const hub = new MemoryHub();
		const net = {
			makeAdapter: hub.makeAdapter,
			settings: { signalingUrl: 'memory://', iceServers: [] }
		};
		const a = await host('Alice');
		const f = await a.h.create({ name: 'Fest' });
		a.h.network.start(net);
		const first = a.h.network.peerId;
		expect(hub.connected).toHaveLength(1);
		a.h.network.setSettings({
			signalingUrl: 'memory://',
			iceServers: [{ urls: 'stun:x.example' }]
		});
		expect(hub.connected.map((x) => x.r.iceServers)).toEqual([[{ urls: 'stun:x.example' }]]);
		expect(a.h.network.peerId).not.toBe(first);
		a.h.network.setOnline(false);
		expect(hub.connected).toHaveLength(0);
		a.h.network.setOnline(true);
		expect(hub.connected).toHaveLength(1);
		a.h.network.stop();
		expect(hub.connected).toHaveLength(0);
		expect(a.h.network.festivals).toEqual([]);
		expect(a.h.network.peerId).toBeUndefined();
		a.h.network.start(net);
		await a.h.change(f.id, (d) => addEvent(d, a.h.me as AuthorId, talk('Unsigned')));
		// The event, and the profile the host published with the festival (PROTOCOL.md, "People").
		expect(f.unsealedCount).toBeGreaterThan(0);
		await a.h.close();
		expect(hub.connected).toHaveLength(0);
		expect(f.unsealedCount).toBe(0);
		expect(a.h.festivals.size).toBe(0);
		expect(a.seen.closed?.[0]?.ids).toEqual([f.id]);
		await expect(a.h.create({ name: 'After' })).rejects.toThrow(/closed/);
		const again = make(a.identity, a.storage);
		expect(readFestival(again.h.tree(), f.id)).toBeUndefined();
		await again.h.open(f.id);
		expect(readFestival(again.h.tree(), f.id)?.events.map((e) => e.title)).toEqual(['Unsigned']);
	});
});
