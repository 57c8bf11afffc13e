/**
 * The write-rule summary (computed where a change is decoded, perhaps another thread) must
 * give exactly the verdict of the direct check, whatever the shared containers known.
 */
import type { RawDoc } from '../read/tree.fixture.js';
import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { generateIdentity, logIdFor, newDeviceId } from '../../identity/identity.js';
import {
	addEvent,
	addResource,
	createFestivalDoc,
	forkFestivalDoc,
	type FestivalDoc
} from './doc.js';
import { actorFor, shardOf, type ActorId } from './ids.js';
import {
	checkChange,
	checkGenesis,
	checkSummary,
	sharedObjectsOf,
	summarizeRules
} from './rules.js';
import { setEventsNeed } from './settings.js';

const S = (s: string) => new A.ImmutableString(s);

describe('write-rule summaries', () => {
	it('are flat: five items per object with a broken rule either way, nothing for a clean one', () => {
		const me = 'a1'.repeat(32);
		const other = `5@${'b2'.repeat(32)}${'0'.repeat(16)}`;
		const mine = `6@${me}${'0'.repeat(16)}`;
		const ops = [
			{ obj: '_root', key: 'x', pred: [] },
			{ obj: other, key: 'k', pred: [] },
			{ obj: mine, key: 'own', pred: [] },
			{ obj: mine, key: 'more', pred: [] },
			{ obj: `7@${me}${'0'.repeat(16)}`, key: `${me.slice(0, 16)}x`, pred: [] }
		];
		const root = 'writes the festival\'s root key "x", which only its creation may';
		const noPrefix = (k: string) =>
			`adds key "${k}" to a shared container without the author's prefix`;
		const summary = summarizeRules({ hash: 'ff'.repeat(32), ops }, me);
		expect(summary.objects).toEqual([
			...['_root', 0, root, 0, root],
			...[other, 1, noPrefix('k'), 1, 'writes inside an object of b2b2b2b2'],
			...[mine, 2, noPrefix('own'), -1, '']
		]);
		expect(structuredClone(summary)).toEqual(summary);
		expect(checkSummary(summary, new Set([mine, other]))).toEqual(
			checkChange({ hash: summary.hash, ops }, me, new Set([mine, other]))
		);
	});

	it('give the verdict of checkChange for honest and hostile changes, with and without the shared containers', async () => {
		const alice = await generateIdentity('Alice');
		const mallory = await generateIdentity('Mallory');
		const made = createFestivalDoc(actorFor(alice.author, logIdFor(newDeviceId(), 'g')), {
			name: 'Fest'
		});
		const genesis = A.decodeChange(A.getLastLocalChange(made.doc)!);
		const shared = new Set(sharedObjectsOf(genesis));
		let a = A.clone(made.doc, actorFor(alice.author, logIdFor(newDeviceId(), made.id)) as ActorId);
		let r = '';
		let e = '';
		a = A.change(a, (d) => {
			r = addResource(d, alice.author, { name: 'Hall', kind: 'location', policy: 'manual' });
			e = addEvent(d, alice.author, {
				title: 'Opening',
				start: '2026-07-01T10:00:00Z',
				end: '2026-07-01T11:00:00Z',
				tags: ['x'],
				requests: []
			});
		});
		const malloryActor = actorFor(mallory.author, logIdFor(newDeviceId(), made.id)) as ActorId;
		const edits: ((d: RawDoc) => void)[] = [
			(d) =>
				void addEvent(d, mallory.author, {
					title: 'Mine',
					start: '2026-07-01T10:00:00Z',
					end: '2026-07-01T11:00:00Z',
					tags: [],
					requests: []
				}),
			(d) => (d.resources[shardOf(r, 16)][r].name = S('Taken over')),
			(d) => delete d.resources[shardOf(r, 16)][r],
			(d) => (d.events[shardOf(e, 64)]['00'.repeat(8) + 'beef'] = { title: S('no prefix') }),
			(d) => (d.events[shardOf(e, 64)][e] = { title: S('shadowed') }),
			(d) => ((d as unknown as Record<string, unknown>)['extra'] = S('root')),
			(d) => d.events[shardOf(e, 64)][e].tags.push(S('mine')),
			// The festival's settings (its meta map) are its creator's: no ticket rule by anyone else.
			(d) => (d.meta.eventsNeed = S(r))
		];
		const changes: A.DecodedChange[] = [A.decodeChange(A.getLastLocalChange(a)!)];
		// The creator's own settings change passes.
		const own = A.change(a, (d) => setEventsNeed(d, alice.author, r));
		const ownChange = A.decodeChange(A.getLastLocalChange(own)!);
		expect(checkChange(ownChange, alice.author, shared).ok).toBe(true);
		for (const edit of edits) {
			const next = A.change(A.clone(a, malloryActor), edit);
			changes.push(A.decodeChange(A.getLastLocalChange(next)!));
		}
		let refused = 0;
		for (const c of changes) {
			const author = c.actor.slice(0, 64);
			for (const known of [shared, new Set<string>()]) {
				const direct = checkChange(c, author, known);
				const summary = structuredClone(summarizeRules(c, author));
				expect(checkSummary(summary, known)).toEqual(direct);
				if (!direct.ok && known === shared) refused++;
			}
		}
		// Everything Mallory tried beyond adding his own event is refused.
		expect(refused).toBe(edits.length - 1);
	});

	it('honest geneses keep the genesis rule: a new festival, a fork, a fork of a fork', async () => {
		const alice = await generateIdentity('Alice');
		const actor = () => actorFor(alice.author, logIdFor(newDeviceId(), 'g')) as ActorId;
		const genesisOf = (doc: A.Doc<FestivalDoc>) => A.decodeChange(A.getLastLocalChange(doc)!);
		const made = createFestivalDoc(actor(), {
			name: 'Fest',
			description: 'd',
			parent: 'ab'.repeat(32) as never
		});
		expect(checkGenesis(genesisOf(made.doc))).toEqual({ ok: true, value: undefined });
		const withData = A.change(A.clone(made.doc, actor()), { message: made.id }, (d) => {
			addResource(d, alice.author, { name: 'Hall', kind: 'location', policy: 'manual' });
		});
		const fork = forkFestivalDoc(withData, made.id, actor(), { name: 'Fork' });
		expect(genesisOf(fork.doc).deps).toEqual(A.getHeads(withData));
		expect(checkGenesis(genesisOf(fork.doc)).ok).toBe(true);
		const fork2 = forkFestivalDoc(fork.doc, fork.id, actor(), { name: 'Fork 2' });
		expect(checkGenesis(genesisOf(fork2.doc)).ok).toBe(true);
		// A non-genesis change checked as one: it writes inside objects it did not make.
		expect(checkGenesis(A.decodeChange(A.getLastLocalChange(withData)!)).ok).toBe(false);
	});
});
