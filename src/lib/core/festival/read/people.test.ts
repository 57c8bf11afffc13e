/**
 * People: profiles published under their author's key in `children`, what the write rules let
 * others do to them, how the read model reads them and tells people with similar names apart.
 */
import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import type { AuthorId } from '../../identity/identity.js';
import { rawProfile, setProfile } from '../document/doc.js';
import { addSharedContainers } from '../document/shared.js';
import { shardOf } from '../document/ids.js';
import { checkChange } from '../document/rules.js';
import { personLabels } from './people.js';
import { ALICE, BOB, CAROL, Fest, MALLORY, hours, tree, type RawDoc } from './tree.fixture.js';
import { readFestival } from './views.js';

const S = (s: string) => new A.ImmutableString(s);
const slot = (key: string) => shardOf(key, 16);

/** The write-rule verdict of `who`'s change to `f` (not merged). */
function verdict(f: Fest, who: AuthorId, fn: (d: RawDoc) => void) {
	const copy = f.fork(who, 7, fn);
	const shared = new Set<string>();
	addSharedContainers(f.doc, shared);
	return checkChange(A.decodeChange(A.getLastLocalChange(copy.doc)!), who, shared);
}

describe('profiles', () => {
	it('are published, read back and updated by their author; resources and events carry the owner name', () => {
		const f = new Fest(ALICE, 'Fest');
		f.edit(ALICE, (d) => setProfile(d, ALICE, { name: 'Alice', note: 'sound', contact: 'a@x' }));
		const hall = f.resource(ALICE);
		f.event(BOB, hours(10, 11), [{ resource: hall }]);
		let v = readFestival(tree(f), f.id)!;
		expect(v.people).toEqual([
			{ key: ALICE, name: 'Alice', label: 'Alice', note: 'sound', contact: 'a@x' },
			{ key: BOB, name: null, label: `${BOB.slice(0, 8)}…` }
		]);
		expect(v.resources[0]).toMatchObject({ owner: ALICE, ownerName: 'Alice' });
		expect(v.events[0]).toMatchObject({ owner: BOB, ownerName: null });
		const before = A.getObjectId(rawProfile(f.doc, ALICE) as object);
		f.edit(ALICE, (d) => setProfile(d, ALICE, { name: 'Alice B.' }));
		expect(A.getObjectId(rawProfile(f.doc, ALICE) as object)).toBe(before); // updated in place
		v = readFestival(tree(f), f.id)!;
		expect(v.people[0]).toEqual({ key: ALICE, name: 'Alice B.', label: 'Alice B.' });
		expect(v.problems).toEqual([]);
	});

	it('a profile in a parent festival names its author in a sub-festival', () => {
		const parent = new Fest(ALICE, 'Parent');
		parent.edit(ALICE, (d) => setProfile(d, ALICE, { name: 'Alice' }));
		const child = new Fest(BOB, 'Child', parent.id);
		child.event(ALICE, hours(10, 11));
		expect(readFestival(tree(parent, child), child.id)!.events[0]!.ownerName).toBe('Alice');
	});
});

describe("write-rule attacks on Alice's profile", () => {
	const withAlice = () => {
		const f = new Fest(ALICE, 'Fest');
		f.edit(ALICE, (d) => setProfile(d, ALICE, { name: 'Alice' }));
		return f;
	};

	it('Mallory cannot publish a profile under Alice’s key', () => {
		const f = new Fest(ALICE, 'Fest');
		const r = verdict(f, MALLORY, (d) => (d.children[slot(ALICE)][ALICE] = { name: S('Alice') }));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.reason).toContain("without the author's prefix");
	});

	it('Mallory cannot overwrite Alice’s profile', () => {
		const f = withAlice();
		const r = verdict(f, MALLORY, (d) => (d.children[slot(ALICE)][ALICE] = { name: S('Mallory') }));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.reason).toContain(`a value of ${ALICE.slice(0, 8)}`);
	});

	it('Mallory cannot delete Alice’s profile', () => {
		const r = verdict(withAlice(), MALLORY, (d) => delete d.children[slot(ALICE)][ALICE]);
		expect(r.ok).toBe(false);
	});

	it('Mallory cannot rename Alice inside Alice’s profile', () => {
		const r = verdict(
			withAlice(),
			MALLORY,
			(d) => (d.children[slot(ALICE)][ALICE].name = S('Eve'))
		);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.reason).toContain('writes inside an object of');
	});

	it('Alice may publish and change her own profile', () => {
		expect(
			verdict(new Fest(ALICE, 'Fest'), BOB, (d) => setProfile(d, BOB, { name: 'Bob' })).ok
		).toBe(true);
		expect(verdict(withAlice(), ALICE, (d) => setProfile(d, ALICE, { name: 'Al' })).ok).toBe(true);
	});

	it('a profile Mallory forged under Alice’s key (the rules bypassed) is not read as Alice’s', () => {
		// Concurrently with Alice's: Automerge keeps both, the read model takes Alice's.
		const f = new Fest(ALICE, 'Fest');
		const forged = f.fork(MALLORY, 3, (d) => (d.children[slot(ALICE)][ALICE] = { name: S('Eve') }));
		f.edit(ALICE, (d) => setProfile(d, ALICE, { name: 'Alice' }));
		f.merge(forged);
		const v = readFestival(tree(f), f.id)!;
		expect(v.people.find((p) => p.key === ALICE)?.name).toBe('Alice');
		// Over Alice's: hers is gone from the document, and Mallory's is not read as hers.
		const h = withAlice();
		h.edit(MALLORY, (d) => (d.children[slot(ALICE)][ALICE] = { name: S('Eve') }));
		expect(readFestival(tree(h), h.id)!.people.find((p) => p.key === ALICE)).toBeUndefined();
		const g = new Fest(ALICE, 'Empty');
		g.edit(MALLORY, (d) => (d.children[slot(BOB)][BOB] = { name: S('Bob') }));
		const w = readFestival(tree(g), g.id)!;
		expect(w.people).toEqual([]);
		expect(w.problems.map((p) => p.reason)).toEqual(['not a profile of its key']);
	});

	it('a hostile profile is cleaned and cut when read', () => {
		const f = new Fest(ALICE, 'Fest');
		f.edit(MALLORY, (d) => {
			d.children[slot(MALLORY)][MALLORY] = {
				name: S('Ali\u202Ece\u0000\n  ' + 'x'.repeat(10_000)),
				note: S('\u2066hi\u2069'),
				contact: S('')
			};
		});
		const p = readFestival(tree(f), f.id)!.people.find((q) => q.key === MALLORY)!;
		expect(p.name).toBe(('Alice ' + 'x'.repeat(10_000)).slice(0, 80));
		expect(p.note).toBe('hi');
		expect(p).not.toHaveProperty('contact');
	});
});

describe('telling people apart', () => {
	it('shows the short key beside names that could be taken for each other', () => {
		const labels = personLabels(
			new Map<string, string | null>([
				[ALICE, 'Alice'],
				[MALLORY, 'ＡＬＩＣÉ '],
				[BOB, 'Bob'],
				[CAROL, 'deadbeef'],
				['dd'.repeat(32), null]
			])
		);
		expect(labels.get(ALICE)).toBe(`Alice (${ALICE.slice(0, 8)})`);
		expect(labels.get(MALLORY)).toBe(`ＡＬＩＣÉ  (${MALLORY.slice(0, 8)})`);
		expect(labels.get(BOB)).toBe('Bob');
		expect(labels.get(CAROL)).toBe(`deadbeef (${CAROL.slice(0, 8)})`);
		expect(labels.get('dd'.repeat(32))).toBe('dddddddd…');
	});

	it('labels two people of one name in a festival view apart', () => {
		const f = new Fest(ALICE, 'Fest');
		f.edit(ALICE, (d) => setProfile(d, ALICE, { name: 'Sam' }));
		f.edit(BOB, (d) => setProfile(d, BOB, { name: 'sam' }));
		const v = readFestival(tree(f), f.id)!;
		expect(v.people.map((p) => p.label).sort()).toEqual([
			`Sam (${ALICE.slice(0, 8)})`,
			`sam (${BOB.slice(0, 8)})`
		]);
	});
});

describe('peer names', () => {
	it('names a peer by the one known key its id starts with', async () => {
		const { peerName } = await import('./people.js');
		const names = new Map([
			[ALICE, 'Alice'],
			[BOB, 'Bob'],
			['bb'.repeat(4) + 'cc'.repeat(28), 'Other']
		]);
		expect(peerName(`${ALICE.slice(0, 8)}-1234abcd`, names)).toBe(`Alice (${ALICE.slice(0, 8)})`);
		expect(peerName(`${BOB.slice(0, 8)}-1234abcd`, names)).toBeUndefined();
		expect(peerName('12345678-0000', names)).toBeUndefined();
	});
});
