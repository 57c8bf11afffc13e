/**
 * One festival as its pages see it: the read model of the open tree, this festival's view,
 * its ancestors (whose resources its events may request), and the owner's inbox for it.
 * Every value is derived from {@link FestivalsState.rev}, so it follows edits and ingests.
 * @module
 */
import { getContext, setContext } from 'svelte';
import {
	type FestivalDoc,
	type FestivalId,
	type FestivalView,
	inbox,
	type InboxItem,
	readFestival,
	readTree,
	type TreeModel
} from '../../core/index.js';
import type { FestivalsState } from './festivals.svelte.js';
import { namesOf, type ProblemNames } from './problems.js';
import { isLarge, readSliced, type SlicedRead } from './sliced-read.js';

/**
 * `waiting`: joined by link but not arrived from any peer yet; `missing`: the id is not a
 * festival id at all.
 */
export type PageStatus = 'loading' | 'missing' | 'waiting' | 'ready' | 'error';

/** A festival id: 64 lowercase hex characters (the hash of its genesis change). */
const FESTIVAL_ID = /^[0-9a-f]{64}$/;

/** A resource that an event of this festival may request, with the festival holding it. */
export interface Requestable {
	readonly festival: FestivalId;
	readonly festivalName: string;
	readonly resource: FestivalView['resources'][number];
}

const KEY = Symbol('festival-page');

/** State of the festival pages (one per `/f/[id]` layout; the id follows the route). */
export class FestivalPage {
	id = $state<FestivalId | undefined>(undefined);
	#status = $state<PageStatus>('loading');
	error = $state<string | undefined>(undefined);

	/** The festivals of this device. */
	readonly festivals: FestivalsState;

	/** The last read of a large tree done in slices (see sliced-read.ts), once it is done. */
	#sliced = $state.raw<SlicedRead | undefined>(undefined);

	constructor(festivals: FestivalsState) {
		this.festivals = festivals;
		// A large tree is read in slices, the page's turn between them; until a read is done the
		// last one stays shown (a first read shows nothing yet).
		$effect(() => {
			const tree = this.#tree();
			if (!isLarge(tree)) return;
			const id = this.id && this.status === 'ready' ? this.id : undefined;
			let cancelled = false;
			void readSliced(tree, id, () => cancelled).then((r) => {
				if (r && !cancelled) this.#sliced = r;
			});
			return () => {
				cancelled = true;
			};
		});
	}

	/** Where the page is; `waiting` turns `ready` by itself when the festival arrives. */
	get status(): PageStatus {
		if (this.#status === 'waiting' && this.id && !this.festivals.isWaiting(this.id)) return 'ready';
		return this.#status;
	}

	#tree(): ReturnType<FestivalsState['tree']> {
		return this.festivals.tree();
	}

	/** The model of every open festival (of a large tree: its last read, see the constructor). */
	readonly model: TreeModel = $derived.by(() => {
		const tree = this.#tree();
		return isLarge(tree) ? (this.#sliced?.model ?? readTree(new Map())) : readTree(tree);
	});

	/** This festival, as shown. */
	readonly view: FestivalView | undefined = $derived.by(() => {
		if (!this.id || this.status !== 'ready') return undefined;
		if (!isLarge(this.#tree())) return readFestival(this.model, this.id);
		const r = this.#sliced;
		return r?.id === this.id ? r.view : undefined;
	});

	/** This festival and its ancestors, nearest first, as shown. */
	readonly ancestry: FestivalView[] = $derived.by(() => {
		const out: FestivalView[] = [];
		const seen = new Set<string>();
		for (
			let cur = this.view;
			cur && !seen.has(cur.id);
			cur = cur.parent ? readFestival(this.model, cur.parent) : undefined
		) {
			seen.add(cur.id);
			out.push(cur);
		}
		return out;
	});

	/** Names of every event and resource of the tree, to say what this festival's problems are about. */
	readonly names: ProblemNames = $derived(namesOf(this.model.festivals.values()));

	/** Resources this festival's events may request: its own, then its ancestors'. */
	readonly requestable: Requestable[] = $derived(
		this.ancestry.flatMap((f) =>
			f.resources.map((resource) => ({ festival: f.id, festivalName: f.name, resource }))
		)
	);

	/** The festival's time zone. */
	get tz(): string {
		return this.view?.tz ?? 'UTC';
	}

	/** The public key editing. */
	get me(): string {
		return this.festivals.me;
	}

	/** This festival with its ancestors and descendants (ids). */
	readonly family: Set<FestivalId> = $derived.by(() => {
		const out = new Set<FestivalId>(this.ancestry.map((f) => f.id));
		if (!this.id) return out;
		const under = new Set<FestivalId>([this.id]);
		let grew = true;
		while (grew) {
			grew = false;
			for (const f of this.model.festivals.values()) {
				const p = f.meta?.parent;
				if (p && under.has(p) && !under.has(f.id)) {
					under.add(f.id);
					grew = true;
				}
			}
		}
		for (const id of under) out.add(id);
		return out;
	});

	/** Requests waiting for me in this festival's family (pending or in conflict). */
	readonly inbox: InboxItem[] = $derived(
		this.view
			? inbox(this.model, this.me).filter(
					(i) => this.family.has(i.festival) || this.family.has(i.resourceFestival)
				)
			: []
	);

	/** Requests for my resources I decided already (so I can change my mind), in this family. */
	readonly decided: InboxItem[] = $derived(
		this.view
			? inbox(this.model, this.me, { decided: true }).filter(
					(i) => this.family.has(i.festival) || this.family.has(i.resourceFestival)
				)
			: []
	);

	/**
	 * Opens the festival `id` (with its family), or joins it when this device does not hold it
	 * (an invite link): it then waits for peers and fills in as their entries arrive.
	 */
	async load(id: FestivalId): Promise<void> {
		this.id = id;
		this.#status = 'loading';
		if (!FESTIVAL_ID.test(id)) {
			this.#status = 'missing';
			return;
		}
		try {
			await this.festivals.join(id);
			if (this.id !== id) return;
			this.#status = this.festivals.isWaiting(id) ? 'waiting' : 'ready';
		} catch (e) {
			this.error = e instanceof Error ? e.message : String(e);
			this.#status = 'error';
		}
	}

	/** Makes a local change in this festival (or `where`, an ancestor holding a resource). */
	change<T>(fn: (d: FestivalDoc) => T, where?: FestivalId): Promise<T> {
		if (!this.id) throw new Error('no festival is open');
		return this.festivals.change(where ?? this.id, fn);
	}
}

/** Provides the festival page state (call in the `/f/[id]` layout). */
export function setFestivalPage(p: FestivalPage): FestivalPage {
	return setContext(KEY, p);
}

/** The festival page state provided by the `/f/[id]` layout. */
export function useFestivalPage(): FestivalPage {
	const p = getContext<FestivalPage | undefined>(KEY);
	if (!p) throw new Error('useFestivalPage() outside a festival page');
	return p;
}
