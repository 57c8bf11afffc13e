/**
 * Bundles in a host: the bundle file of a festival's family, and importing one into the
 * festivals open in the host (or into storage, handed back open).
 * @module
 */
import { readBundle, writeBundle, type BundleFestival } from '../festival/files/bundle.js';
import type { BundleProblem } from '../festival/files/bundle.js';
import { importBundle, type ImportedFestival } from '../festival/files/bundle-tree.js';
import type { Festival, FestivalContext } from '../festival/festival.js';
import type { FestivalId } from '../festival/document/ids.js';
import { readMeta } from '../festival/document/schema.js';
import { err, ok, type Result } from '../result.js';

/** Why a bundle could not be imported: not a bundle (its format) or storage failed. */
export type BundleImportProblem = BundleProblem | 'failed';

/** The bundle file of `family` (a festival first, then its ancestors and held descendants). */
export async function bundleOf(family: readonly Festival[]): Promise<Uint8Array> {
	const out: BundleFestival[] = [];
	for (const f of family) {
		await f.seal();
		out.push({ id: f.id, entries: await f.entries() });
	}
	return writeBundle(out);
}

/**
 * Reads a bundle and ingests each of its festivals: into the open festival when there is one
 * (origin `bundle`), otherwise into storage through {@link importBundle}, handed back open.
 * Every entry is verified; what is refused is in each festival's report. Untrusted bytes give
 * a typed problem, never a throw.
 */
export async function readAndIngest(
	ctx: FestivalContext,
	bytes: Uint8Array,
	open: ReadonlyMap<FestivalId, Festival>
): Promise<Result<ImportedFestival[], BundleImportProblem>> {
	const bundle = readBundle(bytes);
	if (!bundle.ok) return bundle;
	try {
		const out: ImportedFestival[] = [];
		const closed: BundleFestival[] = [];
		for (const b of bundle.value) {
			const f = open.get(b.id);
			if (!f) {
				closed.push(b);
				continue;
			}
			const wasHeld = f.doc.meta !== undefined;
			const report = await f.ingest(b.entries, 'bundle');
			for (const s of f.engine.strays())
				report.refused.push({ blame: 'author', code: 'stray', ...s });
			const meta = readMeta(f.doc.meta);
			const usable = f.doc.meta !== undefined;
			out.push({
				id: b.id,
				wasHeld,
				usable,
				report,
				...(meta.ok ? { name: meta.value.name } : {}),
				...(usable ? { festival: f } : {})
			});
		}
		out.push(...(await importBundle(ctx, closed, { keepOpen: true })));
		return ok(out);
	} catch (e) {
		return err('failed', `the bundle could not be stored: ${e instanceof Error ? e.message : e}`);
	}
}
