import * as A from '@automerge/automerge';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { rawItems } from '../document/doc.js';
import { generateIdentity, newDeviceId } from '../../identity/identity.js';
import { MemoryStorageAdapter } from '../../store/memory-storage-adapter.js';
import { addEvent } from '../document/doc.js';
import { FestivalEngine } from './engine.js';
import { Festival } from '../festival.js';
import { localPreparer, prepareEntries, type EntryItem } from './prepare.js';
import {
	packItems,
	READY,
	RemotePreparer,
	servePreparer,
	unpackItems,
	type PortLike
} from './remote-preparer.js';

const ports: MessagePort[] = [];
function channel(): { client: PortLike; server: PortLike } {
	const { port1, port2 } = new MessageChannel();
	ports.push(port1, port2);
	port1.start();
	port2.start();
	return { client: port1 as unknown as PortLike, server: port2 as unknown as PortLike };
}
afterAll(() => ports.forEach((p) => p.close()));

/** A festival of two authors, as the entries a peer would send. */
async function festivalEntries(
	events = 30
): Promise<{ id: Festival['id']; entries: EntryItem[]; doc: A.Doc<unknown> }> {
	const alice = {
		identity: await generateIdentity('Alice'),
		device: newDeviceId(),
		storage: new MemoryStorageAdapter(),
		sealDelayMs: 60_000
	};
	const f = await Festival.create(alice, { name: 'Fest' });
	for (let i = 0; i < events; i++) {
		await f.change((d) =>
			addEvent(d, alice.identity.author, {
				title: `Talk ${i}`,
				start: '2026-07-01T10:00:00Z',
				end: '2026-07-01T11:00:00Z',
				tags: [],
				requests: []
			})
		);
		if (i % 7 === 0) await f.seal();
	}
	await f.close();
	return { id: f.id, entries: await f.entries(), doc: f.doc };
}

describe('preparing entries over a message port', () => {
	it('packs a batch into one buffer and back, payloads or not, from views into larger buffers', () => {
		const big = new Uint8Array(100).map((_, i) => i);
		const items: EntryItem[] = [
			{ bytes: big.subarray(10, 20), payload: big.subarray(50, 53) },
			{ bytes: big.subarray(0, 4) },
			{ bytes: new Uint8Array(0), payload: new Uint8Array(0) }
		];
		const { buffer, offsets } = packItems(items);
		expect(buffer.byteLength).toBe(17);
		const back = unpackItems(buffer, offsets);
		expect(back.map((b) => [[...b.bytes], b.payload ? [...b.payload] : undefined])).toEqual(
			items.map((b) => [[...b.bytes], b.payload ? [...b.payload] : undefined])
		);
	});

	it('an engine verifying on the other side of a port ends with the same document and report', async () => {
		const { id, entries, doc } = await festivalEntries();
		const { client, server } = channel();
		servePreparer(server);
		const remote = new RemotePreparer(client, localPreparer());
		const shuffled = [...entries].reverse();
		const viaPort = new FestivalEngine(id, undefined, {}, { preparer: remote, applySliceMs: 1 });
		const here = new FestivalEngine(id);
		const a = await viaPort.ingest(shuffled);
		const b = await here.ingest(shuffled);
		expect(remote.remoteBatches).toBe(1);
		expect(remote.broken).toBeUndefined();
		expect({ ...a, newEntries: a.newEntries.length }).toEqual({
			...b,
			newEntries: b.newEntries.length
		});
		expect(a.applied).toBe(A.getAllChanges(doc).length);
		expect(A.getHeads(viaPort.doc).sort()).toEqual(A.getHeads(doc).sort());
	});

	it('prepares exactly what prepareEntries does here, bad entries included', async () => {
		const { entries } = await festivalEntries(3);
		const tampered = entries.map((e, i) =>
			i === 1 ? { bytes: e.bytes, payload: new Uint8Array([1, 2, 3]) } : e
		);
		const garbage = [...tampered, { bytes: new Uint8Array([9, 9, 9]) }];
		const { client, server } = channel();
		servePreparer(server);
		const remote = new RemotePreparer(client, localPreparer());
		// The decoded entries stay on the preparing side (the caller decodes its own).
		const here = (await prepareEntries(garbage)).map((p) => {
			if (!p.ok) return p;
			expect(p.entry).toBeDefined();
			const { entry: _, ...rest } = p;
			return rest;
		});
		expect(await remote.prepare(garbage)).toEqual(here);
	});

	it('when the other side answers with an error or nonsense, the batch is prepared here and nothing is lost', async () => {
		const { id, entries } = await festivalEntries(5);
		const { client, server } = channel();
		server.addEventListener('message', (e) =>
			server.postMessage({ id: (e.data as { id: number }).id, error: 'out of memory' })
		);
		server.postMessage(READY);
		const remote = new RemotePreparer(client, localPreparer());
		const engine = new FestivalEngine(id, undefined, {}, { preparer: remote });
		const r = await engine.ingest(entries);
		expect(r.refused).toEqual([]);
		expect(r.admitted).toBe(entries.length);
		expect(remote.broken).toMatch(/out of memory/);
		expect(remote.remoteBatches).toBe(0);
	});

	it('applying in slices yields to the event loop while a large batch is applied; at once, it does not', async () => {
		const { id, entries } = await festivalEntries(120);
		// Prepared up front, so that no timer can run during preparing: only the slices yield.
		const prepared = await prepareEntries(entries);
		const ticksDuring = async (applySliceMs: number | undefined) => {
			const engine = new FestivalEngine(
				id,
				undefined,
				{},
				{
					preparer: { ...localPreparer(), prepare: async () => prepared },
					...(applySliceMs ? { applySliceMs } : {})
				}
			);
			let ticks = 0;
			const timer = setInterval(() => ticks++, 0);
			const r = await engine.ingest(entries);
			clearInterval(timer);
			expect(r.applied).toBe(121);
			return { ticks, heads: A.getHeads(engine.doc) };
		};
		const sliced = await ticksDuring(0.01);
		const atOnce = await ticksDuring(undefined);
		expect(sliced.ticks).toBeGreaterThan(0);
		expect(atOnce.ticks).toBe(0);
		expect(sliced.heads).toEqual(atOnce.heads);
	});
	it('checks a newcomer snapshot on the other side of a port: a forged one is refused, the real one adopted', async () => {
		const alice = {
			identity: await generateIdentity('Alice'),
			device: newDeviceId(),
			storage: new MemoryStorageAdapter(),
			sealDelayMs: 60_000
		};
		const a = await Festival.create(alice, { name: 'Fest' });
		for (let i = 0; i < 20; i++) {
			await a.change((d) =>
				addEvent(d, alice.identity.author, {
					title: `T${i}`,
					start: '2026-07-01T10:00:00Z',
					end: '2026-07-01T11:00:00Z',
					tags: [],
					requests: []
				})
			);
			await a.seal();
		}
		const snap = await a.snapshot();
		const sig = snap.logs[0]!.entries[0]!.signature.slice();
		sig[3]! ^= 1;
		const forged = {
			...snap,
			logs: snap.logs.map((l, k) =>
				k === 0
					? { ...l, entries: l.entries.map((e, i) => (i === 0 ? { ...e, signature: sig } : e)) }
					: l
			)
		};
		const { client, server } = channel();
		servePreparer(server);
		const remote = new RemotePreparer(client, localPreparer());
		const bob = {
			identity: await generateIdentity('Bob'),
			device: newDeviceId(),
			storage: new MemoryStorageAdapter(),
			sealDelayMs: 60_000,
			preparer: remote
		};
		const b = await Festival.join(bob, a.id);
		const refused = await b.adoptSnapshot(forged);
		expect(refused.ok).toBe(false);
		expect(!refused.ok && refused.error.reason).toMatch(/does not verify/);
		expect(b.isEmpty).toBe(true);
		const adopted = await b.adoptSnapshot(snap);
		expect(adopted).toEqual({ ok: true, value: A.getAllChanges(a.doc).length });
		expect(remote.remoteBatches).toBe(2);
		expect(remote.broken).toBeUndefined();
		expect(rawItems(b.doc, 'events')).toHaveLength(20);
		expect(await b.entries()).toHaveLength((await a.entries()).length);
		// Bob's own edits go on from the adopted document, in his own log.
		await b.change((d) =>
			addEvent(d, bob.identity.author, {
				title: 'Mine',
				start: '2026-07-01T12:00:00Z',
				end: '2026-07-01T13:00:00Z',
				tags: [],
				requests: []
			})
		);
		expect(rawItems(b.doc, 'events')).toHaveLength(21);
		await a.close();
		await b.close();
	});
	it('waits until the other side listens; one that never does is given up and batches are prepared here', async () => {
		const { id, entries } = await festivalEntries(3);
		// A server that starts late: requests sent before it listens must not be lost.
		const late = channel();
		const remote = new RemotePreparer(late.client, localPreparer());
		const asked = vi.spyOn(remote, 'prepare');
		const pending = new FestivalEngine(id, undefined, {}, { preparer: remote }).ingest(entries);
		// the engine has asked for its batch before the server listens
		await vi.waitFor(() => expect(asked, 'the engine asks for a batch').toHaveBeenCalled(), {
			timeout: 5000,
			interval: 5
		});
		servePreparer(late.server);
		expect((await pending).admitted).toBe(entries.length);
		expect(remote.remoteBatches).toBe(1);
		// A server that never starts.
		const silent = channel();
		const gaveUp = new RemotePreparer(silent.client, localPreparer(), 100);
		const r = await new FestivalEngine(id, undefined, {}, { preparer: gaveUp }).ingest(entries);
		expect(r.admitted).toBe(entries.length);
		expect(gaveUp.broken).toMatch(/did not start/);
	});
});
