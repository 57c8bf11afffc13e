/**
 * A festival's relatives as a host opens them: its family (ancestors and held descendants)
 * and its ancestry (`openOne` opens one held festival, undefined if it is not usable here);
 * and the sub-festivals a replicating host joins on its own ({@link SubFestivals}).
 * @module
 */
import { bundleFamily } from '../festival/files/bundle-tree.js';
import type { FestivalId } from '../festival/document/ids.js';
import { readMeta } from '../festival/document/schema.js';
import { readChild } from '../model/meta.js';
import type { Festival, FestivalContext } from '../festival/festival.js';

type OpenOne = (id: FestivalId) => Promise<Festival | undefined>;

/** `id`, its ancestors and its held descendants, opened (`id` first). */
export async function familyOf(
	ctx: FestivalContext,
	id: FestivalId,
	openOne: OpenOne
): Promise<Festival[]> {
	const out: Festival[] = [];
	for (const fid of await bundleFamily(ctx, id)) {
		const f = await openOne(fid);
		if (f) out.push(f);
	}
	return out;
}

/** `id` and its ancestors as far as held, nearest first. */
export async function ancestryOf(id: FestivalId, openOne: OpenOne): Promise<Festival[]> {
	const out: Festival[] = [];
	const seen = new Set<string>();
	for (let cur = await openOne(id); cur && !seen.has(cur.id);) {
		seen.add(cur.id);
		out.push(cur);
		const meta = readMeta(cur.doc.meta);
		cur = meta.ok && meta.value.parent ? await openOne(meta.value.parent) : undefined;
	}
	return out;
}

/** How far a host follows sub-festivals on its own: levels below a festival opened by hand, and festivals in all. */
export const SUB_FESTIVAL_LIMITS = { depth: 8, count: 200 } as const;

/** A `children` key that holds a profile (a public key), not a listing. */
const PERSON_KEY = /^[0-9a-f]{64}$/;

/**
 * The sub-festivals `f` lists as its own: listings in its `children` container (profiles
 * there are skipped), less those a fork holds from its original (a listing naming another
 * parent; one naming none, in a fork). Untrusted: only festival ids are taken.
 */
export function listedSubFestivals(f: Festival): FestivalId[] {
	const meta = readMeta(f.doc.meta);
	if (!meta.ok) return [];
	const isFork = meta.value.forkedFrom !== undefined;
	const out = new Set<FestivalId>();
	const shards = (f.doc as { children?: unknown }).children;
	for (const shard of Object.values(isMap(shards) ? shards : {})) {
		if (!isMap(shard)) continue;
		for (const [key, value] of Object.entries(shard)) {
			if (PERSON_KEY.test(key)) continue;
			const c = readChild(value);
			if (!c || c.id === f.id) continue;
			if (c.parent !== undefined ? c.parent === f.id : !isFork) out.add(c.id);
		}
	}
	return [...out];
}

function isMap(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Joins the sub-festivals of replicated festivals, and new ones as their parents list them,
 * within {@link SUB_FESTIVAL_LIMITS} (so a hostile document cannot make a device open
 * thousands). One the person forgot is not joined again in this session.
 */
export class SubFestivals {
	/** Depth below a festival opened by hand, of each one joined here. */
	readonly #depth = new Map<FestivalId, number>();
	readonly #forgotten = new Set<FestivalId>();
	readonly #join: (id: FestivalId) => void;
	readonly #isOpen: (id: FestivalId) => boolean;

	constructor(join: (id: FestivalId) => void, isOpen: (id: FestivalId) => boolean) {
		this.#join = join;
		this.#isOpen = isOpen;
	}

	/** Festivals joined here so far. */
	get joined(): number {
		return this.#depth.size;
	}

	/** Joins what `f` lists that is not open yet (call when it replicates and on each change). */
	follow(f: Festival): void {
		const depth = (this.#depth.get(f.id) ?? 0) + 1;
		if (depth > SUB_FESTIVAL_LIMITS.depth) return;
		for (const id of listedSubFestivals(f)) {
			if (this.#isOpen(id) || this.#forgotten.has(id) || this.#depth.has(id)) continue;
			if (this.#depth.size >= SUB_FESTIVAL_LIMITS.count) return;
			this.#depth.set(id, depth);
			this.#join(id);
		}
	}

	/** The person forgot `id`: it is not joined again in this session. */
	forgot(id: FestivalId): void {
		this.#forgotten.add(id);
	}
}
