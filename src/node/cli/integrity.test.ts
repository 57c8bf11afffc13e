/**
 * Integrity attacks through the real CLI: hostile bundles (validly signed by Mallory) imported
 * with `festival bundle import`. Each test is named after the attack it reproduces. Mallory's
 * entries are crafted in memory with the core library, then written as a bundle file next to
 * Alice's honest entries.
 */
import * as A from '@automerge/automerge';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

interface Show {
	id: string;
	name: string;
	resources: { id: string; name: string; owner: string }[];
	events: { id: string; title: string; owner: string }[];
	problems: { festival: string; where: string; reason: string }[];
}

const homes = cliHomes<Show>('integrity');
const person = (name: string) => homes.person(name);
type Person = CliPerson<Show>;

const HOUR = (h: number) => `2026-07-01T${String(h).padStart(2, '0')}:00:00Z`;
const file = (what: string) => `${homes.path(what)}.bin`;

/** Exports `fest` from `who` to a new file; returns its path and bytes. */
async function exported(who: Person, fest: string): Promise<{ path: string; bytes: Uint8Array }> {
	const path = file('export');
	await who.ok('bundle', 'export', fest, path);
	return { path, bytes: new Uint8Array(await readFile(path)) };
}

/** The entries of festival `fest` in a bundle. */
function entriesOf(bytes: Uint8Array, fest: string): EntryItem[] {
	const b = readBundle(bytes);
	if (!b.ok) throw new Error(b.error.reason);
	return [...(b.value.find((f) => f.id === fest)?.entries ?? [])];
}

/** Writes a bundle of one festival to a new file. */
async function bundleFile(
	what: string,
	fest: string,
	entries: readonly EntryItem[]
): Promise<string> {
	const path = file(what);
	await writeFile(path, writeBundle([{ id: fest as FestivalId, entries }]));
	return path;
}

/** Bytes stored in a home (its data). */
async function stored(who: Person): Promise<number> {
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

const talk = (title: string, h: number) => ({
	title,
	start: HOUR(h),
	end: HOUR(h + 1),
	tags: [],
	requests: []
});

type Ctx = FestivalContext & { identity: Identity };

/**
 * Mallory, holding the festival `fest` (from `entries`), in memory: she signs entries of her
 * own making into logs of hers (each log has its own Automerge actor).
 */
async function mallory(fest: string, entries: readonly EntryItem[]) {
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
async function alicesFestival() {
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
async function seqAttack(fest: string, honest: readonly EntryItem[]) {
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
async function junkAttack(fest: string, honest: readonly EntryItem[]) {
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

const REFUSED_SUMMARY =
	/entries or changes were refused \(see above\); the rest was imported|entry or change was refused \(see above\); the rest was imported/;
const titles = (s: Show) => s.events.map((e) => e.title).sort();

describe('changes Automerge cannot apply', () => {
	it('changes Automerge cannot apply in a bundle: a duplicate and a skipped seq of Mallory’s next to Alice’s honest entries import without an unexpected error; the honest entries are kept, Mallory’s duplicated log counts for nothing', async () => {
		const { alice, fest, hall, opening, honest } = await alicesFestival();
		const { mal, hostile } = await seqAttack(fest, honest);
		// Mallory's entries come first in the file: the honest ones after them must not be lost.
		const path = await bundleFile('seq-attack', fest, [...hostile, ...honest]);

		const bob = await person('bob');
		const r = await bob.run('bundle', 'import', path);
		expect(r.stderr).not.toMatch(/unexpected error/);
		expect(r.code, r.stderr).toBe(3);
		expect(r.stdout.trim()).toBe(fest);
		expect(r.stderr).toMatch(/refused.*repeats seq 1 of its actor/);
		expect(r.stderr).toMatch(REFUSED_SUMMARY);

		const check = (s: Show) => {
			expect(s.name).toBe('Summer camp');
			expect(s.resources).toEqual([
				expect.objectContaining({ id: hall, name: 'Hall', owner: alice.key })
			]);
			expect(s.events).toEqual([
				expect.objectContaining({ id: opening, title: 'Opening', owner: alice.key })
			]);
			// Neither the change applied first ('Mallory one') nor its duplicate nor the skip counts.
			expect(s.events.some((e) => e.owner === mal.m.identity.author)).toBe(false);
			const problems = s.problems.map((p) => `${p.where}: ${p.reason}`).join('\n');
			expect(problems).toMatch(/seq 1/);
			expect(problems).toMatch(new RegExp(mal.m.identity.author.slice(0, 8)));
			expect(problems).toMatch(/forked|ignored/);
		};
		const first = await bob.show(fest);
		check(first);
		// A new run (a restart) still reads the festival, the same.
		const second = await bob.show(fest);
		check(second);
		expect(second).toEqual(first);
		expect(await bob.ok('show', fest)).toMatch(/Opening/);
	});

	it('changes Automerge cannot apply, relayed: Carol importing Bob’s export sees what Bob sees, and Alice’s later edits still apply for both', async () => {
		const { alice, fest, honest } = await alicesFestival();
		const { mal, hostile } = await seqAttack(fest, honest);
		const bob = await person('bob');
		expect(
			(
				await bob.run(
					'bundle',
					'import',
					await bundleFile('seq-attack', fest, [...hostile, ...honest])
				)
			).code
		).toBe(3);
		const carol = await person('carol');
		const relayed = await carol.run('bundle', 'import', (await exported(bob, fest)).path);
		expect(relayed.stderr).not.toMatch(/unexpected error/);
		expect([0, 3]).toContain(relayed.code);
		expect(relayed.stdout.trim()).toBe(fest);
		const atBob = await bob.show(fest);
		const atCarol = await carol.show(fest);
		expect(titles(atCarol)).toEqual(titles(atBob));
		expect(atCarol.events.some((e) => e.owner === mal.m.identity.author)).toBe(false);

		await alice.ok(
			'event',
			'add',
			fest,
			'--title',
			'Closing',
			'--start',
			HOUR(20),
			'--end',
			HOUR(21)
		);
		const later = (await exported(alice, fest)).path;
		for (const who of [bob, carol]) {
			const r = await who.run('bundle', 'import', later);
			expect(r.code, r.stderr).toBe(0);
			expect(titles(await who.show(fest))).toEqual(['Closing', 'Opening']);
		}
	});
});

describe('refused entries', () => {
	it('refused entries are stored and relayed: garbage payloads and entries of another festival were kept and passed on; now they are refused, listed among the problems (also after a restart), and the next export does not grow by them', async () => {
		const { alice, fest, hall, opening, original, honest } = await alicesFestival();
		const { mal, hostile } = await junkAttack(fest, honest);
		const path = await bundleFile('junk-attack', fest, [...hostile, ...honest]);
		expect((await stat(path)).size).toBeGreaterThan(200_000);

		const bob = await person('bob');
		const r = await bob.run('bundle', 'import', path);
		expect(r.stderr).not.toMatch(/unexpected error/);
		expect(r.code, r.stderr).toBe(3);
		expect(r.stdout.trim()).toBe(fest);
		expect(r.stderr).toMatch(REFUSED_SUMMARY);
		expect(r.stderr.split('\n').filter((l) => /: refused/.test(l)).length).toBeGreaterThanOrEqual(
			2
		);

		const check = (s: Show) => {
			expect(s.resources).toEqual([expect.objectContaining({ id: hall, owner: alice.key })]);
			expect(s.events).toEqual([
				expect.objectContaining({ id: opening, title: 'Opening', owner: alice.key })
			]);
			const refusals = s.problems.filter((p) => p.reason.startsWith('refused: '));
			expect(refusals.length).toBeGreaterThanOrEqual(2);
			expect(refusals.every((p) => p.festival === fest)).toBe(true);
			expect(refusals.some((p) => p.where.includes(mal.m.identity.author.slice(0, 8)))).toBe(true);
		};
		const first = await bob.show(fest);
		check(first);
		const second = await bob.show(fest);
		check(second);
		expect(second.problems).toEqual(first.problems);

		// Bob passes the festival on: neither the garbage nor the other festival's entries travel.
		const again = await exported(bob, fest);
		expect(again.bytes.length - original.bytes.length).toBeLessThan(4_000);
		const carol = await person('carol');
		const relayed = await carol.run('bundle', 'import', again.path);
		expect([0, 3]).toContain(relayed.code);
		expect(titles(await carol.show(fest))).toEqual(['Opening']);
		expect((await carol.ok('list')).split('\n')).toHaveLength(1);
	});
});

describe('hostile bundles, neighbours', () => {
	it('the same hostile bundle imported twice: refused again (exit 3), nothing re-stored, problems not repeated', async () => {
		const { fest, honest, original } = await alicesFestival();
		const seq = await seqAttack(fest, honest);
		const junk = await junkAttack(fest, honest);
		const path = await bundleFile('both-attacks', fest, [
			...seq.hostile,
			...junk.hostile,
			...honest
		]);
		const bob = await person('bob');
		const first = await bob.run('bundle', 'import', path);
		expect(first.code, first.stderr).toBe(3);
		const shown = await bob.show(fest);
		const size = await stored(bob);
		const exportedSize = (await exported(bob, fest)).bytes.length;
		expect(exportedSize - original.bytes.length).toBeLessThan(4_000);

		// The bundle still holds what was refused: the import says so again, and stores nothing new.
		const second = await bob.run('bundle', 'import', path);
		expect(second.stderr).not.toMatch(/unexpected error/);
		expect(second.code, second.stderr).toBe(3);
		expect(second.stdout.trim()).toBe(fest);
		expect(second.stderr).toMatch(REFUSED_SUMMARY);
		expect(await bob.show(fest)).toEqual(shown);
		expect((await stored(bob)) - size).toBeLessThan(4_000);
		expect((await exported(bob, fest)).bytes.length).toBe(exportedSize);
	});

	it('a bundle of nothing but hostile entries, for a festival not held: exit 1, nothing stored', async () => {
		const { fest, honest } = await alicesFestival();
		const seq = await seqAttack(fest, honest);
		const junk = await junkAttack(fest, honest);
		const carol = await person('carol');
		await carol.ok('create', 'Carol’s own');
		const listed = await carol.ok('list');
		const size = await stored(carol);
		const r = await carol.run(
			'bundle',
			'import',
			await bundleFile('only-hostile', fest, [...seq.hostile, ...junk.hostile])
		);
		expect(r.stderr).not.toMatch(/unexpected error/);
		expect(r.code, r.stderr).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr).toMatch(/nothing valid in .* could be imported/);
		expect(await carol.ok('list')).toBe(listed);
		expect((await carol.run('show', fest)).code).toBe(1);
		expect((await stored(carol)) - size).toBeLessThan(1_000);
	});

	it('a bundle of nothing but garbage payloads and another festival’s entries, for a festival held: exit 1, nothing said to be imported, the festival as it was, the next export not grown', async () => {
		const { fest, hall, opening, honest, original } = await alicesFestival();
		const junk = await junkAttack(fest, honest);
		const bob = await person('bob');
		await bob.ok('bundle', 'import', original.path);
		const before = await bob.show(fest);
		const size = await stored(bob);
		const r = await bob.run('bundle', 'import', await bundleFile('only-junk', fest, junk.hostile));
		expect(r.stderr).not.toMatch(/unexpected error/);
		expect(r.code, r.stderr).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr).not.toMatch(/the rest was imported/);
		expect(r.stderr).toMatch(/refused[\s\S]*nothing valid in .* could be imported/);
		const after = await bob.show(fest);
		expect(after.resources.map((x) => x.id)).toEqual([hall]);
		expect(after.events.map((e) => e.id)).toEqual([opening]);
		expect(after.resources).toEqual(before.resources);
		expect(after.events).toEqual(before.events);
		// What was refused is listed; neither the garbage nor the other festival is kept.
		expect(after.problems.some((p) => p.reason.startsWith('refused: '))).toBe(true);
		expect((await stored(bob)) - size).toBeLessThan(8_000);
		expect((await exported(bob, fest)).bytes.length - original.bytes.length).toBeLessThan(1_000);
	});

	it('a bundle of nothing but Mallory’s duplicate and skipped seqs, for a festival held: her entries are kept as evidence (exit 3) and count for nothing, here and for whoever gets them from here', async () => {
		const { fest, honest, original } = await alicesFestival();
		const seq = await seqAttack(fest, honest);
		const bob = await person('bob');
		await bob.ok('bundle', 'import', original.path);
		const before = await bob.show(fest);
		const r = await bob.run('bundle', 'import', await bundleFile('only-seq', fest, seq.hostile));
		expect(r.stderr).not.toMatch(/unexpected error/);
		expect(r.code, r.stderr).toBe(3);
		expect(r.stderr).toMatch(/repeats seq 1 of its actor/);
		const after = await bob.show(fest);
		expect(after.events).toEqual(before.events);
		expect(after.resources).toEqual(before.resources);
		// Passed on with both of its seq-1 changes, the log is void at the next peer too.
		const carol = await person('carol');
		const relayed = await carol.run('bundle', 'import', (await exported(bob, fest)).path);
		expect([0, 3]).toContain(relayed.code);
		expect((await carol.show(fest)).events).toEqual(before.events);
	});
});
