/**
 * A large festival for the benches: 50 authors, 10,000 events, 30,000 changes, each change
 * one signed entry (the worst case for ingest: a signature per change). Every author works
 * offline on its own copy from the genesis (each event is created, retitled, and tagged),
 * so the logs are long concurrent chains.
 */
import * as A from '@automerge/automerge';
import {
	generateIdentity,
	logIdFor,
	newDeviceId,
	type Identity
} from '../src/lib/core/identity/identity.js';
import { LogBook } from '../src/lib/core/log/log.js';
import {
	createFestivalDoc,
	addEvent,
	type FestivalDoc
} from '../src/lib/core/festival/document/doc.js';
import type { EntryItem } from '../src/lib/core/festival/ingest/engine.js';
import { actorFor, shardOf, type FestivalId } from '../src/lib/core/festival/document/ids.js';
import { encodeChanges } from '../src/lib/core/festival/ingest/payload.js';
import { LogWriter } from '../src/lib/core/festival/document/writer.js';

export interface BigFestival {
	id: FestivalId;
	entries: EntryItem[];
	changes: Uint8Array[];
	authors: Identity[];
}

export async function bigFestival(
	authors = 50,
	eventsPerAuthor = 200,
	changesPerEntry = 1
): Promise<BigFestival> {
	const ids = await Promise.all(
		Array.from({ length: authors }, (_, i) => generateIdentity(`author ${i}`))
	);
	const creator = ids[0]!;
	const dev0 = newDeviceId();
	const genesisLog = logIdFor(dev0, 'genesis');
	const { doc: g, id } = createFestivalDoc(actorFor(creator.author, genesisLog), {
		name: 'Big',
		tz: 'Europe/Berlin'
	});
	const genesis = A.getLastLocalChange(g)!;
	const entries: EntryItem[] = [];
	const changes: Uint8Array[] = [genesis];
	const gw = new LogWriter(creator, genesisLog, new LogBook());
	entries.push({
		bytes: (await gw.append(encodeChanges([genesis]))).bytes,
		payload: encodeChanges([genesis])
	});

	const perAuthor = await Promise.all(
		ids.map(async (who) => {
			const logId = logIdFor(newDeviceId(), id);
			let doc = A.clone(g, actorFor(who.author, logId));
			const mine: Uint8Array[] = [];
			const msg = { message: id };
			for (let i = 0; i < eventsPerAuthor; i++) {
				let ev = '';
				doc = A.change(doc, msg, (d) => {
					ev = addEvent(d, who.author, {
						title: `Talk ${i}`,
						start: `2026-07-0${1 + (i % 9)}T${String(8 + (i % 12)).padStart(2, '0')}:00:00Z`,
						end: `2026-07-0${1 + (i % 9)}T${String(9 + (i % 12)).padStart(2, '0')}:00:00Z`,
						tags: [],
						requests: []
					});
				});
				mine.push(A.getLastLocalChange(doc)!);
				doc = A.change(doc, msg, (d) => {
					d.events[shardOf(ev, 64)]![ev]!.title = new A.ImmutableString(`Talk ${i} (final title)`);
				});
				mine.push(A.getLastLocalChange(doc)!);
				doc = A.change(doc, msg, (d) => {
					d.events[shardOf(ev, 64)]![ev]!.tags.push(new A.ImmutableString('music'));
				});
				mine.push(A.getLastLocalChange(doc)!);
			}
			const w = new LogWriter(who, logId, new LogBook());
			const out: EntryItem[] = [];
			for (let i = 0; i < mine.length; i += changesPerEntry) {
				const payload = encodeChanges(mine.slice(i, i + changesPerEntry));
				out.push({ bytes: (await w.append(payload)).bytes, payload });
			}
			return { out, mine };
		})
	);
	for (const p of perAuthor) {
		entries.push(...p.out);
		changes.push(...p.mine);
	}
	return { id, entries, changes, authors: ids };
}

/** A festival document with `n` events (one author), for edit and open figures. */
export function eventsDoc(actor: string, n: number): { doc: A.Doc<FestivalDoc>; id: FestivalId } {
	const made = createFestivalDoc(actor as never, { name: 'Ten thousand' });
	let doc = made.doc;
	doc = A.change(doc, { message: made.id }, (d) => {
		for (let i = 0; i < n; i++) {
			addEvent(d, actor.slice(0, 64) as never, {
				title: `Event ${i}`,
				start: '2026-07-01T10:00:00Z',
				end: '2026-07-01T11:00:00Z',
				tags: ['x'],
				requests: []
			});
		}
	});
	return { doc, id: made.id };
}
