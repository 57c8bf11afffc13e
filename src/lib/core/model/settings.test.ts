import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { checkChange, sharedObjectsOf } from '../festival/document/rules.js';
import { metaCreator, NotCreatorError, updateSettings } from '../festival/document/settings.js';
import { ALICE, BOB, Fest, MALLORY, type RawDoc } from '../festival/read/tree.fixture.js';
import { readFestival } from '../festival/read/views.js';
import type { AuthorId } from '../identity/identity.js';
import type { FestivalDoc } from './doc.js';
import * as edits from './edits.js';
import { readMeta } from './meta.js';

/** A festival of the fixtures as a place to edit, as `who`. */
function at(f: Fest, who: AuthorId): edits.Editable {
	return { change: async (fn) => f.edit(who, (d: FestivalDoc) => fn(d)) };
}

function meta(f: Fest) {
	const m = readMeta(f.doc.meta);
	if (!m.ok) throw new Error(m.error.reason);
	return m.value;
}

describe("a festival's settings", () => {
	it('its creator changes name, time zone and description (left out: removed)', async () => {
		const f = new Fest(ALICE, 'Camp');
		expect(metaCreator(f.doc)).toBe(ALICE);
		const r = await edits.editSettings(at(f, ALICE), ALICE, {
			name: ' Summer Camp ',
			tz: 'America/New_York',
			description: 'By the lake'
		});
		expect(r.ok).toBe(true);
		expect(meta(f)).toMatchObject({
			name: 'Summer Camp',
			tz: 'America/New_York',
			description: 'By the lake'
		});
		expect(readFestival(new Map([[f.id, f.doc]]), f.id)!.name).toBe('Summer Camp');
		await edits.editSettings(at(f, ALICE), ALICE, { name: 'Camp', tz: 'UTC' });
		expect(meta(f).description).toBeUndefined();
		expect(meta(f).tz).toBe('UTC');
	});

	it('input with problems comes back as codes; nothing is written', async () => {
		const f = new Fest(ALICE, 'Camp');
		const heads = A.getHeads(f.doc);
		const r = await edits.editSettings(at(f, ALICE), ALICE, { name: ' ', tz: 'Mars/Olympus' });
		expect(r).toEqual({
			ok: false,
			problems: [
				{ field: 'name', code: 'required' },
				{ field: 'tz', code: 'unknown-time-zone' }
			]
		});
		expect(A.getHeads(f.doc)).toEqual(heads);
	});

	it('another author is refused before anything is written', async () => {
		const f = new Fest(ALICE, 'Camp');
		const heads = A.getHeads(f.doc);
		const r = await edits.editSettings(at(f, BOB), BOB, { name: 'Bob Fest', tz: 'UTC' });
		expect(r).toEqual({ ok: false, problems: [{ field: 'name', code: 'creator-only' }] });
		expect(A.getHeads(f.doc)).toEqual(heads);
		expect(meta(f).name).toBe('Camp');
		expect(() =>
			f.edit(BOB, (d: FestivalDoc) => updateSettings(d, BOB, { name: 'x', tz: 'UTC' }))
		).toThrow(NotCreatorError);
	});

	it('attack: another author renames the festival by hand; the write rules refuse the change', () => {
		const f = new Fest(ALICE, 'Camp');
		const genesis = A.decodeChange(A.getAllChanges(f.doc)[0]!);
		const shared = new Set(sharedObjectsOf(genesis));
		const rename = (who: AuthorId) =>
			f.fork(who, 1, (d: RawDoc) => {
				d.meta.name = new A.ImmutableString('Pwned');
			});
		const hostile = A.decodeChange(A.getLastLocalChange(rename(MALLORY).doc)!);
		const verdict = checkChange(hostile, MALLORY, shared);
		expect(verdict.ok).toBe(false);
		expect(!verdict.ok && verdict.error.reason).toMatch(/writes inside an object of/);
		// The creator's own change to the same map keeps the rules.
		const honest = A.decodeChange(A.getLastLocalChange(rename(ALICE).doc)!);
		expect(checkChange(honest, ALICE, shared).ok).toBe(true);
	});

	it("a fork's maker owns the fork's settings, not the original's creator", async () => {
		const f = new Fest(ALICE, 'Camp');
		const fork = f.forkFestival(BOB, 'Camp, Bob');
		expect(metaCreator(fork.doc)).toBe(BOB);
		const byAlice = await edits.editSettings(at(fork, ALICE), ALICE, { name: 'x', tz: 'UTC' });
		expect(byAlice.ok).toBe(false);
		const byBob = await edits.editSettings(at(fork, BOB), BOB, {
			name: 'Camp B',
			tz: 'Europe/Berlin'
		});
		expect(byBob.ok).toBe(true);
		expect(meta(fork).name).toBe('Camp B');
		expect(meta(f).name).toBe('Camp');
	});
});
