/**
 * What the festival commands share: the identity and storage of the home, festivals opened by
 * id or unique id prefix (each once, all closed, so sealed, at the end), a festival's family
 * (its ancestors and held descendants), and finding resources and events by id or prefix.
 * @module
 */
import {
	bundleFamily,
	type DeviceIdentity,
	Festival,
	type FestivalContext,
	type FestivalId,
	type FestivalSummary,
	listFestivals,
	readMeta
} from '../../lib/core/index.js';
import { CliError, type CommandContext } from './command.js';

/** An open session over one home; {@link withSession} closes it. */
export class Session {
	readonly #open = new Map<string, Festival>();

	private constructor(
		readonly cmd: CommandContext,
		readonly me: DeviceIdentity,
		readonly ctx: FestivalContext
	) {}

	/** Opens the home's identity and storage; no identity is a {@link CliError} saying what to do. */
	static async start(cmd: CommandContext): Promise<Session> {
		const home = cmd.home();
		const me = await home.identity.load();
		if (!me) {
			throw new CliError(
				`no identity in ${home.dir}; create one first with "festival id new" (or "festival id import FILE")`
			);
		}
		const storage = await home.storage();
		return new Session(cmd, me, {
			identity: me.identity,
			device: me.device,
			storage,
			sealDelayMs: 60_000
		});
	}

	/** The public key of this home's identity. */
	get author(): string {
		return this.me.identity.author;
	}

	/** Festivals held in this home. */
	list(): Promise<FestivalSummary[]> {
		return listFestivals(this.ctx.storage);
	}

	/** Resolves a FEST argument (an id or a unique prefix of one) among the held festivals. */
	async resolve(arg: string): Promise<FestivalId> {
		const want = arg.trim().toLowerCase();
		if (!/^[0-9a-f]+$/.test(want))
			throw new CliError(`"${arg}" is not a festival id (hex, or a unique prefix of one)`);
		const hits = (await this.list()).filter((s) => s.id.startsWith(want));
		if (hits.length === 0)
			throw new CliError(`no festival ${arg} in this home ("festival list" shows them)`);
		if (hits.length > 1) {
			throw new CliError(
				`"${arg}" matches ${hits.length} festivals (${hits.map((h) => `${h.id.slice(0, 12)}… ${h.name}`).join(', ')}); give more of the id`
			);
		}
		return hits[0]!.id;
	}

	/** The festival for a FEST argument, opened (once per session). */
	async festival(arg: string): Promise<Festival> {
		return (await this.open(await this.resolve(arg)))!;
	}

	/** Opens a held festival by exact id (once per session), or undefined. */
	async open(id: FestivalId): Promise<Festival | undefined> {
		const had = this.#open.get(id);
		if (had) return had;
		const f = await Festival.open(this.ctx, id);
		if (f && f.doc.meta !== undefined) this.#open.set(id, f);
		return f && f.doc.meta !== undefined ? f : undefined;
	}

	/** Keeps a festival made during the session so it is closed with the rest. */
	track(f: Festival): Festival {
		this.#open.set(f.id, f);
		return f;
	}

	/** `f` and its ancestors as far as held, nearest first. */
	async ancestry(f: Festival): Promise<Festival[]> {
		const out = [f];
		const seen = new Set<string>([f.id]);
		for (let cur = f; ;) {
			const meta = readMeta(cur.doc.meta);
			const parent = meta.ok ? meta.value.parent : undefined;
			if (!parent || seen.has(parent)) return out;
			const p = await this.open(parent);
			if (!p) return out;
			seen.add(parent);
			out.push(p);
			cur = p;
		}
	}

	/** `f`, its ancestors and its held descendants, opened (see bundleFamily). */
	async family(f: Festival): Promise<Festival[]> {
		const out: Festival[] = [];
		for (const id of await bundleFamily(this.ctx, f.id)) {
			const g = await this.open(id);
			if (g) out.push(g);
		}
		return out;
	}

	/** Closes (seals and saves) every festival opened in this session. */
	async close(): Promise<void> {
		for (const f of this.#open.values()) await f.close();
		this.#open.clear();
	}
}

/** Runs `fn` with a session and closes the session afterwards, also on errors. */
export async function withSession<T>(
	cmd: CommandContext,
	fn: (s: Session) => Promise<T>
): Promise<T> {
	const s = await Session.start(cmd);
	try {
		return await fn(s);
	} finally {
		await s.close();
	}
}

/** An item found by id or prefix, with the festival holding it. */
export interface Found<T> {
	readonly festival: FestivalId;
	readonly item: T;
}

/**
 * Finds the item `arg` (an id or a unique prefix of one) in the first of `places` (festival
 * id and its items by id) that has it; `what` names it in errors. Exact ids win over prefixes.
 */
export function findItem<T>(
	places: readonly (readonly [FestivalId, ReadonlyMap<string, T>])[],
	arg: string,
	what: string,
	where: string
): Found<T> {
	const want = arg.trim().toLowerCase();
	if (!/^[0-9a-f]+$/.test(want)) throw new CliError(`"${arg}" is not a ${what} id`);
	const hits: (Found<T> & { key: string })[] = [];
	for (const [festival, items] of places) {
		const exact = items.get(want);
		if (exact !== undefined) return { festival, item: exact };
		for (const [key, item] of items) if (key.startsWith(want)) hits.push({ festival, item, key });
	}
	if (hits.length === 0) throw new CliError(`unknown ${what} ${arg} (not in ${where})`);
	const distinct = new Set(hits.map((h) => h.key));
	if (distinct.size > 1)
		throw new CliError(`"${arg}" matches ${distinct.size} ${what}s; give more of the id`);
	return { festival: hits[0]!.festival, item: hits[0]!.item };
}
