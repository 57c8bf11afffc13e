import { describe, expect, it } from 'vitest';
import { addEvent, rawItems } from '../festival/document/doc.js';
import { Festival, type FestivalContext } from '../festival/festival.js';
import type { FestivalId } from '../festival/document/ids.js';
import { generateIdentity, newDeviceId } from '../identity/identity.js';
import { MemoryStorageAdapter } from '../store/memory-storage-adapter.js';
import { quiescent } from './quiescent.fixture.js';
import { readMessage, writeEntries, writeGraft, writeHave, writePrune } from './messages.js';
import { FestivalSync } from './sync.js';

const FID = 'ab'.repeat(32) as FestivalId;

async function ctx(name: string): Promise<FestivalContext> {
	return {
		identity: await generateIdentity(name),
		device: newDeviceId(),
		storage: new MemoryStorageAdapter(),
		sealDelayMs: 60_000
	};
}
const talk = {
	title: 'T',
	start: '2026-07-01T10:00:00Z',
	end: '2026-07-01T11:00:00Z',
	tags: [],
	requests: []
};

describe('sync messages', () => {
	it('round-trip', () => {
		const logs = [
			{
				author: 'cd'.repeat(32),
				logId: 2n ** 63n,
				seq: 300,
				tip: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8),
				missing: [3, 299]
			},
			{ author: 'ef'.repeat(32), logId: 0n, seq: 0, missing: [] }
		];
		const have = { type: 'have', festival: FID, logs, noSnapshot: false };
		expect(readMessage(writeHave(FID, have.logs))).toEqual({ ok: true, value: have });
		const entries = [
			{ bytes: Uint8Array.of(1, 2, 3), payload: Uint8Array.of(4) },
			{ bytes: Uint8Array.of(5) }
		];
		expect(readMessage(writeEntries(FID, entries, true))).toEqual({
			ok: true,
			value: { type: 'entries', festival: FID, push: true, entries }
		});
		expect(readMessage(writePrune(FID))).toEqual({
			ok: true,
			value: { type: 'prune', festival: FID }
		});
		expect(readMessage(writeGraft(FID))).toEqual({
			ok: true,
			value: { type: 'graft', festival: FID }
		});
	});

	it('every truncation and random garbage is refused with a reason, never thrown', () => {
		const msg = writeEntries(
			FID,
			[{ bytes: new Uint8Array(200).fill(7), payload: new Uint8Array(50) }],
			false
		);
		for (let i = 0; i < msg.length; i++) {
			const r = readMessage(msg.subarray(0, i));
			expect(r.ok).toBe(false);
		}
		let seed = 9;
		const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed & 0xff);
		for (let i = 0; i < 3000; i++) {
			const b = Uint8Array.from({ length: rnd() }, rnd);
			b[0] = i % 5;
			const r = readMessage(b);
			if (!r.ok) expect(r.error.reason.length).toBeGreaterThan(3);
		}
		// A count larger than the bytes that follow cannot make the reader allocate.
		const huge = Uint8Array.of(
			1,
			...new Uint8Array(32),
			0,
			0,
			0xff,
			0xff,
			0xff,
			0xff,
			0xff,
			0xff,
			0xff,
			0xff,
			0xff
		);
		expect(readMessage(huge).ok).toBe(false);
	});
});

describe('FestivalSync', () => {
	async function pair() {
		const actx = await ctx('a');
		const a = await Festival.create(actx, { name: 'F' });
		await a.change((d) => addEvent(d, actx.identity.author, talk));
		await a.seal();
		const bctx = await ctx('b');
		const b = await Festival.join(bctx, a.id);
		const sa = new FestivalSync(a, { digestMs: 0 });
		const dropped: string[] = [];
		const sb = new FestivalSync(b, {
			digestMs: 0,
			onBadPeer: (p, why) => dropped.push(`${p}: ${why}`)
		});
		return { a, b, sa, sb, dropped };
	}

	it('a link exchanges what each side lacks, then pushes live', async () => {
		const actx = await ctx('a');
		const a = await Festival.create(actx, { name: 'F' });
		await a.change((d) => addEvent(d, actx.identity.author, talk));
		await a.seal();
		const b = await Festival.join(await ctx('b'), a.id);
		const sa = new FestivalSync(a, { digestMs: 0 });
		const sb = new FestivalSync(b, { digestMs: 0 });
		sa.addPeer('b', (m) => void sb.receive('a', m));
		sb.addPeer('a', (m) => void sa.receive('b', m));
		await quiescent([sa, sb]);
		expect(rawItems(b.doc, 'events')).toHaveLength(1);
		await a.change((d) => addEvent(d, actx.identity.author, { ...talk, title: 'live' }));
		// sealing pushes the new entry to b (into its queue) before seal() resolves
		await a.seal();
		await quiescent([sa, sb]);
		expect(rawItems(b.doc, 'events')).toHaveLength(2);
	});

	it('a live push racing the HAVE exchange leaves no hole: the answer follows their HAVE, not what was pushed', async () => {
		const actx = await ctx('a');
		const a = await Festival.create(actx, { name: 'F' });
		await a.change((d) => addEvent(d, actx.identity.author, talk));
		await a.seal(); // a's device log: seq 1
		const b = await Festival.join(await ctx('b'), a.id);
		const sa = new FestivalSync(a, { digestMs: 0 });
		const sb = new FestivalSync(b, { digestMs: 0 });
		// Messages wait in queues, so the order of delivery is the test's.
		const toA: Uint8Array[] = [];
		const toB: Uint8Array[] = [];
		sa.addPeer('b', (m) => void toB.push(m));
		sb.addPeer('a', (m) => void toA.push(m));
		// Before a has read b's HAVE, an edit is pushed to b: seq 2, whose seq 1 b lacks.
		await a.change((d) => addEvent(d, actx.identity.author, { ...talk, title: 'live' }));
		await a.seal();
		const flush = async () => {
			while (toA.length || toB.length) {
				for (const m of toB.splice(0)) await sb.receive('a', m);
				for (const m of toA.splice(0)) await sa.receive('b', m);
				await Promise.all([sa.idle(), sb.idle()]);
			}
		};
		await flush();
		expect(rawItems(b.doc, 'events')).toHaveLength(2);
		expect((await b.entries()).length).toBe((await a.entries()).length);
	});

	it('a newcomer gets a snapshot, rebuilds and verifies every entry, and converges', async () => {
		const actx = await ctx('a');
		const a = await Festival.create(actx, { name: 'Big enough' });
		for (let i = 0; i < 140; i++) {
			await a.change((d) => addEvent(d, actx.identity.author, { ...talk, title: `T${i}` }));
			if (i % 2) await a.seal();
		}
		await a.close();
		const b = await Festival.join(await ctx('b'), a.id);
		const events: string[] = [];
		const sa = new FestivalSync(a, { digestMs: 0 });
		const sb = new FestivalSync(b, {
			digestMs: 0,
			onEvent: (e) => events.push(`${e.kind}:${e.entries}:${e.fresh ?? ''}:${e.reason ?? ''}`)
		});
		const sent: Uint8Array[] = [];
		sa.addPeer('b', (m) => {
			sent.push(m);
			void sb.receive('a', m);
		});
		sb.addPeer('a', (m) => void sa.receive('b', m));
		await quiescent([sa, sb]);
		expect(sent.some((m) => m[0] === 4)).toBe(true);
		// The snapshot is all it gets: the history does not come again as entries.
		const entriesSent = sent.filter((m) => m[0] === 1).reduce((n, m) => n + m.length, 0);
		const snapshotBytes = sent.filter((m) => m[0] === 4).reduce((n, m) => n + m.length, 0);
		expect(entriesSent).toBeLessThan(snapshotBytes / 10);
		expect(events.some((e) => e.startsWith('received:') && e.endsWith(':'))).toBe(true);
		expect(rawItems(b.doc, 'events')).toHaveLength(140);
		expect(await b.entries()).toHaveLength((await a.entries()).length);
	});

	it('a tampered snapshot is not adopted; the newcomer falls back to entries', async () => {
		const actx = await ctx('a');
		const a = await Festival.create(actx, { name: 'F' });
		for (let i = 0; i < 70; i++) {
			await a.change((d) => addEvent(d, actx.identity.author, { ...talk, title: `T${i}` }));
			await a.seal();
		}
		const snap = await a.snapshot();
		const long = snap.logs.findIndex((l) => l.entries.length > 10);
		const sig = snap.logs[long]!.entries[5]!.signature.slice();
		sig[0]! ^= 1;
		const bad = {
			...snap,
			logs: snap.logs.map((l, k) =>
				k === long
					? { ...l, entries: l.entries.map((e, i) => (i === 5 ? { ...e, signature: sig } : e)) }
					: l
			)
		};
		const b = await Festival.join(await ctx('b'), a.id);
		const r = await b.adoptSnapshot(bad);
		expect(r.ok).toBe(false);
		expect(!r.ok && r.error.reason).toMatch(/does not verify|not in any entry/);
		expect(b.isEmpty).toBe(true);
		expect(await b.entries()).toHaveLength(0);
		const good = await b.adoptSnapshot(snap);
		expect(good.ok).toBe(true);
		expect(rawItems(b.doc, 'events')).toHaveLength(70);
	});

	it('drops and bans a neighbour that sends garbage or an invalid entry; its data is not stored', async () => {
		const { a, b, sb, dropped } = await pair();
		sb.addPeer('mallory', () => undefined);
		await sb.receive('mallory', Uint8Array.of(9, 9, 9));
		expect(dropped[0]).toMatch(/mallory: undecodable/);
		expect(sb.peers).not.toContain('mallory');
		expect(sb.isBanned('mallory')).toBe(true);
		expect(sb.addPeer('mallory', () => undefined)).toBe(false);
		// A tampered entry from another neighbour.
		const entries = await a.entries();
		const bad = entries.map((e) => ({
			...e,
			bytes: e.bytes.map((x, i) => (i === e.bytes.length - 1 ? x ^ 1 : x))
		}));
		sb.addPeer('eve', () => undefined);
		await sb.receive('eve', writeEntries(a.id, bad, true));
		expect(dropped[1]).toMatch(/eve: sent an invalid entry/);
		expect(await b.entries()).toHaveLength(0);
		// A message for another festival on this link.
		sb.addPeer('carol', () => undefined);
		await sb.receive('carol', writeHave(FID, []));
		expect(dropped[2]).toMatch(/another festival/);
	});
});
