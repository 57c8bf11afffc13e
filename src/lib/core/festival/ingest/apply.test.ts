import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import type { FestivalDoc } from '../document/doc.js';
import { applySafely, type ApplyItem } from './apply.js';

const ACTOR = 'ab'.repeat(32) + '00'.repeat(8);
const OTHER = 'cd'.repeat(32) + '00'.repeat(8);
type Doc = { n?: number; m?: Record<string, string> };

/** Three changes by one actor, each on the last, and the document they make. */
function history(): { items: ApplyItem[]; doc: A.Doc<Doc> } {
	let d = A.from<Doc>({ n: 0, m: {} }, ACTOR as A.ActorId);
	for (let i = 1; i < 3; i++)
		d = A.change(d, (x) => {
			x.n = i;
			x.m![`k${i}`] = 'v';
		});
	return { items: A.getAllChanges(d).map(item), doc: d };
}

function item(bytes: Uint8Array): ApplyItem {
	return { bytes, hash: A.decodeChange(bytes).hash };
}

const empty = () => A.init<FestivalDoc>({ actor: OTHER as A.ActorId });

describe('applySafely into an empty document', () => {
	it('loads a newcomer history: the same document, heads and actor as applying it', () => {
		const { items, doc } = history();
		const out = applySafely(empty(), items);
		expect(out.refused).toEqual([]);
		expect(out.held).toEqual([]);
		expect(JSON.stringify(out.doc)).toBe(JSON.stringify(doc));
		expect(A.getHeads(out.doc)).toEqual(A.getHeads(doc));
		expect(A.getActorId(out.doc)).toBe(OTHER);
		// It goes on as a document applied to would.
		const [next] = A.applyChanges(out.doc, [
			A.getLastLocalChange(A.change(doc, (x) => (x.n = 9)))!
		]);
		expect((next as Doc).n).toBe(9);
	});

	it('document smuggled as a change: not loaded as a document, refused as applying refuses it', () => {
		const { items, doc } = history();
		const whole = A.save(A.from<Doc>({ n: 666 }, OTHER as A.ActorId));
		const out = applySafely(empty(), [...items, { bytes: whole, hash: 'f'.repeat(64) }]);
		expect(out.refused.map((r) => r.item.bytes)).toEqual([whole]);
		expect(JSON.stringify(out.doc)).toBe(JSON.stringify(doc));
	});

	it('change with a chunk smuggled after it: only what applying takes is in the document', () => {
		const { items } = history();
		const extra = A.getLastLocalChange(
			A.change(A.from<Doc>({}, OTHER as A.ActorId), (x) => (x.n = 666))
		)!;
		const last = items[items.length - 1]!;
		const padded = new Uint8Array([...last.bytes, ...extra]);
		const smuggled = [...items.slice(0, -1), { bytes: padded, hash: last.hash }];
		const loaded = applySafely(empty(), smuggled);
		// What Automerge's own applyChanges does with the same bytes, whatever it is.
		let applied: A.Doc<Doc> | undefined;
		try {
			applied = A.applyChanges(
				A.init<Doc>(),
				smuggled.map((i) => i.bytes)
			)[0];
		} catch {
			applied = undefined;
		}
		const extraHash = A.decodeChange(extra).hash;
		expect(A.hasHeads(loaded.doc, [extraHash])).toBe(false);
		expect(JSON.stringify(loaded.doc)).toBe(
			JSON.stringify(applied ?? applySafely(empty(), items.slice(0, -1)).doc)
		);
	});

	it('missing dependency: held back, as when applied', () => {
		const { items } = history();
		const out = applySafely(empty(), items.slice(1));
		expect(out.refused).toEqual([]);
		expect(out.held.map((h) => h.hash)).toEqual(items.slice(1).map((h) => h.hash));
		expect(A.getHeads(out.doc)).toEqual([]);
	});

	it('a change Automerge holds back stays: the next batch goes into the same document', () => {
		const { items, doc } = history();
		// Held back for its missing dependency: the document is still empty, but not blank.
		const first = applySafely(empty(), items.slice(2));
		expect(A.getHeads(first.doc)).toEqual([]);
		const out = applySafely(first.doc, items.slice(0, 2));
		expect(A.getHeads(out.doc)).toEqual(A.getHeads(doc));
	});

	it('damaged change among them: refused alone, the others loaded', () => {
		const { items } = history();
		const bad = items[2]!.bytes.slice();
		bad[bad.length - 1]! ^= 0xff; // the checksum no longer matches
		const out = applySafely(empty(), [items[0]!, items[1]!, { bytes: bad, hash: items[2]!.hash }]);
		expect(out.refused.map((r) => r.item.bytes)).toEqual([bad]);
		expect((out.doc as Doc).n).toBe(1);
	});
});
