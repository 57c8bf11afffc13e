import * as A from '@automerge/automerge';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorPrefix } from '../document/ids.js';
import { summarizeRules } from '../document/rules.js';
import { damaged, play, scripts, type Sample } from './change-history.fixture.js';
import { readColumns } from './change-parse.js';
import { readChange } from './change-read.js';
import { summarizeColumns } from './change-rules.js';

/** Three authors with a log each: actor = author key (64 hex) + log id (16 hex). */
const AUTHORS = ['a1', 'b2', 'c3'].map((x) => x.repeat(32));
const ACTORS = AUTHORS.map((a, i) => `${a}${String(i).padStart(16, '0')}`);

/** The summary from the columns, beside the one `summarizeRules` makes of the read ops. */
function both(bytes: Uint8Array, author: string) {
	const cols = readColumns(bytes);
	const read = readChange(bytes);
	if (!cols || !read) return undefined;
	return {
		columns: summarizeColumns(cols, read.hash, author),
		ops: summarizeRules(read, author)
	};
}

function expectSame(changes: readonly Uint8Array[]): number {
	let compared = 0;
	for (const c of changes)
		for (const author of AUTHORS) {
			const s = both(c, author);
			if (!s) continue;
			expect(s.columns).toEqual(s.ops);
			compared++;
		}
	return compared;
}

const key = fc.oneof(
	fc.constantFrom(...AUTHORS.map((a) => `${authorPrefix(a)}${a.slice(0, 2)}`)),
	fc.string({ maxLength: 3 })
);
const edit = fc.oneof(
	fc.record({
		k: fc.constant('put'),
		where: fc.constantFrom('root', 'shared', 'nest'),
		key,
		v: fc.integer()
	}),
	fc.record({ k: fc.constant('del'), where: fc.constantFrom('root', 'shared', 'nest'), key }),
	fc.record({ k: fc.constant('make'), key }),
	fc.record({ k: fc.constant('push'), v: fc.integer() }),
	fc.record({ k: fc.constant('cut'), at: fc.nat(20) }),
	fc.record({ k: fc.constant('text'), at: fc.nat(20), s: fc.string({ maxLength: 4 }) })
);

describe('summarizeColumns', () => {
	it('gives the summary summarizeRules gives, for random edits by three authors, merged', () => {
		fc.assert(
			fc.property(scripts(edit), (script) => {
				// A genesis-like start: a shared map, a list and a text made by the first author.
				const base = A.from<Sample>({ shared: {}, l: [], t: '' }, ACTORS[0] as A.ActorId);
				const changes = play(base, ACTORS, script, (x, e) => {
					const target =
						e.k === 'put' || e.k === 'del'
							? e.where === 'root'
								? x
								: e.where === 'shared'
									? x.shared
									: (x.shared.nest ??= {})
							: x;
					// Root keys of their own: the list and the text stay what they are.
					const k = e.k === 'put' || e.k === 'del' ? (target === x ? `r${e.key}` : e.key) : '';
					if (e.k === 'put') target[k] = e.v;
					else if (e.k === 'del') delete target[k];
					else if (e.k === 'make') x.shared[e.key] = { n: [1] };
					else if (e.k === 'push') x.l.push(e.v);
					else if (e.k === 'cut' && x.l.length > 0) x.l.deleteAt(e.at % x.l.length);
					else if (e.k === 'text') A.splice(x, ['t'], Math.min(e.at, x.t.length), e.at % 2, e.s);
				});
				expect(expectSame(changes)).toBe(changes.length * AUTHORS.length);
			}),
			{ numRuns: 150 }
		);
	});

	it('lists a root write, a foreign object and a foreign value as the op summary does', () => {
		let a = A.from<Sample>({ shared: {} }, ACTORS[0] as A.ActorId);
		a = A.change(a, (x: Sample) => {
			x.shared[`${authorPrefix(AUTHORS[0]!)}k`] = { v: 1 };
		});
		let b = A.clone(a, ACTORS[1] as A.ActorId);
		b = A.change(b, (x: Sample) => {
			x.top = 1; // the root
			x.shared[`${authorPrefix(AUTHORS[0]!)}k`].v = 2; // inside another author's object
			x.shared[`${authorPrefix(AUTHORS[0]!)}k`] = 3; // overwrites another author's value
			x.shared.plain = 4; // a key without the author's prefix
		});
		const last = A.getLastLocalChange(b)!;
		const s = both(last, AUTHORS[1]!)!;
		expect(s.columns).toEqual(s.ops);
		// Three objects break some rule: the root, the shared map, the other author's object.
		expect(s.columns.objects.length).toBe(15);
	});

	it('gives the same summary for whatever damaged bytes it still reads', () => {
		let d = A.from<Sample>({ shared: { x: 1 }, l: [1, 2] }, ACTORS[0] as A.ActorId);
		d = A.change(A.clone(d, ACTORS[1] as A.ActorId), (x: Sample) => {
			x.shared.x = 2;
			x.l.insertAt(1, 3);
			x.n = { m: 'q' };
		});
		const changes = A.getAllChanges(d);
		fc.assert(
			fc.property(damaged(changes), (b) => {
				expectSame([b]);
			}),
			{ numRuns: 3000 }
		);
	});
});
