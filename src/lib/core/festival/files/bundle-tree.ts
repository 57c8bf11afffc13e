/**
 * Which festivals travel together in a bundle, and importing a bundle into storage.
 *
 * A bundle of festival F holds F, its ancestors (parent, grandparent, ...) and its
 * descendants, as far as this device holds them:
 * - ancestors, because events in a child may request resources of its ancestors; without
 *   them an imported child could not show or check those requests;
 * - descendants, because they are part of the festival as its people see it: an owner of a
 *   resource in F must see (and decide) requests made from its sub-festivals.
 * A fork needs nothing extra: its own entries already include the original's history.
 * @module
 */
import type { IngestReport } from '../ingest/engine.js';
import { Festival, type FestivalContext } from '../festival.js';
import type { BundleFestival } from './bundle.js';
import type { FestivalId } from '../document/ids.js';
import { listFestivals } from './storage.js';
import { readMeta } from '../document/schema.js';

/** `id`, its ancestors and its descendants held in `ctx.storage` (each once; `id` first). */
export async function bundleFamily(ctx: FestivalContext, id: FestivalId): Promise<FestivalId[]> {
	const summaries = await listFestivals(ctx.storage);
	const out: FestivalId[] = [id];
	const seen = new Set<string>([id]);
	// Ancestors: follow the parent named in each held festival's summary (from its meta).
	const byId = new Map(summaries.map((s) => [s.id, s]));
	for (let p = byId.get(id)?.parent; p && !seen.has(p) && byId.has(p); p = byId.get(p)?.parent) {
		seen.add(p);
		out.push(p);
	}
	// Descendants: every held festival whose parent chain reaches `id`.
	const queue: FestivalId[] = [id];
	while (queue.length) {
		const p = queue.shift()!;
		for (const s of summaries) {
			if (s.parent === p && !seen.has(s.id)) {
				seen.add(s.id);
				out.push(s.id);
				queue.push(s.id);
			}
		}
	}
	return out;
}

/** The bundle contents for festival `id` (see {@link bundleFamily}); undefined if it is not held. */
export async function collectBundle(
	ctx: FestivalContext,
	id: FestivalId
): Promise<BundleFestival[] | undefined> {
	const out: BundleFestival[] = [];
	for (const fid of await bundleFamily(ctx, id)) {
		const f = await Festival.open(ctx, fid);
		if (!f) {
			if (fid === id) return undefined;
			continue;
		}
		await f.close();
		out.push({ id: fid, entries: await f.entries() });
	}
	return out;
}

/** What importing one festival of a bundle did. */
export interface ImportedFestival {
	readonly id: FestivalId;
	/** Its name, once its genesis is held. */
	readonly name?: string;
	/** Whether this device held the festival before the import. */
	readonly wasHeld: boolean;
	/** Whether the festival is usable now (its genesis is held). */
	readonly usable: boolean;
	/** The engine's report; strays (changes of another festival) are added to `refused`. */
	readonly report: IngestReport;
	/** The festival, still open, when `keepOpen` was asked and it is usable. */
	readonly festival?: Festival;
}

/**
 * Ingests each festival of a bundle into `ctx.storage` (verifying every entry; see
 * Festival.ingest) and closes it, or with `keepOpen` hands it back open (an app that shows it
 * next need not load it again). A festival this device did not hold whose genesis is not in
 * the bundle is not kept: nothing of it stays in storage.
 */
export async function importBundle(
	ctx: FestivalContext,
	festivals: readonly BundleFestival[],
	opts: { readonly keepOpen?: boolean } = {}
): Promise<ImportedFestival[]> {
	const out: ImportedFestival[] = [];
	for (const b of festivals) {
		const before = await Festival.open(ctx, b.id);
		const wasHeld = before !== undefined && before.doc.meta !== undefined;
		const f = before ?? (await Festival.join(ctx, b.id));
		const report = await f.ingest(b.entries);
		for (const s of f.engine.strays())
			report.refused.push({ blame: 'author', code: 'stray', ...s });
		const meta = readMeta(f.doc.meta);
		const usable = f.doc.meta !== undefined;
		if (usable) {
			await f.store.saveSummary({
				id: b.id,
				name: meta.ok ? meta.value.name : '(unnamed)',
				...(meta.ok && meta.value.parent ? { parent: meta.value.parent } : {})
			});
			if (!opts.keepOpen) await f.close();
		} else if (!wasHeld) {
			await ctx.storage.removeRange(['festival', b.id]);
		}
		const open = usable && opts.keepOpen ? { festival: f } : {};
		out.push({
			id: b.id,
			wasHeld,
			usable,
			report,
			...(meta.ok ? { name: meta.value.name } : {}),
			...open
		});
	}
	return out;
}
