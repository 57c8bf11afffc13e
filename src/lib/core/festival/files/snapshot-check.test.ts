/**
 * The newcomer's snapshot check (snapshot-check.ts): what the signature verifier is handed, and
 * hostile snapshots refused (a signature forged, changes moved between entries, an entry over
 * the limits).
 */
import * as A from '@automerge/automerge';
import { afterAll, describe, expect, it } from 'vitest';
import { generateIdentity } from '../../identity/identity.js';
import { LogBook } from '../../log/log.js';
import type { BatchVerifier, CryptoOptions } from '../../log/sign.js';
import { verifyChunk } from '../../log/verify-batch.js';
import { addEvent } from '../document/doc.js';
import { actorFor } from '../document/ids.js';
import { LogWriter } from '../document/writer.js';
import { Festival } from '../festival.js';
import { bombChange } from '../ingest/bomb.fixture.js';
import { MAX_CHANGE_OPS } from '../ingest/change-bounds.js';
import { encodeChanges } from '../ingest/payload.js';
import { People } from '../people.fixture.js';
import { checkSnapshot } from './snapshot-check.js';
import type { Snapshot, SnapshotLog } from './snapshot.js';
import { talk } from '../talk.fixture.js';

const people = new People();
afterAll(() => people.close());

/** A festival whose author sealed `entries` entries of two changes each, and its snapshot. */
async function festival(entries = 6): Promise<{ f: Festival; snap: Snapshot }> {
	const alice = await people.person('Alice');
	const f = await Festival.create(alice, { name: 'Fest' });
	for (let i = 0; i < entries; i++) {
		for (let k = 0; k < 2; k++)
			await f.change((d) => addEvent(d, alice.identity.author, talk(`Talk ${i}.${k}`)));
		await f.seal();
	}
	return { f, snap: await f.snapshot() };
}

/** Verifies in this thread, keeping what it was handed. */
function recording(): CryptoOptions & { handed: { bytes: Uint8Array; payload?: Uint8Array }[] } {
	const handed: { bytes: Uint8Array; payload?: Uint8Array }[] = [];
	const batchVerifier: BatchVerifier = {
		threshold: 1,
		verifyMany: (items, suite) => {
			handed.push(...items);
			return verifyChunk(items, { suite });
		}
	};
	return { batchVerifier, handed };
}

/** The author's longest log of `snap`, changed by `edit`. */
function withLog(snap: Snapshot, edit: (l: SnapshotLog) => SnapshotLog): Snapshot {
	const long = snap.logs.reduce(
		(a, l, i) => (l.entries.length > snap.logs[a]!.entries.length ? i : a),
		0
	);
	return { ...snap, logs: snap.logs.map((l, i) => (i === long ? edit(l) : l)) };
}

describe('checkSnapshot', () => {
	it('has the rebuilt entries verified without their payloads, and returns them with them', async () => {
		const { f, snap } = await festival();
		const opts = recording();
		const r = await checkSnapshot(snap, f.id, opts);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.value.changes).toBe(A.getAllChanges(f.doc).length);
		expect(opts.handed).toHaveLength(r.value.entries.length);
		expect(opts.handed.every((e) => e.payload === undefined)).toBe(true);
		// The payloads come back, and each matches its entry as any verifier would check it.
		expect(r.value.entries.every((e) => e.payload)).toBe(true);
		const again = await new LogBook().addMany(r.value.entries);
		expect(again.every((v) => v.ok)).toBe(true);
	});

	it('refuses a forged signature', async () => {
		const { f, snap } = await festival();
		const forged = withLog(snap, (l) => ({
			...l,
			entries: l.entries.map((e, i) =>
				i === 2 ? { ...e, signature: e.signature.map((b, k) => (k === 0 ? b ^ 1 : b)) } : e
			)
		}));
		const r = await checkSnapshot(forged, f.id, recording());
		expect(r.ok).toBe(false);
		expect(!r.ok && r.error.reason).toMatch(/does not verify/);
	});

	it('refuses changes moved from one entry to the next (each entry then holds other changes than it signed)', async () => {
		const { f, snap } = await festival();
		const moved = withLog(snap, (l) => ({
			...l,
			entries: l.entries.map((e, i) =>
				i === 2 ? { ...e, changes: e.changes + 1 } : i === 3 ? { ...e, changes: e.changes - 1 } : e
			)
		}));
		const r = await checkSnapshot(moved, f.id, recording());
		expect(r.ok).toBe(false);
		expect(!r.ok && r.error.reason).toMatch(/does not verify/);
	});

	it('refuses an entry signed by its author whose change is over the limits', async () => {
		const { f, snap } = await festival(1);
		const mallory = await generateIdentity('Mallory');
		const bomb = bombChange({
			actor: actorFor(mallory.author, 7n),
			compress: false,
			seq: 1,
			startOp: 1,
			deps: A.getHeads(f.doc),
			message: f.id,
			ops: MAX_CHANGE_OPS + 1
		});
		const doc = new Uint8Array([...snap.doc, ...bomb]);
		// Signed as the newcomer rebuilds it: the change as Automerge encodes it again.
		const actor = actorFor(mallory.author, 7n);
		const again = A.getAllChanges(A.load(doc)).filter((c) => A.decodeChange(c).actor === actor);
		expect(again).toHaveLength(1);
		const entry = await new LogWriter(mallory, 7n, new LogBook()).append(encodeChanges(again));
		const signature = entry.bytes.subarray(entry.bytes.length - 64);
		const r = await checkSnapshot(
			{
				...snap,
				doc,
				logs: [
					...snap.logs,
					{
						author: mallory.author,
						logId: 7n,
						entries: [{ endOfLog: false, changes: 1, signature }]
					}
				]
			},
			f.id,
			recording()
		);
		expect(r.ok).toBe(false);
		expect(!r.ok && r.error.reason).toMatch(/entry 1: change 1 of 1: .* over the limits/);
	});

	it("refuses a change, signed by its author, that writes the festival's root, naming the change", async () => {
		const { f, snap } = await festival(1);
		const mallory = await generateIdentity('Mallory');
		const actor = actorFor(mallory.author, 7n);
		let d = A.clone(A.load<Record<string, unknown>>(snap.doc), actor as A.ActorId);
		d = A.change(d, { message: f.id }, (x) => {
			x.hack = 1;
		});
		const change = A.getLastLocalChange(d)!;
		const entry = await new LogWriter(mallory, 7n, new LogBook()).append(encodeChanges([change]));
		const r = await checkSnapshot(
			{
				...snap,
				doc: A.save(d),
				logs: [
					...snap.logs,
					{
						author: mallory.author,
						logId: 7n,
						entries: [
							{
								endOfLog: false,
								changes: 1,
								signature: entry.bytes.subarray(entry.bytes.length - 64)
							}
						]
					}
				]
			},
			f.id,
			recording()
		);
		const hash = A.decodeChange(change).hash;
		expect(!r.ok && r.error.reason).toBe(
			`change ${hash.slice(0, 12)} op 1 writes the festival's root key "hack", which only its creation may`
		);
	});
});
