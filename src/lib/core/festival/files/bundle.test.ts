import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { decodeChanges } from '../ingest/payload.js';
import { bytesEqual } from '../../bytes.js';
import { generateIdentity, newDeviceId, type Identity } from '../../identity/identity.js';
import { MemoryStorageAdapter } from '../../store/memory-storage-adapter.js';
import { addEvent, addResource, rawItem, rawItems } from '../document/doc.js';
import { Festival, type FestivalContext } from '../festival.js';
import { BUNDLE_MAGIC, readBundle, writeBundle, type BundleFestival } from './bundle.js';
import { bundleFamily, collectBundle, importBundle } from './bundle-tree.js';
import { listFestivals } from './storage.js';
import { encodeVaru64 } from '../../log/varu64.js';
import { concatBytes } from '../../bytes.js';
import type { FestivalId } from '../document/ids.js';
import { talk } from '../talk.fixture.js';

async function person(name: string): Promise<FestivalContext & { identity: Identity }> {
	return {
		identity: await generateIdentity(name),
		device: newDeviceId(),
		storage: new MemoryStorageAdapter(),
		sealDelayMs: 5
	};
}
const room = { name: 'Main hall', kind: 'location', policy: 'manual' } as const;

/** A small deterministic PRNG so failures reproduce. */
function prng(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

async function sample(): Promise<{
	alice: FestivalContext & { identity: Identity };
	f: Festival;
	bundle: BundleFestival[];
}> {
	const alice = await person('Alice');
	const f = await Festival.create(alice, { name: 'Fest' });
	await f.change((d) => addResource(d, alice.identity.author, room));
	await f.close();
	await f.change((d) => addEvent(d, alice.identity.author, talk('Opening')));
	await f.close();
	return { alice, f, bundle: [{ id: f.id, entries: await f.entries() }] };
}

function sameBundles(a: readonly BundleFestival[], b: readonly BundleFestival[]): boolean {
	return (
		a.length === b.length &&
		a.every(
			(fa, i) =>
				fa.id === b[i]!.id &&
				fa.entries.length === b[i]!.entries.length &&
				fa.entries.every((e, j) => {
					const o = b[i]!.entries[j]!;
					return (
						bytesEqual(e.bytes, o.bytes) &&
						(e.payload && o.payload ? bytesEqual(e.payload, o.payload) : !e.payload && !o.payload)
					);
				})
		)
	);
}

describe('bundle format', () => {
	it('round-trips festivals, entries, payloads and absent payloads', async () => {
		const { bundle } = await sample();
		const two: BundleFestival[] = [
			...bundle,
			{ id: 'ab'.repeat(32) as FestivalId, entries: [{ bytes: Uint8Array.of(1, 2, 3) }] },
			{ id: 'cd'.repeat(32) as FestivalId, entries: [] }
		];
		const bytes = writeBundle(two);
		expect(bytes.subarray(0, 8)).toEqual(BUNDLE_MAGIC);
		const back = readBundle(bytes);
		expect(back.ok).toBe(true);
		if (back.ok) expect(sameBundles(back.value, two)).toBe(true);
		const empty = readBundle(writeBundle([]));
		expect(empty).toEqual({ ok: true, value: [] });
	});

	it("reads entries and payloads into buffers of their own, not views of the bundle's", async () => {
		const { bundle } = await sample();
		const back = readBundle(writeBundle(bundle));
		expect(back.ok).toBe(true);
		if (!back.ok) return;
		const items = back.value.flatMap((f) => f.entries);
		expect(items.length).toBeGreaterThan(0);
		for (const e of items) {
			// What IndexedDB or postMessage copies of a view is its whole buffer.
			expect(e.bytes.buffer.byteLength).toBe(e.bytes.byteLength);
			if (e.payload?.length) expect(e.payload.buffer.byteLength).toBe(e.payload.byteLength);
		}
	});

	it('refuses every truncation with a reason', async () => {
		const { bundle } = await sample();
		const bytes = writeBundle(bundle);
		for (let n = 0; n < bytes.length; n++) {
			const r = readBundle(bytes.subarray(0, n));
			expect(r.ok, `truncated to ${n} bytes`).toBe(false);
			if (!r.ok) expect(r.error.reason).toMatch(/truncated|not a festival bundle/);
		}
	});

	it('random garbage and random bit flips never throw', async () => {
		const { bundle } = await sample();
		const good = writeBundle(bundle);
		const rnd = prng(42);
		for (let i = 0; i < 2000; i++) {
			const garbage = new Uint8Array(Math.floor(rnd() * 200)).map(() => Math.floor(rnd() * 256));
			if (i % 2) garbage.set(BUNDLE_MAGIC.subarray(0, Math.min(8, garbage.length)));
			expect(() => readBundle(garbage)).not.toThrow();
			const flipped = good.slice();
			const at = Math.floor(rnd() * Math.min(flipped.length, 80));
			flipped[at]! ^= 1 << Math.floor(rnd() * 8);
			expect(() => readBundle(flipped)).not.toThrow();
		}
	});

	it('names the problem: magic, version, oversize counts, stray bytes, duplicate festivals', () => {
		const head = (...parts: Uint8Array[]) => concatBytes(BUNDLE_MAGIC, ...parts);
		const reason = (b: Uint8Array) => {
			const r = readBundle(b);
			return r.ok ? 'ok' : `${r.error.code}: ${r.error.reason}`;
		};
		expect(reason(new TextEncoder().encode('PK\u0003\u0004 zip file'))).toMatch(
			/^magic: not a festival bundle/
		);
		expect(reason(head(encodeVaru64(2), encodeVaru64(0)))).toMatch(
			/^version: bundle version 2 is not supported/
		);
		expect(reason(head(encodeVaru64(1), encodeVaru64(2n ** 60n)))).toMatch(
			/^too-large: the festival count/
		);
		expect(reason(head(encodeVaru64(1), encodeVaru64(1000)))).toMatch(
			/^truncated: .*festival count is 1000/
		);
		const id = new Uint8Array(32).fill(7);
		expect(
			reason(
				head(
					encodeVaru64(1),
					encodeVaru64(1),
					id,
					encodeVaru64(1),
					encodeVaru64(5000),
					new Uint8Array(5000)
				)
			)
		).toMatch(/^too-large: the length of entry 1 of festival 1 is 5000/);
		expect(
			reason(head(encodeVaru64(1), encodeVaru64(1), id, encodeVaru64(0), Uint8Array.of(9)))
		).toMatch(/^malformed: 1 stray bytes/);
		expect(
			reason(head(encodeVaru64(1), encodeVaru64(2), id, encodeVaru64(0), id, encodeVaru64(0)))
		).toMatch(/listed twice/);
		expect(reason(head(Uint8Array.of(0xf8, 0x05)))).toMatch(
			/^malformed: the bundle version is not a canonical varu64/
		);
	});
});

describe('importing bundles', () => {
	it('with keepOpen hands back the festival open, usable at once and stored', async () => {
		const { f, bundle } = await sample();
		const bob = await person('Bob');
		const [r] = await importBundle(bob, readBundleOk(writeBundle(bundle)), { keepOpen: true });
		expect(r!.festival?.id).toBe(f.id);
		expect(r!.festival!.doc.meta?.name).toBeDefined();
		await r!.festival!.change((d) => addEvent(d, bob.identity.author, talk('Right away')));
		await r!.festival!.close();
		const again = (await Festival.open(bob, f.id))!;
		expect(JSON.stringify(again.doc.events)).toContain('Right away');
		await again.close();
	});

	it('a tampered entry inside a well-formed bundle is refused at ingest; the honest ones import', async () => {
		const { alice, f, bundle } = await sample();
		// Bob joins, adds an event; his bundle carries Alice's entries and his own.
		const bob = await person('Bob');
		const [fb] = await importBundle(bob, readBundleOk(writeBundle(bundle)));
		expect(fb).toMatchObject({ usable: true, wasHeld: false, name: 'Fest' });
		const bf = (await Festival.open(bob, f.id))!;
		await bf.change((d) => addEvent(d, bob.identity.author, talk('Bob talks')));
		await bf.close();
		const entries = await bf.entries();
		// Tamper with Bob's entry payload (one byte) inside an otherwise well-formed bundle.
		const bobs = entries.findIndex((e) =>
			bytesEqual(e.bytes.subarray(1, 33), bob.identity.publicKey)
		);
		expect(bobs).toBeGreaterThanOrEqual(0);
		const tampered = entries.map((e, i) => {
			if (i !== bobs) return e;
			const p = e.payload!.slice();
			p[p.length - 1]! ^= 0xff;
			return { bytes: e.bytes, payload: p };
		});
		const carol = await person('Carol');
		const bytes = writeBundle([{ id: f.id, entries: tampered }]);
		const [imported] = await importBundle(carol, readBundleOk(bytes));
		expect(imported!.usable).toBe(true);
		expect(imported!.report.refused).toHaveLength(1);
		expect(imported!.report.refused[0]!.reason).toMatch(/payload/);
		const cf = (await Festival.open(carol, f.id))!;
		expect(rawItems(cf.doc, 'resources')).toHaveLength(1);
		expect(
			rawItems(cf.doc, 'events').map(([, v]) => String((v as { title: unknown }).title))
		).toEqual(['Opening']);
		// Alice is untouched by any of this.
		expect(rawItems(f.doc, 'events')).toHaveLength(1);
		expect(alice.identity.author).not.toBe(bob.identity.author);
	});

	it('a festival whose genesis is missing is not kept; nothing of it stays stored', async () => {
		const { f, bundle } = await sample();
		const isGenesis = (p: Uint8Array | undefined) => {
			const changes = p ? decodeChanges(p) : undefined;
			return !!changes?.ok && changes.value.some((c) => A.decodeChange(c).hash === f.id);
		};
		const withoutGenesis = bundle[0]!.entries.filter((e) => !isGenesis(e.payload));
		expect(withoutGenesis.length).toBe(bundle[0]!.entries.length - 1);
		const carol = await person('Carol');
		const [r] = await importBundle(carol, [{ id: f.id, entries: withoutGenesis }]);
		expect(r!.usable).toBe(false);
		expect(await Festival.open(carol, f.id)).toBeUndefined();
		expect(await listFestivals(carol.storage)).toEqual([]);
	});

	it('a bundle of a child holds its ancestors; a bundle of the parent holds its descendants', async () => {
		const alice = await person('Alice');
		const top = await Festival.create(alice, { name: 'Top' });
		const r = await top.change((d) => addResource(d, alice.identity.author, room));
		const mid = await top.addChild({ name: 'Mid' });
		const leaf = await mid.addChild({ name: 'Leaf' });
		const other = await Festival.create(alice, { name: 'Unrelated' });
		for (const x of [top, mid, leaf, other]) await x.close();
		expect(await bundleFamily(alice, leaf.id)).toEqual([leaf.id, mid.id, top.id]);
		expect((await bundleFamily(alice, top.id)).sort()).toEqual([top.id, mid.id, leaf.id].sort());
		const bob = await person('Bob');
		const got = await importBundle(
			bob,
			readBundleOk(writeBundle((await collectBundle(alice, leaf.id))!))
		);
		expect(got.map((g) => g.name)).toEqual(['Leaf', 'Mid', 'Top']);
		const bt = (await Festival.open(bob, top.id))!;
		expect(rawItem(bt.doc, 'resources', r)).toBeDefined();
		expect((await listFestivals(bob.storage)).find((s) => s.id === leaf.id)?.parent).toBe(mid.id);
		expect(await collectBundle(bob, 'ee'.repeat(32) as FestivalId)).toBeUndefined();
	});
});

function readBundleOk(bytes: Uint8Array): BundleFestival[] {
	const r = readBundle(bytes);
	if (!r.ok) throw new Error(r.error.reason);
	return r.value;
}
