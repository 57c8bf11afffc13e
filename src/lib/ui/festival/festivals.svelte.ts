/**
 * The festivals of this device as UI state, over the core's {@link FestivalHost}: the list
 * held in storage, a `rev` rune bumped whenever views must look again, whether edits are
 * saved, and what went wrong in the background. Opening (each festival once, with its
 * family), joining, the owner's policies, bundles and replication are the host's; this class
 * makes one host per identity ({@link FestivalsState.start}) and hands it to the sync layer
 * ({@link FestivalsState.onHost}).
 * @module
 */
import type { StorageAdapterInterface } from '@automerge/automerge-repo/slim';
import {
	type DeviceIdentity,
	type FestivalDoc,
	type Festival,
	type FestivalContext,
	type FestivalId,
	type FestivalSummary,
	type Checked,
	type FestivalSettingsInput,
	edits,
	FestivalHost
} from '../../core/index.js';
import type { EntryItem, IngestReport } from '../../core/festival/ingest/engine.js';
import { SvelteMap } from 'svelte/reactivity';

/** What importing a bundle did, for people. */
export interface ImportOutcome {
	/** Festivals now usable on this device, with their names. */
	readonly imported: readonly { readonly id: FestivalId; readonly name: string }[];
	/** Entries refused, with reasons. */
	readonly refused: readonly string[];
}

function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The host of the current identity, and the state views read from it. */
export class FestivalsState {
	/** Festivals held on this device (from the storage index). */
	list = $state.raw<FestivalSummary[]>([]);
	/** Bumped after every change that views must show (local edit, ingest, open, decisions). */
	rev = $state(0);
	/** Why the last background step (policies, opening, an arrival) failed, if one did. */
	error = $state<string | undefined>(undefined);
	/** Local changes being written to storage now (an edit is saved once this is back to 0). */
	saving = $state(0);
	/** When the last local change was saved on this device (ms since the epoch). */
	savedAt = $state<number | undefined>(undefined);

	#host: FestivalHost | undefined;
	/** Not state: nothing reads it reactively. */
	readonly #hostListeners: ((h: FestivalHost | undefined) => void)[] = [];

	constructor(
		private readonly storage: StorageAdapterInterface,
		private readonly sealDelayMs = 1000,
		/** Where ingest verifies (a worker in the app) and how it applies; see FestivalContext. */
		private readonly ingestOptions: Pick<FestivalContext, 'preparer' | 'applySliceMs'> = {}
	) {}

	/** Starts (or restarts, after a key restore) a host for a device identity and loads the list. */
	async start(d: DeviceIdentity): Promise<void> {
		const had = this.#host?.ctx;
		if (had && had.identity.author === d.identity.author && had.device === d.device) return;
		await this.close();
		const host = new FestivalHost({
			storage: this.storage,
			identity: d,
			sealDelayMs: this.sealDelayMs,
			ingest: this.ingestOptions
		});
		this.#host = host;
		const bump = () => void this.rev++;
		host.on('opened', bump);
		host.on('closed', bump);
		// Signing edits changes nothing a view shows (the sync status follows it itself).
		host.on('changed', (c) => c.cause !== 'sealed' && bump());
		host.on('arrived', () =>
			this.refresh().then(bump, (e: unknown) => {
				this.error = `A festival arrived but could not be listed: ${message(e)}`;
			})
		);
		host.on('problem', (p) => {
			// Failures to open are summed up by openAll; a bad bundle is the importer's answer.
			if (p.code !== 'open' && p.code !== 'bundle') this.error = capital(p.reason);
		});
		for (const fn of [...this.#hostListeners]) fn(host);
		await this.refresh();
	}

	/** The host of the current identity (throws before {@link start}). */
	get host(): FestivalHost {
		if (!this.#host) throw new Error('your identity is not loaded yet');
		return this.#host;
	}

	/** Calls `fn` with the host now (if started) and each new one (undefined when closed). */
	onHost(fn: (h: FestivalHost | undefined) => void): () => void {
		this.#hostListeners.push(fn);
		if (this.#host) fn(this.#host);
		return () => {
			const i = this.#hostListeners.indexOf(fn);
			if (i >= 0) this.#hostListeners.splice(i, 1);
		};
	}

	/** The public key (hex) of the identity editing. */
	get me(): string {
		return this.host.me;
	}

	/** Whether {@link start} has run. */
	get ready(): boolean {
		return this.#host !== undefined;
	}

	/** Reloads the list of held festivals. */
	async refresh(): Promise<void> {
		this.list = await this.host.list();
	}

	/** Every open festival. */
	get festivals(): ReadonlyMap<FestivalId, Festival> {
		return this.#host?.festivals ?? new SvelteMap();
	}

	/**
	 * Opens every festival held on this device, one after another: all of them replicate and
	 * this identity's policies decide for all of them while the app runs, on whatever page. A
	 * festival that fails to open is reported in {@link error} and the others still open.
	 */
	async openAll(): Promise<void> {
		const host = this.#host;
		if (!host) return;
		const failed = await host.openAll();
		if (failed.length)
			this.error = `Some festivals could not be opened: ${failed.map((p) => p.reason).join('; ')}`;
		this.rev++;
	}

	/** An open festival, if it is open. */
	get(id: FestivalId): Festival | undefined {
		return this.#host?.get(id);
	}

	/**
	 * Opens `id`, or, when this device does not hold it, joins it empty: replication fetches
	 * it from peers, and it fills in as entries arrive ({@link isWaiting} until its genesis is here).
	 */
	async join(id: FestivalId): Promise<Festival> {
		const f = await this.host.join(id);
		this.rev++;
		return f;
	}

	/** Whether `id` is joined but has not arrived from any peer yet. Reads {@link rev}. */
	isWaiting(id: FestivalId): boolean {
		void this.rev;
		const f = this.get(id);
		return f !== undefined && f.doc.meta === undefined;
	}

	/** Opens a held festival with its ancestors and held descendants; undefined if not held. */
	async open(id: FestivalId): Promise<Festival | undefined> {
		const f = await this.host.open(id);
		this.rev++;
		return f;
	}

	/** The documents of every open festival (the read model's tree). Reads {@link rev}. */
	tree(): Map<FestivalId, FestivalDoc> {
		void this.rev;
		return this.#host?.tree() ?? new SvelteMap();
	}

	/** Creates a festival; returns its id. */
	async create(name: string, tz: string, description?: string): Promise<FestivalId> {
		const f = await this.host.create({ name, tz, ...(description ? { description } : {}) });
		await this.refresh();
		return f.id;
	}

	/** Forks a festival at its current state (keeping its parent); returns the fork's id. */
	async fork(id: FestivalId, name: string): Promise<FestivalId> {
		const made = await this.host.fork(id, name);
		await this.refresh();
		return made.id;
	}

	/** Creates a child festival of `id`; returns the child's id. */
	async addChild(id: FestivalId, name: string): Promise<FestivalId> {
		const child = await this.host.addChild(id, name);
		await this.refresh();
		return child.id;
	}

	/**
	 * Changes a festival's name, time zone and description: only its creator may (core's
	 * checked edit). Returns the problems, if any; the list shows a new name at once.
	 */
	async editSettings(id: FestivalId, input: FestivalSettingsInput): Promise<Checked<void>> {
		const r = await edits.editSettings(
			{ change: (fn) => this.change(id, fn) },
			this.host.me,
			input
		);
		if (r.ok) await this.refresh();
		return r;
	}

	/** Removes a festival from this device (peers keep their copies; its family stays here). */
	async forget(id: FestivalId): Promise<void> {
		await this.host.forget(id);
		this.rev++;
		await this.refresh();
	}

	/** Makes a local change in a festival; resolves once it is saved and the policies decided. */
	async change<T>(id: FestivalId, fn: (d: FestivalDoc) => T): Promise<T> {
		const host = this.host;
		this.saving++;
		try {
			const out = await host.change(id, fn);
			this.savedAt = Date.now();
			return out;
		} finally {
			this.saving--;
		}
	}

	/**
	 * A place for many local changes in a row (an import), for {@link writeSchedule}: the first
	 * goes through the host like {@link change}; the others straight to the festival, without a
	 * policy run and a view update after each (each run reads the whole festival, so a run per
	 * change grows with the square of its size). `done` updates the views, and runs the
	 * policies once if asked (a schedule import decides its own requests in its changes: a run
	 * would decide nothing and only hold the page). The changes are durable as each resolves,
	 * sealed and signed like any others.
	 */
	bulk(id: FestivalId): {
		id: FestivalId;
		change<T>(fn: (d: FestivalDoc) => T): Promise<T>;
		done(o?: { policies?: boolean }): Promise<void>;
	} {
		let first = true;
		return {
			id,
			change: async <T>(fn: (d: FestivalDoc) => T): Promise<T> => {
				const f = this.get(id);
				if (first || !f) {
					first = false;
					return this.change(id, fn);
				}
				this.saving++;
				try {
					const out = await f.change(fn);
					this.savedAt = Date.now();
					return out;
				} finally {
					this.saving--;
				}
			},
			done: async (o = {}) => {
				if (o.policies !== false) await this.host.runPoliciesNow();
				this.rev++;
			}
		};
	}

	/** Ingests entries into a festival (what a sync layer or a bundle brings). */
	ingest(
		id: FestivalId,
		items: readonly EntryItem[],
		origin: unknown = 'ingest'
	): Promise<IngestReport> {
		return this.host.ingest(id, items, origin);
	}

	/** The bundle file of a festival with its ancestors and held descendants. */
	async exportBundle(id: FestivalId): Promise<Uint8Array> {
		const bytes = await this.host.exportBundle(id);
		if (!bytes) throw new Error('that festival is not on this device');
		return bytes;
	}

	/** Imports a bundle file, verifying every entry; the policies decide what it brought. */
	async importBundle(bytes: Uint8Array): Promise<ImportOutcome> {
		const r = await this.host.importBundle(bytes);
		if (!r.ok) throw new Error(`this is not a festival bundle: ${r.error.reason}`);
		await this.refresh();
		return {
			imported: r.value
				.filter((i) => i.usable)
				.map((i) => ({ id: i.id, name: i.name ?? '(unnamed)' })),
			refused: r.value.flatMap((i) => i.report.refused.map((x) => x.reason))
		};
	}

	/** Seals and saves every open festival and forgets them (and the host). */
	async close(): Promise<void> {
		const host = this.#host;
		if (!host) return;
		this.#host = undefined;
		for (const fn of [...this.#hostListeners]) fn(undefined);
		// Started again later (another tab gave the festivals back), it loads afresh.
		await host.close().catch((e: unknown) => {
			this.error = `Some edits could not be saved: ${message(e)}`;
		});
	}
}
