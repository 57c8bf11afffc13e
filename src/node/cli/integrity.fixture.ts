/**
 * Helpers of the CLI integrity tests: homes, bundles as files, and the attacks Mallory makes.
 * @module
 */
import * as A from '@automerge/automerge';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readBundle, writeBundle } from '../../lib/core/festival/files/bundle.js';
import { addEvent, type FestivalDoc } from '../../lib/core/festival/document/doc.js';
import type { EntryItem } from '../../lib/core/festival/ingest/engine.js';
import { Festival, type FestivalContext } from '../../lib/core/festival/festival.js';
import { actorFor, type FestivalId } from '../../lib/core/festival/document/ids.js';
import { encodeChanges } from '../../lib/core/festival/ingest/payload.js';
import { LogWriter } from '../../lib/core/festival/document/writer.js';
import {
	generateIdentity,
	logIdFor,
	newDeviceId,
	type Identity
} from '../../lib/core/identity/identity.js';
import { LogBook } from '../../lib/core/log/log.js';
import { MemoryStorageAdapter } from '../../lib/core/store/memory-storage-adapter.js';
import { cliHomes, type CliPerson } from './homes.fixture.js';

export interface Show {
	id: string;
	name: string;
	resources: { id: string; name: string; owner: string }[];
	events: { id: string; title: string; owner: string }[];
	problems: { festival: string; where: string; reason: string }[];
}

export const homes = cliHomes<Show>('integrity');
export const person = (name: string) => homes.person(name);
export type Person = CliPerson<Show>;

export const HOUR = (h: number) => `2026-07-01T${String(h).padStart(2, '0')}:00:00Z`;
export const file = (what: string) => `${homes.path(what)}.bin`;

/** Exports `fest` from `who` to a new file; returns its path and bytes. */
export async function exported(
	who: Person,
	fest: string
): Promise<{ path: string; bytes: Uint8Array }> {
	const path = file('export');
	await who.ok('bundle', 'export', fest, path);
	return { path, bytes: new Uint8Array(await readFile(path)) };
}

/** The entries of festival `fest` in a bundle. */
export function entriesOf(bytes: Uint8Array, fest: string): EntryItem[] {
	const b = readBundle(bytes);
	if (!b.ok) throw new Error(b.error.reason);
	return [...(b.value.find((f) => f.id === fest)?.entries ?? [])];
}

/** Writes a bundle of one festival to a new file. */
export async function bundleFile(
	what: string,
	fest: string,
	entries: readonly EntryItem[]
): Promise<string> {
	const path = file(what);
	await writeFile(path, writeBundle([{ id: fest as FestivalId, entries }]));
	return path;
}

/** Bytes stored in a home (its data). */
export async function stored(who: Person): Promise<number> {
	let total = 0;
	const walk = async (dir: string): Promise<void> => {
		for (const d of await readdir(dir, { withFileTypes: true })) {
			const p = join(dir, d.name);
			if (d.isDirectory()) await walk(p);
			else total += (await stat(p)).size;
		}
	};
	await walk(join(who.home, 'data'));
	return total;
}

export const talk = (title: string, h: number) => ({
	title,
	start: HOUR(h),
	end: HOUR(h + 1),
	tags: [],
	requests: []
});

export type Ctx = FestivalContext & { identity: Identity };

/**
 * Mallory, holding the festival `fest` (from `entries`), in memory: she signs entries of her
 * own making into logs of hers (each log has its own Automerge actor).
 */
export async function mallory(fest: string, entries: readonly EntryItem[]) {
	const m: Ctx = {
		identity: await generateIdentity('Mallory'),
		device: newDeviceId(),
		storage: new MemoryStorageAdapter(),
		sealDelayMs: 5
	};
	const fm = await Festival.join(m, fest as FestivalId, entries);
	const log = (logId = logIdFor(newDeviceId(), fest)) => {
		const actor = actorFor(m.identity.author, logId);
		const writer = new LogWriter(m.identity, logId, new LogBook());
		/** A payload signed as the next entry of this log. */
		const signRaw = async (payload: Uint8Array): Promise<EntryItem> => ({
			bytes: (await writer.append(payload)).bytes,
			payload
		});
		return {
			actor,
			/** A change by this log's actor on top of `doc` (its seq as Automerge gives it). */
			changeOn: (doc: A.Doc<FestivalDoc>, title: string, h: number) =>
				A.getLastLocalChange(
					A.change(
						A.clone(doc, actor),
						{ message: fest },
						(d) => void addEvent(d, m.identity.author, talk(title, h))
					)
				)!,
			signRaw,
			sign: (...changes: Uint8Array[]) => signRaw(encodeChanges(changes))
		};
	};
	return { m, fm, log };
}

/** Alice's festival with a hall and an opening talk, exported as a bundle. */
export async function alicesFestival() {
	const alice = await person('alice');
	const fest = await alice.ok('create', 'Summer camp', '--tz', 'UTC');
	const hall = await alice.ok('resource', 'add', fest, '--name', 'Hall', '--kind', 'location');
	const opening = await alice.ok(
		'event',
		'add',
		fest,
		'--title',
		'Opening',
		'--start',
		HOUR(10),
		'--end',
		HOUR(11),
		'--request',
		hall
	);
	const original = await exported(alice, fest);
	return { alice, fest, hall, opening, original, honest: entriesOf(original.bytes, fest) };
}

/** Alice's honest entries with Mallory's duplicate and skipped Automerge seqs (hers first). */
export async function seqAttack(fest: string, honest: readonly EntryItem[]) {
	const mal = await mallory(fest, honest);
	const one = mal.log();
	// Entries 1 and 2 of one log: two different changes, both seq 1 of its actor.
	const e1 = await one.sign(one.changeOn(mal.fm.doc, 'Mallory one', 12));
	const e2 = await one.sign(one.changeOn(mal.fm.doc, 'Mallory dup', 13));
	// Another log of hers: a change claiming seq 3 of its actor, whose seqs 1 and 2 never exist.
	const two = mal.log();
	const plain = A.decodeChange(two.changeOn(mal.fm.doc, 'Mallory skip', 14));
	const e3 = await two.sign(A.encodeChange({ ...plain, seq: 3 } as A.DecodedChange));
	return { mal, hostile: [e1, e2, e3] };
}

/** Alice's honest entries with a garbage payload and another festival's entries (Mallory's). */
export async function junkAttack(fest: string, honest: readonly EntryItem[]) {
	const mal = await mallory(fest, honest);
	// (a) 200 KB of 0x07 under a valid signature, as entry 1 of a log of hers in this festival.
	const garbage = await mal.log().signRaw(new Uint8Array(200_000).fill(7));
	// (b) A festival of her own, its entries listed under this festival's id.
	const other = await Festival.create(mal.m, { name: 'Other' });
	for (let i = 0; i < 5; i++)
		await other.change(
			(d) => void addEvent(d, mal.m.identity.author, talk(`Elsewhere ${i}`, 8 + i))
		);
	await other.close();
	const foreign = await other.entries();
	return { mal, hostile: [garbage, ...foreign], garbage, foreign };
}

export const REFUSED_SUMMARY =
	/entries or changes were refused \(see above\); the rest was imported|entry or change was refused \(see above\); the rest was imported/;
export const titles = (s: Show) => s.events.map((e) => e.title).sort();
