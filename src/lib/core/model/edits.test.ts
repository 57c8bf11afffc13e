import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { rawItem } from '../festival/document/doc.js';
import { ALICE, Fest, hours } from '../festival/read/tree.fixture.js';
import { readFestival } from '../festival/read/views.js';
import { readResource } from './resource.js';
import type { FestivalDoc } from './doc.js';
import * as edits from './edits.js';

/** A festival of the fixtures as a place to edit, as Alice. */
function at(f: Fest): edits.Editable {
	return { change: async (fn) => f.edit(ALICE, (d: FestivalDoc) => fn(d)) };
}

const hall = {
	name: 'Hall',
	kind: 'location',
	policy: 'first-come',
	description: 'The big one',
	capacity: 3,
	availability: [hours(9, 18)],
	place: { lat: 52.5, lon: 13.4, address: 'Field 1', url: 'https://hall.example/' }
} as const;

describe('edits: checked writes', () => {
	it('editing a removed resource keeps it removed (and every field the edit gives)', async () => {
		const f = new Fest(ALICE, 'Camp');
		const added = await edits.addResource(at(f), ALICE, hall);
		if (!added.ok) throw new Error('not added');
		await edits.removeResource(at(f), added.value);
		const saved = await edits.editResource(at(f), added.value, { ...hall, name: 'Big hall' });
		expect(saved.ok).toBe(true);
		const r = readResource(rawItem(f.doc, 'resources', added.value));
		expect(r.ok && r.value).toEqual({ ...hall, name: 'Big hall', removed: true });
		const view = readFestival(new Map([[f.id, f.doc]]), f.id)!;
		expect(view.resources).toEqual([]);
		expect(view.removedResources.map((x) => x.name)).toEqual(['Big hall']);
	});

	it('an edit leaving fields out removes them; the resource stays offered', async () => {
		const f = new Fest(ALICE, 'Camp');
		const added = await edits.addResource(at(f), ALICE, hall);
		if (!added.ok) throw new Error('not added');
		await edits.editResource(at(f), added.value, { name: 'Shed', kind: 'thing' });
		const r = readResource(rawItem(f.doc, 'resources', added.value));
		expect(r.ok && r.value).toEqual({ name: 'Shed', kind: 'thing', policy: 'manual' });
	});

	it('input with problems: the problems come back as codes, nothing is written', async () => {
		const f = new Fest(ALICE, 'Camp');
		const heads = A.getHeads(f.doc);
		const r = await edits.addResource(at(f), ALICE, {
			name: ' ',
			kind: 'location',
			place: { url: 'javascript:alert(1)' }
		});
		expect(r).toEqual({
			ok: false,
			problems: [
				{ field: 'name', code: 'required' },
				{ field: 'place.url', code: 'url-scheme', detail: 'javascript:' }
			]
		});
		const e = await edits.addEvent(at(f), ALICE, {
			title: 'x'.repeat(301),
			...hours(11, 10),
			tags: [],
			requests: []
		});
		expect(!e.ok && e.problems).toEqual([
			{ field: 'title', code: 'too-long', limit: 300 },
			{ field: 'end', code: 'end-before-start' }
		]);
		expect(A.getHeads(f.doc)).toEqual(heads);
	});

	it('events: added and edited through the checks, trimmed, tags once each', async () => {
		const f = new Fest(ALICE, 'Camp');
		const e = await edits.addEvent(at(f), ALICE, {
			title: ' Talk ',
			...hours(10, 11),
			tags: ['music', ' music ', 'talk'],
			requests: []
		});
		if (!e.ok) throw new Error('not added');
		const edited = await edits.editEvent(at(f), e.value, {
			title: 'Talk 2',
			description: ' ',
			...hours(12, 13),
			tags: ['x'],
			requests: []
		});
		expect(edited.ok).toBe(true);
		const v = readFestival(new Map([[f.id, f.doc]]), f.id)!;
		expect(v.events.map((x) => [x.title, x.start, x.tags, x.description])).toEqual([
			['Talk 2', hours(12, 13).start, ['x'], undefined]
		]);
		await edits.removeEvent(at(f), e.value);
		expect(readFestival(new Map([[f.id, f.doc]]), f.id)!.events).toEqual([]);
	});
});
