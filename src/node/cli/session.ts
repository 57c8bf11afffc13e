/**
 * What the festival commands share: the identity and storage of the home, and a
 * {@link FestivalHost} over them that opens festivals by id or unique id prefix (each once,
 * with its family, all closed, so sealed, at the end) and runs the owner's policies after a
 * change it makes or entries it ingests; and finding resources and events by id or prefix.
 * @module
 */
import type { StorageAdapterInterface } from '@automerge/automerge-repo/slim';
import {
	type FestivalDoc,
	type Festival,
	type FestivalContext,
	type FestivalId,
	type FestivalSummary,
	FestivalHost,
	type DeviceIdentity
} from '../../lib/core/index.js';
import { nodeCrypto } from '../crypto/node-crypto.js';
import { VerifyPool } from '../crypto/verify-pool.js';
import { CliError, type CommandContext } from './command.js';

/** The home's identity and storage; no identity is a {@link CliError} saying what to do. */
export async function openHome(
	cmd: CommandContext
): Promise<{ readonly me: DeviceIdentity; readonly storage: StorageAdapterInterface }> {
	const home = cmd.home();
	const me = await home.identity.load();
	if (!me) {
		throw new CliError(
			`no identity in ${home.dir}; create one first with "festival id new" (or "festival id import FILE")`
		);
	}
	return { me, storage: await home.storage() };
}

/** An open session over one home; {@link withSession} closes it. */
export class Session {
	private constructor(
		readonly cmd: CommandContext,
		readonly me: DeviceIdentity,
		/** The host of this home's festivals for the session. */
		readonly host: FestivalHost,
		/** Where large batches of incoming entries are verified. */
		readonly pool: VerifyPool
	) {}

	/** Opens the home's identity and storage; no identity is a {@link CliError} saying what to do. */
	static async start(cmd: CommandContext): Promise<Session> {
		const { me, storage } = await openHome(cmd);
		const pool = new VerifyPool();
		const host = new FestivalHost({
			storage,
			identity: me,
			sealDelayMs: 60_000,
			ingest: { crypto: nodeCrypto(pool) }
		});
		return new Session(cmd, me, host, pool);
	}

	/** The context festivals are opened with. */
	get ctx(): FestivalContext {
		return this.host.ctx;
	}

	/** The public key of this home's identity. */
	get author(): string {
		return this.me.identity.author;
	}

	/** Festivals held in this home. */
	list(): Promise<FestivalSummary[]> {
		return this.host.list();
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

	/** The festival for a FEST argument, opened (once per session, with its family). */
	async festival(arg: string): Promise<Festival> {
		return (await this.open(await this.resolve(arg)))!;
	}

	/** Opens a held festival by exact id (once per session, with its family), or undefined. */
	open(id: FestivalId): Promise<Festival | undefined> {
		return this.host.open(id);
	}

	/** Keeps a festival made during the session so it is closed with the rest. */
	track(f: Festival): Festival {
		return this.host.track(f);
	}

	/** `f` and its ancestors as far as held, nearest first. */
	ancestry(f: Festival): Promise<Festival[]> {
		return this.host.ancestry(f.id);
	}

	/** `f`, its ancestors and its held descendants, opened (see bundleFamily). */
	family(f: Festival): Promise<Festival[]> {
		return this.host.family(f.id);
	}

	/** The documents of the families of `festivals` (what the read model reads for them). */
	async tree(festivals: readonly Festival[]): Promise<Map<FestivalId, FestivalDoc>> {
		const tree = new Map<FestivalId, FestivalDoc>();
		for (const f of festivals) for (const g of await this.family(f)) tree.set(g.id, g.doc);
		return tree;
	}

	/** Lets the policies finish, then closes (seals and saves) every festival of the session. */
	async close(): Promise<void> {
		await this.host.settle();
		await this.host.close();
		await this.pool.close();
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
