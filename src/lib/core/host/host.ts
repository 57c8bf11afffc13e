/**
 * The festival host: the one composition root every platform wraps (the app's rune classes,
 * the headless peer, the command line), like automerge-repo's `Repo`. Given storage, an
 * identity and (optionally) a network adapter factory, it
 * - opens festivals, each once and with its family (ancestors and held descendants), or joins
 *   one not held yet and follows it as it arrives (then its parent too);
 * - runs this identity's policies by one rule ({@link PolicyRunner}) and writes the decisions;
 * - imports and exports bundles;
 * - replicates every open festival ({@link Replication}), when started;
 * - tells what happens through typed events ({@link HostEvents}).
 * @module
 */
import type { StorageAdapterInterface } from '@automerge/automerge-repo/slim';
import type { ImportedFestival } from '../festival/files/bundle-tree.js';
import { bundleFamily } from '../festival/files/bundle-tree.js';
import type { FestivalDoc, NewFestival } from '../festival/document/doc.js';
import { writeDecisionOrNode } from '../festival/document/groups.js';
import type { EntryItem, IngestReport } from '../festival/ingest/engine.js';
import { Festival, type FestivalContext } from '../festival/festival.js';
import type { FestivalId } from '../festival/document/ids.js';
import { runPolicies, type PolicyDecision } from '../festival/read/policy.js';
import { readMeta } from '../festival/document/schema.js';
import { listFestivals, removeFestival, type FestivalSummary } from '../festival/files/storage.js';
import type { AuthorId, DeviceIdentity } from '../identity/identity.js';
import type { Editable } from '../model/edits.js';
import type { Result } from '../result.js';
import { bundleOf, readAndIngest, type BundleImportProblem } from './bundles.js';
import { Emitter } from './emitter.js';
import { ancestryOf, familyOf } from './family.js';
import type { HostEvents, HostProblem, HostProblemCode } from './events.js';
import { POLICY_DELAY_MS, PolicyRunner } from './policy-runner.js';
import { ProfilePublisher, profileOfIdentity } from './profile.js';
import { Replication } from './replication.js';

/** What a host is made of. */
export interface HostOptions {
	readonly storage: StorageAdapterInterface;
	readonly identity: DeviceIdentity;
	/** Delay before a burst of local changes is signed into an entry, ms (see FestivalContext). */
	readonly sealDelayMs?: number;
	/** Where ingest verifies and how it applies (a worker and slices in the app). */
	readonly ingest?: Pick<FestivalContext, 'preparer' | 'applySliceMs' | 'crypto'>;
	/** How long entries from elsewhere gather before policies run, ms (default {@link POLICY_DELAY_MS}). */
	readonly policyDelayMs?: number;
	/** The clock policies decide by (default: now). */
	readonly now?: () => Date;
}

function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

/** Open festivals of one identity over one storage, their policies, bundles and replication. */
export class FestivalHost {
	/** The context festivals are opened with. */
	readonly ctx: FestivalContext;
	readonly #events = new Emitter<HostEvents>();
	readonly #open = new Map<FestivalId, Festival>();
	readonly #offs = new Map<FestivalId, () => void>();
	readonly #opening = new Map<FestivalId, Promise<Festival | undefined>>();
	readonly #joining = new Map<FestivalId, Promise<Festival>>();
	readonly #policies: PolicyRunner;
	/** Replication of every open festival once started (see {@link Replication.start}). */
	readonly network: Replication;
	readonly #now: () => Date;
	/** This identity's profile, published with its local changes (PROTOCOL.md, "People"). */
	readonly profile: ProfilePublisher;
	#closed = false;

	constructor(o: HostOptions) {
		this.ctx = {
			identity: o.identity.identity,
			device: o.identity.device,
			storage: o.storage,
			...(o.sealDelayMs !== undefined ? { sealDelayMs: o.sealDelayMs } : {}),
			...o.ingest
		};
		this.#now = o.now ?? (() => new Date());
		this.profile = new ProfilePublisher(this.me, profileOfIdentity(o.identity.identity));
		this.#policies = new PolicyRunner(
			() => this.#policyRound(),
			(e) => this.#problem('policies', `automatic decisions failed: ${message(e)}`),
			o.policyDelayMs ?? POLICY_DELAY_MS
		);
		this.network = new Replication(this.me, this.#events, this);
	}

	/** The public key (hex) of the identity this host writes as. */
	get me(): AuthorId {
		return this.ctx.identity.author;
	}

	/** Calls `fn` with every `type` event. Returns an unsubscribe function. */
	on<K extends keyof HostEvents>(type: K, fn: (e: HostEvents[K]) => void): () => void {
		return this.#events.on(type, fn);
	}

	/** Every open festival (joined ones still waiting for their genesis included). */
	get festivals(): ReadonlyMap<FestivalId, Festival> {
		return this.#open;
	}

	/** An open festival, if it is open. */
	get(id: FestivalId): Festival | undefined {
		return this.#open.get(id);
	}

	/** Festivals held in storage (usable ones: their genesis is here). */
	list(): Promise<FestivalSummary[]> {
		return listFestivals(this.ctx.storage);
	}

	/** The documents of every open, usable festival: what the read model and the policies read. */
	tree(): Map<FestivalId, FestivalDoc> {
		const out = new Map<FestivalId, FestivalDoc>();
		for (const [id, f] of this.#open) if (f.doc.meta !== undefined) out.set(id, f.doc);
		return out;
	}

	#live(): void {
		if (this.#closed) throw new Error('this festival host is closed');
	}

	#problem(code: HostProblemCode, reason: string, festival?: FestivalId): HostProblem {
		const p: HostProblem = { code, reason, ...(festival ? { festival } : {}) };
		this.#events.emit('problem', p);
		return p;
	}

	#track(f: Festival): Festival {
		const had = this.#open.get(f.id);
		if (had) return had;
		this.#open.set(f.id, f);
		let arrived = f.doc.meta !== undefined;
		this.#offs.set(
			f.id,
			f.onEntries((_entries, origin) => {
				if (this.#open.get(f.id) !== f) return;
				if (origin === undefined)
					return this.#events.emit('changed', { id: f.id, cause: 'sealed' });
				if (!arrived && f.doc.meta !== undefined) {
					arrived = true;
					void this.#arrived(f);
				}
				this.#events.emit('changed', { id: f.id, cause: 'entries' });
				this.#policies.soon();
			})
		);
		this.#events.emit('opened', { festival: f });
		this.network.add(f);
		return f;
	}

	/** A joined festival's genesis came: tell, and join its parent (its events may request their resources). */
	async #arrived(f: Festival): Promise<void> {
		this.#events.emit('arrived', { festival: f });
		const meta = readMeta(f.doc.meta);
		const parent = meta.ok ? meta.value.parent : undefined;
		if (parent === undefined || this.#open.has(parent) || this.#closed) return;
		try {
			await this.join(parent);
		} catch (e) {
			this.#problem('arrival', `its parent could not be joined: ${message(e)}`, f.id);
		}
	}

	async #openOne(id: FestivalId): Promise<Festival | undefined> {
		const had = this.#open.get(id);
		if (had) return had.doc.meta === undefined ? undefined : had;
		let p = this.#opening.get(id);
		if (!p) {
			p = Festival.open(this.ctx, id).then(async (f) => {
				if (!f || f.doc.meta === undefined) return undefined;
				// Closed meanwhile: do not keep it.
				if (this.#closed) return void (await f.close().catch(() => undefined));
				return this.#track(f);
			});
			this.#opening.set(id, p);
			void p.finally(() => this.#opening.delete(id)).catch(() => undefined);
		}
		return p;
	}

	/** Opens a held festival with its family (each festival once); undefined if it is not held. */
	async open(id: FestivalId): Promise<Festival | undefined> {
		this.#live();
		const f = await this.#openOne(id);
		if (!f) return undefined;
		for (const other of await bundleFamily(this.ctx, id)) await this.#openOne(other);
		return f;
	}

	/** `id`, its ancestors and its held descendants, opened (`id` first). */
	family(id: FestivalId): Promise<Festival[]> {
		return familyOf(this.ctx, id, (f) => this.#openOne(f));
	}

	/** `id` and its ancestors as far as held, nearest first. */
	ancestry(id: FestivalId): Promise<Festival[]> {
		return ancestryOf(id, (f) => this.#openOne(f));
	}

	/**
	 * Opens `id`, or, when it is not held here, joins it empty: replication then fetches it
	 * from peers, and it fills in as entries arrive (`arrived` is emitted once its genesis is here).
	 */
	async join(id: FestivalId): Promise<Festival> {
		const held = await this.open(id);
		if (held) return held;
		const open = this.#open.get(id);
		if (open) return open;
		let p = this.#joining.get(id);
		if (!p) {
			p = Festival.join(this.ctx, id).then((f) => this.#track(f));
			this.#joining.set(id, p);
			void p.finally(() => this.#joining.delete(id)).catch(() => undefined);
		}
		return p;
	}

	/** Opens every held festival, one after another; returns the problems of those that failed. */
	async openAll(): Promise<HostProblem[]> {
		const failed: HostProblem[] = [];
		for (const s of await this.list()) {
			if (this.#closed) break;
			try {
				await this.#openOne(s.id);
			} catch (e) {
				failed.push(this.#problem('open', `${s.name}: ${message(e)}`, s.id));
			}
		}
		return failed;
	}

	/** Keeps a festival opened elsewhere (an import made it) so the host owns it; returns the open one. */
	track(f: Festival): Festival {
		this.#live();
		return this.#track(f);
	}

	/** Creates a festival. */
	async create(o: NewFestival): Promise<Festival> {
		this.#live();
		const f = this.#track(await Festival.create(this.ctx, o));
		await this.profile.stamp(f);
		return f;
	}

	/** Forks a festival at its current state, keeping its parent. */
	async fork(id: FestivalId, name: string): Promise<Festival> {
		const f = await this.#require(id);
		const meta = readMeta(f.doc.meta);
		const parent = meta.ok ? meta.value.parent : undefined;
		const made = this.#track(await f.fork({ name, ...(parent ? { parent } : {}) }));
		await this.profile.stamp(made);
		return made;
	}

	/** Creates a child festival of `id` (and lists it there, a local change). */
	async addChild(id: FestivalId, name: string): Promise<Festival> {
		const f = await this.#require(id);
		const child = this.#track(await f.addChild({ name }));
		for (const g of [f, child]) await this.profile.stamp(g);
		await this.#edited(id);
		return child;
	}

	/** Removes a festival from this device (peers keep theirs): closed, then its storage deleted. */
	async forget(id: FestivalId): Promise<void> {
		this.#live();
		await Promise.allSettled([this.#opening.get(id), this.#joining.get(id)]);
		await this.#drop(id)
			?.close()
			.catch(() => undefined);
		await removeFestival(this.ctx.storage, id);
		this.#events.emit('closed', { ids: [id] });
	}

	/** Stops keeping an open festival (its replication, its listener); returns it. */
	#drop(id: FestivalId): Festival | undefined {
		const f = this.#open.get(id);
		this.network.remove(id);
		this.#offs.get(id)?.();
		this.#offs.delete(id);
		this.#open.delete(id);
		return f;
	}

	async #require(id: FestivalId): Promise<Festival> {
		const f = this.#open.get(id) ?? (await this.open(id));
		if (!f || f.doc.meta === undefined) throw new Error('that festival is not on this device');
		return f;
	}

	/**
	 * Makes a local change in a festival; resolves once it is stored and the policies it
	 * triggers have written their decisions. Returns what `fn` returns.
	 */
	async change<T>(id: FestivalId, fn: (d: FestivalDoc) => T): Promise<T> {
		const out = await (await this.#require(id)).change(this.profile.wrap(fn));
		await this.#edited(id);
		return out;
	}

	/** The festival `id` as the place of checked edits (`model/edits.ts`), through {@link change}. */
	editable(id: FestivalId): Editable {
		return { change: (fn) => this.change(id, fn) };
	}

	async #edited(id: FestivalId): Promise<void> {
		this.#events.emit('changed', { id, cause: 'edit' });
		await this.#policies.now();
	}

	/** Ingests entries from elsewhere into a festival (opening it if held); see Festival.ingest. */
	async ingest(
		id: FestivalId,
		items: readonly EntryItem[],
		origin: unknown = 'ingest'
	): Promise<IngestReport> {
		const f = this.#open.get(id) ?? (await this.#require(id));
		return f.ingest(items, origin);
	}

	/** Runs the policies now (with what is pending); resolves when nothing is left to decide. */
	runPoliciesNow(): Promise<void> {
		return this.#policies.now();
	}

	/** Resolves when no policy run is pending or running (pending ones run at once). */
	settle(): Promise<void> {
		return this.#policies.settle();
	}

	/** One round: this identity's policies over the open tree, their decisions written. */
	async #policyRound(): Promise<number> {
		if (this.#closed) return 0;
		const written: PolicyDecision[] = [];
		for (const d of runPolicies(this.tree(), this.me, this.#now())) {
			const holder = this.#open.get(d.resourceFestival);
			if (!holder) continue;
			await holder.change(this.profile.wrap((doc) => writeDecisionOrNode(doc, d.decision, d.node)));
			written.push(d);
		}
		if (written.length) {
			this.#events.emit('decided', { decisions: written });
			for (const id of new Set(written.map((d) => d.resourceFestival)))
				this.#events.emit('changed', { id, cause: 'decisions' });
		}
		return written.length;
	}

	/** The bundle file of a festival with its family; undefined if it is not held. */
	async exportBundle(id: FestivalId): Promise<Uint8Array | undefined> {
		this.#live();
		if (!(await this.open(id))) return undefined;
		return bundleOf(await this.family(id));
	}

	/**
	 * Imports a bundle file, verifying every entry; festivals made usable are opened with their
	 * family and the policies decide what the bundle brought before this resolves. Bytes that
	 * are not a bundle give a typed problem; the host keeps running.
	 */
	async importBundle(bytes: Uint8Array): Promise<Result<ImportedFestival[], BundleImportProblem>> {
		this.#live();
		const r = await readAndIngest(this.ctx, bytes, this.#open);
		if (!r.ok) {
			this.#problem('bundle', r.error.reason);
			return r;
		}
		for (const i of r.value) {
			if (!i.usable) continue;
			if (i.festival) this.#track(i.festival);
			await this.open(i.id);
			this.#events.emit('changed', { id: i.id, cause: 'entries' });
		}
		this.#policies.soon();
		await this.#policies.settle();
		return r;
	}

	/**
	 * Stops replication and policies, seals and saves every open festival, and forgets them. If
	 * one could not be saved, the others still are and the first failure is thrown.
	 */
	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		await this.#policies.stop();
		this.network.stop();
		const open = [...this.#open.keys()].map((id) => this.#drop(id)!);
		let failed: unknown;
		for (const f of open) await f.close().catch((e: unknown) => void (failed ??= e));
		this.#events.emit('closed', { ids: open.map((f) => f.id) });
		this.#events.clear();
		if (failed !== undefined) throw failed;
	}
}
