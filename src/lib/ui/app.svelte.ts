/**
 * The app's shared state: the device identity, the festivals and their replication, made once by the root layout
 * and handed to pages through Svelte context ({@link setApp}, {@link useApp}).
 * @module
 */
import { getContext, setContext } from 'svelte';
import { IndexedDBStorageAdapter } from '@automerge/automerge-repo-storage-indexeddb';
import { checkProfile, type InputProblem } from '../core/index.js';
import { FestivalsState } from './festival/festivals.svelte.js';
import { wordFirst } from './festival/problems-wording.js';
import { IdentityState } from './identity.svelte.js';
import { IndexedDbIdentityStore } from './identity-store.js';
import { SyncState } from './sync/sync.svelte.js';
import { TabLock } from './tab-lock.js';
import { startPreparerThread } from './workers/preparer.js';

const KEY = Symbol('festival-app');

/** A profile the rules refuse: the first problem worded, and the field it is about. */
export class ProfileError extends Error {
	readonly field: 'name' | 'note' | 'contact';
	constructor(problems: readonly InputProblem[], input: Record<string, string>) {
		super(wordFirst(problems, input, 'name'));
		const f = problems[0]?.field;
		const field = f === 'note' || f === 'contact' ? f : 'name';
		this.name = 'ProfileError';
		this.field = field;
	}
}

/** Identity, festivals and sync together. */
export class AppState {
	readonly identity = new IdentityState(new IndexedDbIdentityStore());
	/** Where entries from peers and files are verified: a Web Worker where the browser has them. */
	readonly preparerThread = startPreparerThread();
	/** Verified entries are applied in slices of about 40 ms, so pages stay responsive meanwhile. */
	readonly festivals = new FestivalsState(
		new IndexedDBStorageAdapter('festival-data', 'chunks'),
		1000,
		{
			preparer: this.preparerThread.preparer,
			applySliceMs: 40
		}
	);
	/** Replicates every open festival with peers over WebRTC. */
	readonly sync = new SyncState(this.festivals);
	/** Why the festivals could not be loaded, if they could not. */
	error = $state<string | undefined>(undefined);
	/** Whether the festivals are ready to use. */
	ready = $state(false);
	/** Another tab of this browser works with the festivals now (see tab-lock.ts). */
	elsewhere = $state(false);
	/** This tab asked the other one to let go and waits. */
	takingOver = $state(false);
	readonly #lock = new TabLock();
	#working = false;

	/** Loads the identity (creating one on first use), then the festivals for it, and starts sync for all of them. */
	async init(): Promise<void> {
		await this.identity.init();
		this.#working = await this.#lock.acquire(() => this.#letGo());
		this.elsewhere = !this.#working;
		await this.follow();
	}

	/** Asks the tab that works with the festivals to let go, then works here. */
	async takeOver(): Promise<void> {
		this.takingOver = true;
		try {
			await this.#lock.takeOver();
			this.#working = true;
			this.elsewhere = false;
			await this.follow();
		} finally {
			this.takingOver = false;
		}
	}

	/** Another tab takes over: close every festival (sealing and storing every edit) first. */
	async #letGo(): Promise<void> {
		this.#working = false;
		this.ready = false;
		this.elsewhere = true;
		this.sync.stop();
		await this.festivals.close();
	}

	/** Saves the name others see, keeping the note and contact (see {@link setProfile}). */
	setName(name: string): Promise<void> {
		const me = this.identity;
		return this.setProfile({ name, note: me.note, contact: me.contact });
	}

	/**
	 * Saves the profile others see (name, note, contact): kept with the identity, and published
	 * in every festival this identity writes to (updated at once where it was published;
	 * PROTOCOL.md, "People"). An empty name publishes nothing from now on (a note or contact
	 * without a name is kept but not published). A field the profile rules refuse (too long,
	 * hidden characters) throws, worded, naming the field.
	 */
	async setProfile(input: { name: string; note: string; contact: string }): Promise<void> {
		const fields = {
			name: input.name.trim(),
			note: input.note.trim(),
			contact: input.contact.trim()
		};
		const checked = fields.name ? checkProfile(fields) : undefined;
		if (checked && !checked.ok) throw new ProfileError(checked.problems, fields);
		await this.identity.setDetails(fields);
		const host = this.festivals.ready ? this.festivals.host : undefined;
		if (!host) return;
		if (checked?.ok) await host.profile.set(checked.value, host.festivals.values());
		else host.profile.clear();
	}

	/** Points the festivals at the current identity (after loading or restoring a key). */
	async follow(): Promise<void> {
		const d = this.identity.current;
		if (!d || !this.#working) return;
		try {
			await this.festivals.start(d);
			this.ready = true;
			this.sync.start();
			this.error = undefined;
			// Every held festival, in the background: they replicate and their policies run.
			void this.festivals.openAll();
		} catch (e) {
			this.error = e instanceof Error ? e.message : String(e);
		}
	}
}

/** Provides the app state to the component tree (call in the root layout). */
export function setApp(app: AppState): AppState {
	return setContext(KEY, app);
}

/** The app state provided by the root layout. */
export function useApp(): AppState {
	const app = getContext<AppState | undefined>(KEY);
	if (!app) throw new Error('useApp() outside the app layout');
	return app;
}
