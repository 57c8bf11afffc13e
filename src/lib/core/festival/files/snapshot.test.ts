import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { changesByActor } from './snapshot.js';

/** `n` changes of one actor, each on the last. */
function changes(actor: string, n: number): Uint8Array[] {
	let doc = A.init<{ n?: number }>({ actor: actor as A.ActorId });
	for (let i = 0; i < n; i++) doc = A.change(doc, (d) => void (d.n = i));
	return A.getAllChanges(doc);
}

const seqs = (list: readonly Uint8Array[] | undefined) =>
	(list ?? []).map((c) => A.decodeChange(c).seq);

describe('changesByActor', () => {
	it("gives each actor's changes in seq order, as they come or sorted when they do not", () => {
		const a = changes('aa'.repeat(16), 4);
		const b = changes('bb'.repeat(16), 3);
		const inOrder = changesByActor([a[0]!, b[0]!, a[1]!, b[1]!, a[2]!, a[3]!, b[2]!]);
		expect(inOrder.get('aa'.repeat(16))).toEqual(a);
		expect(inOrder.get('bb'.repeat(16))).toEqual(b);
		const shuffled = changesByActor([a[3]!, b[2]!, a[0]!, a[2]!, b[0]!, a[1]!, b[1]!]);
		expect(seqs(shuffled.get('aa'.repeat(16)))).toEqual([1, 2, 3, 4]);
		expect(seqs(shuffled.get('bb'.repeat(16)))).toEqual([1, 2, 3]);
		expect([...shuffled.keys()]).toEqual(['aa'.repeat(16), 'bb'.repeat(16)]);
	});

	it('throws on a change that does not decode', () => {
		expect(() => changesByActor([new Uint8Array([1, 2, 3])])).toThrow();
	});
});
