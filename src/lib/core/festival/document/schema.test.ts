import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import {
	addChild,
	addEvent,
	addResource,
	createFestivalDoc,
	decide,
	rawItem,
	updateResource,
	type FestivalDoc
} from './doc.js';
import { ALICE, actor, Fest, hours } from '../read/tree.fixture.js';
import { readFestival } from '../read/views.js';
import {
	clip,
	readEvent,
	readResource,
	TEXT_LIMITS,
	TextTooLongError,
	type TextField
} from './schema.js';
import type { FestivalId, ResourceId } from './ids.js';

const S = (s: string) => new A.ImmutableString(s);
const long = (field: TextField, extra = 1) => 'x'.repeat(TEXT_LIMITS[field] + extra);
const room = { name: 'Hall', kind: 'location', policy: 'manual' } as const;
const frame = { start: '2026-07-01T10:00:00Z', end: '2026-07-01T11:00:00Z' };

describe('text limits', () => {
	// One local write per field; each is refused one character over its limit and allowed at it.
	const writes: [TextField, (d: FestivalDoc, text: string) => void][] = [
		['name', (d, t) => addResource(d, ALICE, { ...room, name: t })],
		['description', (d, t) => addResource(d, ALICE, { ...room, description: t })],
		['policy', (d, t) => addResource(d, ALICE, { ...room, policy: t })],
		['address', (d, t) => addResource(d, ALICE, { ...room, place: { address: t } })],
		['url', (d, t) => addResource(d, ALICE, { ...room, place: { url: t } })],
		['title', (d, t) => addEvent(d, ALICE, { title: t, ...frame, tags: [], requests: [] })],
		['tag', (d, t) => addEvent(d, ALICE, { title: 'T', ...frame, tags: [t], requests: [] })],
		[
			'reason',
			(d, t) =>
				decide(d, {
					resource: 'ab'.repeat(16) as ResourceId,
					event: 'cd'.repeat(16) as never,
					festival: 'ef'.repeat(32) as FestivalId,
					verdict: 'deny',
					frame,
					at: frame.start,
					reason: t
				})
		],
		['name', (d, t) => addChild(d, ALICE, 'ef'.repeat(32) as FestivalId, t)]
	];
	it.each(writes)(
		'oversize text in a local edit (%s): refused with TextTooLongError, nothing written',
		(field, write) => {
			const f = new Fest(ALICE, 'Fest');
			const heads = A.getHeads(f.doc);
			const e = (() => {
				try {
					f.edit(ALICE, (d) => write(d, long(field)));
				} catch (x) {
					return x;
				}
			})();
			expect(e).toBeInstanceOf(TextTooLongError);
			expect((e as TextTooLongError).field).toBe(field);
			expect((e as Error).message).toBe(
				`The ${field} is ${TEXT_LIMITS[field] + 1} characters long; at most ${TEXT_LIMITS[field]} are allowed.`
			);
			expect(A.getHeads(f.doc)).toEqual(heads); // the whole change rolled back
			f.edit(ALICE, (d) => write(d, long(field, 0)));
			expect(A.getHeads(f.doc)).not.toEqual(heads);
		}
	);

	it('oversize text in a new festival (name, description, zone): refused before the genesis exists', () => {
		for (const o of [
			{ name: long('name') },
			{ name: 'F', description: long('description') },
			{ name: 'F', tz: long('tz') }
		]) {
			expect(() => createFestivalDoc(actor(ALICE), o)).toThrow(TextTooLongError);
		}
	});

	it('oversize text from a peer: the object still shows, texts cut to the limit, an over-long URL or tag left out', () => {
		const f = new Fest(ALICE, 'Fest');
		const id = f.resource(ALICE);
		const ev = f.event(ALICE, hours(10, 11));
		// A peer's client wrote past the limits (straight into the document: no write checks).
		f.edit(ALICE, (d) => {
			const r = rawItem(d, 'resources', id) as Record<string, unknown>;
			r.name = S('n'.repeat(5000));
			r.description = S('d'.repeat(50_000));
			r.place = { address: S('a'.repeat(900)), url: S('https://x.example/' + 'u'.repeat(3000)) };
			const e = rawItem(d, 'events', ev) as Record<string, unknown>;
			e.title = S('t'.repeat(1000));
			e.tags = [S('ok'), S('g'.repeat(51))];
		});
		const r = readResource(rawItem(f.doc, 'resources', id));
		expect(r.ok).toBe(true);
		if (r.ok) {
			expect(r.value.name).toHaveLength(TEXT_LIMITS.name);
			expect(r.value.description).toHaveLength(TEXT_LIMITS.description);
			expect(r.value.place).toEqual({ address: 'a'.repeat(TEXT_LIMITS.address) });
		}
		const e = readEvent(rawItem(f.doc, 'events', ev), f.id);
		expect(e.ok && [e.value.title.length, e.value.tags]).toEqual([TEXT_LIMITS.title, ['ok']]);
		const view = readFestival(new Map([[f.id, f.doc]]), f.id)!;
		expect(view.resources).toHaveLength(1);
		expect(view.events).toHaveLength(1);
		// Its owner can still edit it: the update writes the cut values back within the limits.
		f.edit(ALICE, (d) => updateResource(d, id, { capacity: 2 }));
		const again = readResource(rawItem(f.doc, 'resources', id));
		expect(again.ok && again.value.capacity).toBe(2);
	});

	it('clip never cuts a surrogate pair in half', () => {
		const t = 'x'.repeat(TEXT_LIMITS.name - 1) + '🎪🎪';
		expect(clip('name', t)).toBe('x'.repeat(TEXT_LIMITS.name - 1));
		expect(clip('name', 'short')).toBe('short');
	});
});
