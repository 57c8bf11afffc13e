import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { addEvent, decisionKey, rawItem } from '../festival/document/doc.js';
import type { EventId } from '../festival/document/ids.js';
import { ALICE, BOB, Fest, MALLORY, tree } from '../festival/read/tree.fixture.js';
import { seriesOf } from '../festival/read/series.js';
import { readFestival } from '../festival/read/views.js';
import type { FestivalDoc } from './doc.js';
import * as edits from './edits.js';
import { unsealableReason } from '../festival/ingest/local-bounds.js';
import type { RequestData } from './event.js';
import { MAX_OCCURRENCES } from './series.js';
import { TEXT_LIMITS } from './text.js';

function at(f: Fest, who = ALICE): edits.Editable {
	return { change: async (fn) => f.edit(who, (d: FestivalDoc) => fn(d)) };
}
const BERLIN = 'Europe/Berlin';
/** Wednesdays 10:00–11:00 in Berlin (CEST), from 2026-07-01. */
const talk = {
	title: 'Yoga',
	start: '2026-07-01T08:00:00Z',
	end: '2026-07-01T09:00:00Z',
	tags: ['sport']
};
const view = (f: Fest) => readFestival(tree(f), f.id)!;

async function weekly(f: Fest, requests: RequestData[] = []) {
	const r = await edits.addSeries(
		at(f),
		ALICE,
		{ ...talk, requests },
		{ freq: 'weekly', count: 4, except: ['2026-07-15'] },
		BERLIN
	);
	if (!r.ok) throw new Error(JSON.stringify(r.problems));
	return r.value;
}

describe('series: checked edits and the read model', () => {
	it('writes one event per occurrence, each requesting and decided on its own', async () => {
		const f = new Fest(ALICE, 'Camp');
		const room = f.resource(BOB, { name: 'Studio', policy: 'manual' });
		const s = await weekly(f, [{ resource: room, festival: f.id }]);
		expect(s.events).toHaveLength(3);
		const [first, second, third] = s.events as [EventId, EventId, EventId];
		const v = view(f);
		expect(v.events.map((e) => [e.start, e.series])).toEqual([
			['2026-07-01T08:00:00Z', { id: s.series, index: 0 }],
			['2026-07-08T08:00:00Z', { id: s.series, index: 1 }],
			['2026-07-22T08:00:00Z', { id: s.series, index: 3 }]
		]);
		const frame = (e: EventId) => v.events.find((x) => x.id === e)!;
		f.decide(BOB, { resource: room, event: first, verdict: 'accept', frame: frame(first) });
		f.decide(BOB, { resource: room, event: second, verdict: 'deny', frame: frame(second) });
		// The decision key is the one of any event: resource id then the occurrence's event id.
		expect(rawItem(f.doc, 'decisions', decisionKey(room, first))).toBeDefined();
		expect(seriesOf(view(f).events)).toEqual([
			{
				id: s.series,
				owner: ALICE,
				title: 'Yoga',
				occurrences: [
					expect.objectContaining({ event: first, index: 0, status: 'confirmed' }),
					expect.objectContaining({ event: second, index: 1, status: 'denied' }),
					expect.objectContaining({ event: third, index: 3, status: 'waiting' })
				]
			}
		]);
	});

	it('the largest series (366 occurrences, longest texts, requests) is one change an entry carries', async () => {
		const f = new Fest(ALICE, 'Camp');
		const rooms = [f.resource(BOB), f.resource(BOB), f.resource(BOB)];
		const before = f.doc;
		const r = await edits.addSeries(
			at(f),
			ALICE,
			{
				...talk,
				title: 't'.repeat(TEXT_LIMITS.title),
				description: 'd'.repeat(TEXT_LIMITS.description),
				requests: rooms.map((resource) => ({ resource, festival: f.id }))
			},
			{ freq: 'daily', count: MAX_OCCURRENCES },
			BERLIN
		);
		expect(r.ok && r.value.events).toHaveLength(MAX_OCCURRENCES);
		const changes = A.getChanges(before, f.doc);
		expect(changes).toHaveLength(1);
		expect(unsealableReason(changes[0]!)).toBeUndefined();
	});

	it('a rule with problems writes nothing and says which field', async () => {
		const f = new Fest(ALICE, 'Camp');
		const heads = A.getHeads(f.doc);
		const r = await edits.addSeries(
			at(f),
			ALICE,
			{ ...talk, title: ' ', requests: [] },
			{ freq: 'daily', count: '100000' },
			BERLIN
		);
		expect(!r.ok && r.problems).toEqual([
			{ field: 'title', code: 'required' },
			{ field: 'repeat.count', code: 'too-many', limit: 366 }
		]);
		const never = await edits.addSeries(
			at(f),
			ALICE,
			{ ...talk, requests: [] },
			{ freq: 'daily', until: '2026-06-30' },
			BERLIN
		);
		expect(!never.ok && never.problems).toEqual([{ field: 'repeat', code: 'no-occurrence' }]);
		expect(A.getHeads(f.doc)).toEqual(heads);
	});

	it('edit the whole series, remove one occurrence, this and the following, or all', async () => {
		const f = new Fest(ALICE, 'Camp');
		const s = await weekly(f);
		const other = await weekly(f);
		const edited = await edits.editSeries(at(f), ALICE, s.series, {
			title: 'Slow yoga',
			description: 'Mats'
		});
		expect(edited).toEqual({ ok: true, value: 3 });
		const mine = () => view(f).events.filter((e) => e.series?.id === s.series);
		expect(mine().map((e) => [e.title, e.description, e.tags])).toEqual(
			Array(3).fill(['Slow yoga', 'Mats', ['sport']])
		);
		expect(await edits.editSeries(at(f), ALICE, s.series, { title: '' })).toMatchObject({
			ok: false
		});
		await edits.removeEvent(at(f), s.events[0]!);
		expect(mine().map((e) => e.series?.index)).toEqual([1, 3]);
		expect(await edits.removeSeries(at(f), ALICE, s.series, 3)).toBe(1);
		expect(mine().map((e) => e.series?.index)).toEqual([1]);
		expect(await edits.removeSeries(at(f), ALICE, s.series)).toBe(1);
		expect(mine()).toEqual([]);
		// The other series is untouched.
		expect(seriesOf(view(f).events).map((x) => [x.id, x.occurrences.length])).toEqual([
			[other.series, 3]
		]);
	});

	it("an event claiming someone else's series is no occurrence of it", async () => {
		const f = new Fest(ALICE, 'Camp');
		const s = await weekly(f);
		f.edit(MALLORY, (d: FestivalDoc) =>
			addEvent(d, MALLORY, { ...talk, requests: [], series: { id: s.series, index: 2 } })
		);
		const v = view(f);
		expect(v.events.filter((e) => e.series).map((e) => e.owner)).toEqual([ALICE, ALICE, ALICE]);
		expect(seriesOf(v.events)[0]!.occurrences).toHaveLength(3);
		// And Mallory's series edits reach only Mallory's events.
		expect(await edits.removeSeries(at(f, MALLORY), MALLORY, s.series)).toBe(0);
		expect(await edits.editSeries(at(f, MALLORY), MALLORY, s.series, { title: 'X' })).toEqual({
			ok: true,
			value: 0
		});
		expect(view(f).events.filter((e) => e.series && e.title === 'Yoga')).toHaveLength(3);
	});
});
