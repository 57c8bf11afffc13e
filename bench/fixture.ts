/**
 * Large festivals for the benches. {@link bigFestival}: by default 50 authors, 10,000 events,
 * 30,000 changes, each change one signed entry (the worst case for ingest: a signature per
 * change). Every author works offline on its own copy from the genesis (each event is created,
 * retitled, and tagged, or only created), so the logs are long concurrent chains.
 * {@link storedFestival} and {@link storeEntries}: festivals held in NodeFS storage in a
 * temporary folder, to open and edit.
 */
import * as A from '@automerge/automerge';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Festival, type FestivalContext } from '../src/lib/core/festival/festival.js';
import {
	generateIdentity,
	logIdFor,
	newDeviceId,
	type AuthorId,
	type Identity
} from '../src/lib/core/identity/identity.js';
import { LogBook } from '../src/lib/core/log/log.js';
import {
	createFestivalDoc,
	addEvent,
	type FestivalDoc
} from '../src/lib/core/festival/document/doc.js';
import type { EventData } from '../src/lib/core/model/event.js';
import type { EntryItem } from '../src/lib/core/festival/ingest/engine.js';
import { actorFor, shardOf, type FestivalId } from '../src/lib/core/festival/document/ids.js';
import { encodeChanges } from '../src/lib/core/festival/ingest/payload.js';
import { LogWriter } from '../src/lib/core/festival/document/writer.js';

export interface BigFestival {
	id: FestivalId;
	entries: EntryItem[];
	changes: Uint8Array[];
	authors: Identity[];
}

export async function bigFestival(
	authors = 50,
	eventsPerAuthor = 200,
	changesPerEntry = 1,
	retitleAndTag = true
): Promise<BigFestival> {
	const ids = await Promise.all(
		Array.from({ length: authors }, (_, i) => generateIdentity(`author ${i}`))
	);
	const creator = ids[0]!;
	const dev0 = newDeviceId();
	const genesisLog = logIdFor(dev0, 'genesis');
	const { doc: g, id } = createFestivalDoc(actorFor(creator.author, genesisLog), {
		name: 'Big',
		tz: 'Europe/Berlin'
	});
	const genesis = A.getLastLocalChange(g)!;
	const entries: EntryItem[] = [];
	const changes: Uint8Array[] = [genesis];
	const gw = new LogWriter(creator, genesisLog, new LogBook());
	entries.push({
		bytes: (await gw.append(encodeChanges([genesis]))).bytes,
		payload: encodeChanges([genesis])
	});

	const perAuthor = await Promise.all(
		ids.map(async (who) => {
			const logId = logIdFor(newDeviceId(), id);
			let doc = A.clone(g, actorFor(who.author, logId));
			const mine: Uint8Array[] = [];
			const msg = { message: id };
			for (let i = 0; i < eventsPerAuthor; i++) {
				let ev = '';
				doc = A.change(doc, msg, (d) => {
					ev = addEvent(d, who.author, {
						title: `Talk ${i}`,
						start: `2026-07-0${1 + (i % 9)}T${String(8 + (i % 12)).padStart(2, '0')}:00:00Z`,
						end: `2026-07-0${1 + (i % 9)}T${String(9 + (i % 12)).padStart(2, '0')}:00:00Z`,
						tags: [],
						requests: []
					});
				});
				mine.push(A.getLastLocalChange(doc)!);
				if (!retitleAndTag) continue;
				doc = A.change(doc, msg, (d) => {
					d.events[shardOf(ev, 64)]![ev]!.title = new A.ImmutableString(`Talk ${i} (final title)`);
				});
				mine.push(A.getLastLocalChange(doc)!);
				doc = A.change(doc, msg, (d) => {
					d.events[shardOf(ev, 64)]![ev]!.tags.push(new A.ImmutableString('music'));
				});
				mine.push(A.getLastLocalChange(doc)!);
			}
			const w = new LogWriter(who, logId, new LogBook());
			const out: EntryItem[] = [];
			for (let i = 0; i < mine.length; i += changesPerEntry) {
				const payload = encodeChanges(mine.slice(i, i + changesPerEntry));
				out.push({ bytes: (await w.append(payload)).bytes, payload });
			}
			return { out, mine };
		})
	);
	for (const p of perAuthor) {
		entries.push(...p.out);
		changes.push(...p.mine);
	}
	return { id, entries, changes, authors: ids };
}

/** A festival document with `n` events (one author), for edit and open figures. */
export function eventsDoc(actor: string, n: number): { doc: A.Doc<FestivalDoc>; id: FestivalId } {
	const made = createFestivalDoc(actor as never, { name: 'Ten thousand' });
	let doc = made.doc;
	doc = A.change(doc, { message: made.id }, (d) => {
		for (let i = 0; i < n; i++) {
			addEvent(d, actor.slice(0, 64) as never, {
				title: `Event ${i}`,
				start: '2026-07-01T10:00:00Z',
				end: '2026-07-01T11:00:00Z',
				tags: ['x'],
				requests: []
			});
		}
	});
	return { doc, id: made.id };
}

/** A festival held in NodeFS storage in a temporary folder. */
export interface StoredFestival {
	readonly dir: string;
	readonly id: FestivalId;
	/** The holder's context (its storage is the folder's). */
	readonly ctx: FestivalContext & { identity: Identity };
	/** Deletes the folder. */
	remove(): Promise<void>;
}

async function holder(name: string): Promise<StoredFestival['ctx'] & { dir: string }> {
	const dir = mkdtempSync(join(tmpdir(), 'festival-bench-'));
	return {
		dir,
		identity: await generateIdentity(name),
		device: newDeviceId(),
		storage: new NodeFSStorageAdapter(dir),
		sealDelayMs: 60_000
	};
}

function stored(ctx: StoredFestival['ctx'] & { dir: string }, id: FestivalId): StoredFestival {
	return {
		dir: ctx.dir,
		id,
		ctx,
		remove: async () => rmSync(ctx.dir, { recursive: true, force: true })
	};
}

/** An event of the benches' festivals. */
export function benchEvent(i: number): EventData {
	return {
		title: `Event ${i}`,
		start: '2026-07-01T10:00:00Z',
		end: '2026-07-01T11:00:00Z',
		tags: ['x'],
		requests: []
	};
}

/** A stored festival of `events` events by one author, created in local edits of 1,000, each sealed. */
export async function storedFestival(events: number): Promise<StoredFestival> {
	const ctx = await holder('bench');
	const f = await Festival.create(ctx, { name: `${events} events` });
	for (let k = 0; k < events; k += 1000) {
		await f.change((d) => {
			for (let i = k; i < Math.min(events, k + 1000); i++)
				addEvent(d, ctx.identity.author, benchEvent(i));
		});
		await f.seal();
	}
	await f.close();
	return stored(ctx, f.id);
}

/** A festival held from entries (made elsewhere: a peer's), every entry verified as it is stored. */
export async function storeEntries(big: BigFestival): Promise<StoredFestival> {
	const ctx = await holder('holder');
	const f = await Festival.join(ctx, big.id, big.entries);
	if (f.doc.meta === undefined) throw new Error('bench festival did not build');
	await f.close();
	return stored(ctx, big.id);
}

/** Wall times of `n` local edits, each an event added and sealed into a signed, stored entry. */
export async function timeEdits(f: Festival, author: AuthorId, n: number): Promise<number[]> {
	const times: number[] = [];
	for (let i = 0; i < n; i++) {
		const t = performance.now();
		await f.change((d) => addEvent(d, author, benchEvent(1_000_000 + i)));
		await f.seal();
		times.push(performance.now() - t);
	}
	return times;
}

const shared = new Map<string, Promise<StoredFestival>>();

/**
 * A stored festival made once per bench process and kept for every suite that asks for the
 * same `key` (suites must not change it: they open copies, or open it only to read).
 */
export function sharedStore(
	key: string,
	make: () => Promise<StoredFestival>
): Promise<StoredFestival> {
	let p = shared.get(key);
	if (!p) shared.set(key, (p = make()));
	return p;
}

/** Deletes every {@link sharedStore} festival (at the end of the bench). */
export async function removeShared(): Promise<void> {
	for (const p of shared.values()) await (await p.catch(() => undefined))?.remove();
	shared.clear();
}
