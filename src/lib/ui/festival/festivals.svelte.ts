/**
 * The festivals of this device as UI state: the list held in storage, the festivals opened
 * (each once), local edits followed by the owner's policies, bundles in and out.
 *
 * This is the seam for replication: a sync layer gets every opened festival from
 * {@link FestivalsState.onOpen} (and {@link FestivalsState.festivals}) and hands what peers send to
 * `Festival.ingest` (or {@link FestivalsState.ingest}); either way the views refresh and this
 * identity's policies run. The app opens every held festival at start ({@link FestivalsState.openAll}),
 * so all of them replicate and a first-come resource decides while the app is open, on any page.
 * @module
 */
import type { StorageAdapterInterface } from '@automerge/automerge-repo/slim';
import {
	bundleFamily,
	type BundleFestival,
	decide,
	type DeviceIdentity,
	type EntryItem,
	Festival,
	type FestivalContext,
	type FestivalDoc,
	type FestivalId,
	type FestivalSummary,
	importBundle,
	type IngestReport,
	listFestivals,
	readBundle,
	readMeta,
	runPolicies,
	writeBundle
} from '../../core/index.js';
import type { ImportOutcome } from './import-outcome.js';

export type { ImportOutcome } from './import-outcome.js';

function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

/** Open festivals, the stored list, and every local workflow over them. */
export class FestivalsState {
	/** Festivals held on this device (from the storage index). */
	list = $state.raw<FestivalSummary[]>([]);
	/** Bumped after every change that views must show (local edit, ingest, open). */
	rev = $state(0);
	/** Why the last background step (policies) failed, if it did. */
	error = $state<string | undefined>(undefined);
	/** Local changes being written to storage now (an edit is saved once this is back to 0). */
	saving = $state(0);
	/** When the last local change was saved on this device (ms since the epoch). */
	savedAt = $state<number | undefined>(undefined);

	readonly #open = new Map<FestivalId, Festival>();
	readonly #opening = new Map<FestivalId, Promise<Festival | undefined>>();
	readonly #openListeners = new Set<(f: Festival) => void>();
	readonly #closeListeners = new Set<() => void>();
	#ctx: FestivalContext | undefined;
	#policyRun: Promise<void> = Promise.resolve();
	#policyAgain = false;
	#policyBusy = false;

	constructor(
		private readonly storage: StorageAdapterInterface,
		private readonly sealDelayMs = 1000,
		/** Where ingest verifies (a worker in the app) and how it applies; see FestivalContext. */
		private readonly ingestOptions: Pick<FestivalContext, 'preparer' | 'applySliceMs'> = {}
	) {}

	/** Starts (or restarts, after a key restore) for a device identity and loads the list. */
	async start(d: DeviceIdentity): Promise<void> {
		if (
			this.#ctx &&
			this.#ctx.identity.author === d.identity.author &&
			this.#ctx.device === d.device
		)
			return;
		await this.close();
		this.#ctx = {
			identity: d.identity,
			device: d.device,
			storage: this.storage,
			sealDelayMs: this.sealDelayMs,
			...this.ingestOptions
		};
		await this.refresh();
	}

	/** The public key (hex) of the identity editing. */
	get me(): string {
		return this.#require().identity.author;
	}

	/** Whether {@link start} has run. */
	get ready(): boolean {
		return this.#ctx !== undefined;
	}

	#require(): FestivalContext {
		if (!this.#ctx) throw new Error('your identity is not loaded yet');
		return this.#ctx;
	}

	/** Reloads the list of held festivals. */
	async refresh(): Promise<void> {
		this.list = await listFestivals(this.#require().storage);
	}

	/** Every open festival (for a sync layer). */
	get festivals(): ReadonlyMap<FestivalId, Festival> {
		return this.#open;
	}

	/** Calls `fn` with every festival opened from now on (and those open now). Returns an unsubscribe. */
	onOpen(fn: (f: Festival) => void): () => void {
		this.#openListeners.add(fn);
		for (const f of this.#open.values()) fn(f);
		return () => this.#openListeners.delete(fn);
	}

	/** Calls `fn` when the open festivals are closed (a key restore switches identity). */
	onClose(fn: () => void): () => void {
		this.#closeListeners.add(fn);
		return () => this.#closeListeners.delete(fn);
	}

	#track(f: Festival): Festival {
		this.#open.set(f.id, f);
		let arrived = f.doc.meta !== undefined;
		// Entries ingested from elsewhere (origin set) refresh views and run policies.
		f.onEntries((_entries, origin) => {
			if (origin === undefined || this.#open.get(f.id) !== f) return;
			if (!arrived && f.doc.meta !== undefined) {
				arrived = true;
				void this.#arrived(f);
			}
			this.#changed();
		});
		for (const fn of this.#openListeners) fn(f);
		return f;
	}

	/** A joined festival's genesis came: list it, and join its parent (whose resources its events may request). */
	async #arrived(f: Festival): Promise<void> {
		try {
			await this.refresh();
			const parent = f.doc.meta?.parent;
			if (parent !== undefined && !this.#open.has(String(parent) as FestivalId))
				await this.join(String(parent) as FestivalId);
			this.#changed();
		} catch (e) {
			this.error = `A festival arrived but could not be listed: ${message(e)}`;
		}
	}

	/**
	 * Opens every festival held on this device, one after another: from then on all of them
	 * replicate (a sync layer follows {@link onOpen}) and this identity's policies decide for all
	 * of them while the app runs, on whatever page. A festival that fails to open is reported
	 * in {@link error} and the others still open.
	 */
	async openAll(): Promise<void> {
		const failed: string[] = [];
		for (const s of [...this.list]) {
			if (!this.#ctx) return;
			try {
				await this.#openOne(s.id);
			} catch (e) {
				failed.push(`${s.name}: ${message(e)}`);
			}
		}
		if (failed.length) this.error = `Some festivals could not be opened: ${failed.join('; ')}`;
		this.#changed();
	}

	/** An open festival, if it is open. */
	get(id: FestivalId): Festival | undefined {
		return this.#open.get(id);
	}

	async #openOne(id: FestivalId): Promise<Festival | undefined> {
		const had = this.#open.get(id);
		if (had) return had;
		let p = this.#opening.get(id);
		if (!p) {
			const ctx = this.#require();
			p = Festival.open(ctx, id).then(async (f) => {
				if (!f || f.doc.meta === undefined) return undefined;
				// Closed meanwhile (another tab took over, or another identity): do not keep it.
				if (this.#ctx !== ctx) return void (await f.close().catch(() => undefined));
				return this.#track(f);
			});
			this.#opening.set(id, p);
			void p.finally(() => this.#opening.delete(id));
		}
		return p;
	}

	/**
	 * Opens `id`, or, when this device does not hold it, joins it empty: a sync layer (told by
	 * {@link onOpen}) then fetches it from peers, and it fills in as entries arrive
	 * ({@link isWaiting} until its genesis is here).
	 */
	async join(id: FestivalId): Promise<Festival> {
		const held = await this.open(id);
		if (held) return held;
		const waiting = this.#open.get(id);
		if (waiting) return waiting;
		const f = await Festival.join(this.#require(), id);
		const again = this.#open.get(id);
		if (again) return again;
		this.#track(f);
		this.rev++;
		return f;
	}

	/** Whether `id` is joined but has not arrived from any peer yet. Reads {@link rev}. */
	isWaiting(id: FestivalId): boolean {
		void this.rev;
		const f = this.#open.get(id);
		return f !== undefined && f.doc.meta === undefined;
	}

	/** Opens a held festival with its ancestors and held descendants; undefined if not held. */
	async open(id: FestivalId): Promise<Festival | undefined> {
		const f = await this.#openOne(id);
		if (!f || f.doc.meta === undefined) return undefined;
		for (const other of await bundleFamily(this.#require(), id)) await this.#openOne(other);
		this.rev++;
		void this.#schedulePolicies();
		return f;
	}

	/**
	 * The documents of every open festival: the tree the read model and the policies read
	 * (a festival's ancestors and descendants are opened with it). Reads {@link rev}.
	 */
	tree(): Map<FestivalId, FestivalDoc> {
		void this.rev;
		const out = new Map<FestivalId, FestivalDoc>();
		for (const [id, f] of this.#open) if (f.doc.meta !== undefined) out.set(id, f.doc);
		return out;
	}

	/** Creates a festival; returns its id. */
	async create(name: string, tz: string, description?: string): Promise<FestivalId> {
		const f = this.#track(
			await Festival.create(this.#require(), { name, tz, ...(description ? { description } : {}) })
		);
		await this.refresh();
		this.rev++;
		return f.id;
	}

	/** Forks a festival at its current state (keeping its parent); returns the fork's id. */
	async fork(id: FestivalId, name: string): Promise<FestivalId> {
		const f = await this.open(id);
		if (!f) throw new Error('that festival is not on this device');
		const meta = readMeta(f.doc.meta);
		const parent = meta.ok ? meta.value.parent : undefined;
		const made = this.#track(await f.fork({ name, ...(parent ? { parent } : {}) }));
		await this.refresh();
		this.rev++;
		return made.id;
	}

	/** Creates a child festival of `id`; returns the child's id. */
	async addChild(id: FestivalId, name: string): Promise<FestivalId> {
		const f = await this.open(id);
		if (!f) throw new Error('that festival is not on this device');
		const child = this.#track(await f.addChild({ name }));
		await this.refresh();
		this.#changed();
		return child.id;
	}

	/** Makes a local change in an open festival, then refreshes views and runs policies. */
	async change<T>(id: FestivalId, fn: (d: FestivalDoc) => T): Promise<T> {
		const f = this.#open.get(id) ?? (await this.open(id));
		if (!f) throw new Error('that festival is not on this device');
		this.saving++;
		let out: T;
		try {
			out = await f.change(fn);
			this.savedAt = Date.now();
		} finally {
			this.saving--;
		}
		this.#changed();
		await this.#policyRun;
		return out;
	}

	/** Ingests entries into an open festival (what a sync layer or a bundle brings). */
	async ingest(
		id: FestivalId,
		items: readonly EntryItem[],
		origin: unknown = 'ingest'
	): Promise<IngestReport> {
		const f = this.#open.get(id) ?? (await this.open(id));
		if (!f) throw new Error('that festival is not on this device');
		const report = await f.ingest(items, origin);
		this.#changed();
		return report;
	}

	#changed(): void {
		this.rev++;
		void this.#schedulePolicies();
	}

	/** Runs this identity's policies over the open festivals until nothing is left to decide. */
	#schedulePolicies(): Promise<void> {
		if (this.#policyBusy) {
			this.#policyAgain = true;
			return this.#policyRun;
		}
		this.#policyBusy = true;
		this.#policyRun = (async () => {
			try {
				do {
					this.#policyAgain = false;
					await this.#applyPolicies();
				} while (this.#policyAgain);
				this.error = undefined;
			} catch (e) {
				this.error = `Automatic decisions failed: ${message(e)}`;
			} finally {
				this.#policyBusy = false;
			}
		})();
		return this.#policyRun;
	}

	async #applyPolicies(): Promise<void> {
		if (!this.#ctx) return;
		const decisions = runPolicies(this.tree(), this.me, new Date());
		for (const d of decisions) {
			const holder = this.#open.get(d.resourceFestival);
			if (holder) await holder.change((doc) => decide(doc, d.decision));
		}
		if (decisions.length) this.rev++;
	}

	/** The bundle file of a festival with its ancestors and held descendants. */
	async exportBundle(id: FestivalId): Promise<Uint8Array> {
		const ctx = this.#require();
		const out: BundleFestival[] = [];
		for (const fid of await bundleFamily(ctx, id)) {
			const f = fid === id ? await this.open(fid) : await this.#openOne(fid);
			if (!f) continue;
			await f.seal();
			out.push({ id: fid, entries: await f.entries() });
		}
		if (!out.length) throw new Error('that festival is not on this device');
		return writeBundle(out);
	}

	/** Imports a bundle file, verifying every entry; festivals already open ingest directly. */
	async importBundle(bytes: Uint8Array): Promise<ImportOutcome> {
		const ctx = this.#require();
		const bundle = readBundle(bytes);
		if (!bundle.ok) throw new Error(`this is not a festival bundle: ${bundle.error.reason}`);
		const imported: { id: FestivalId; name: string }[] = [];
		const refused: string[] = [];
		const note = (r: IngestReport) => refused.push(...r.refused.map((x) => x.reason));
		const closed: BundleFestival[] = [];
		for (const b of bundle.value) {
			const f = this.#open.get(b.id);
			if (!f) {
				closed.push(b);
				continue;
			}
			note(await f.ingest(b.entries, 'bundle'));
			imported.push({ id: b.id, name: String(f.doc.meta?.name ?? '') });
		}
		for (const r of await importBundle(ctx, closed, { keepOpen: true })) {
			note(r.report);
			if (r.usable) imported.push({ id: r.id, name: r.name ?? '(unnamed)' });
			// Handed over open: no second load from storage.
			if (r.festival && !this.#open.has(r.id)) this.#track(r.festival);
		}
		await this.refresh();
		for (const i of imported) await this.#openOne(i.id);
		this.#changed();
		await this.#policyRun;
		return { imported, refused };
	}

	/** Seals and saves every open festival and forgets them. */
	async close(): Promise<void> {
		const open = [...this.#open.values()];
		this.#open.clear();
		for (const fn of this.#closeListeners) fn();
		for (const f of open) await f.close().catch(() => undefined);
		// Started again later (another tab gave the festivals back), it loads afresh.
		this.#ctx = undefined;
	}
}
