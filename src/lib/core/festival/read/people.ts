/**
 * People as the read model shows them: the profile each author published (PROTOCOL.md,
 * "People"), and a label per person that tells people apart. Names are data anyone can pick,
 * so two people may publish the same name, or names that only differ in case, accents,
 * spacing or full-width letters ({@link nameKey}); those, and names that look like a key, are
 * shown with the first 8 hex characters of the key. A person without a profile is shown by
 * that short key. The full key is always in the views (`key`, `owner`), to compare in person.
 * @module
 */
import type { FestivalId } from '../document/ids.js';
import { nameKey, type ProfileData } from '../../model/profile.js';
import { ancestry } from './tree-model.js';
import type { TreeModel } from './tree-types.js';

/** A person as shown. */
export interface PersonView {
	/** The public key (64 hex). */
	readonly key: string;
	/** The name the person published, or null if none is known here. */
	readonly name: string | null;
	/** How to show them: the name, with the short key when the name could be confused. */
	readonly label: string;
	readonly note?: string;
	readonly contact?: string;
}

/** The first 8 hex characters of a key, followed by an ellipsis. */
export function shortKey(key: string): string {
	return `${key.slice(0, 8)}…`;
}

/**
 * The profiles the tree holds, as festival `id` sees them: its own first, then its ancestors',
 * then the rest of the tree's (by festival id), each person taken from the first that has one.
 */
export function profilesFor(m: TreeModel, id: FestivalId): Map<string, ProfileData> {
	const order = [...ancestry(m.festivals, id), ...[...m.festivals.keys()].sort()];
	const out = new Map<string, ProfileData>();
	for (const fid of order)
		for (const [key, p] of m.festivals.get(fid)?.people ?? []) if (!out.has(key)) out.set(key, p);
	return out;
}

const LOOKS_LIKE_KEY = /^[0-9a-f]{6,}$/;

/**
 * Labels for people shown together: each one's name, or `name (1a2b3c4d)` when another of them
 * has a name with the same {@link nameKey} or the name looks like hex (a key); `1a2b3c4d…`
 * without a name.
 */
export function personLabels(
	people: ReadonlyMap<string, string | null | undefined>
): Map<string, string> {
	const count = new Map<string, number>();
	for (const name of people.values()) {
		if (!name) continue;
		const k = nameKey(name);
		count.set(k, (count.get(k) ?? 0) + 1);
	}
	const out = new Map<string, string>();
	for (const [key, name] of people) {
		if (!name) out.set(key, shortKey(key));
		else {
			const k = nameKey(name);
			const unclear = (count.get(k) ?? 0) > 1 || LOOKS_LIKE_KEY.test(k) || k === '';
			out.set(key, unclear ? `${name} (${key.slice(0, 8)})` : name);
		}
	}
	return out;
}

/** The people of festival `id`: whoever published a profile there or owns something there. */
export function peopleOf(m: TreeModel, id: FestivalId): PersonView[] {
	const f = m.festivals.get(id);
	if (!f) return [];
	const profiles = profilesFor(m, id);
	const keys = new Set<string>(f.people.keys());
	for (const r of [...f.resources.values(), ...f.removed.values()]) keys.add(r.owner);
	for (const e of f.events.values()) keys.add(e.owner);
	return describe([...keys], profiles);
}

/** Person views for `keys`, labelled among themselves. */
export function describe(
	keys: readonly string[],
	profiles: ReadonlyMap<string, ProfileData>
): PersonView[] {
	const labels = personLabels(new Map(keys.map((k) => [k, profiles.get(k)?.name])));
	return [...keys]
		.sort()
		.map((key) => {
			const p = profiles.get(key);
			return {
				key,
				name: p?.name ?? null,
				label: labels.get(key)!,
				...(p?.note !== undefined ? { note: p.note } : {}),
				...(p?.contact !== undefined ? { contact: p.contact } : {})
			};
		})
		.sort(
			(a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') || (a.key < b.key ? -1 : 1)
		);
}

/** Every name published in a tree, by key (a festival of lower id first where they differ). */
export function namesKnown(m: TreeModel): Map<string, string> {
	const out = new Map<string, string>();
	for (const id of [...m.festivals.keys()].sort())
		for (const [key, p] of m.festivals.get(id)!.people) if (!out.has(key)) out.set(key, p.name);
	return out;
}

/**
 * The name of a peer, from its peer id (`first 8 hex of the key-random`): the published name
 * of the one known person whose key starts so, with that short key; undefined when none or
 * several match (a peer id is not proof of a key, so this is a hint, never an identity).
 */
export function peerName(peerId: string, names: ReadonlyMap<string, string>): string | undefined {
	const prefix = peerId.split('-')[0] ?? '';
	if (!/^[0-9a-f]{8}$/.test(prefix)) return undefined;
	const hits = [...names].filter(([key]) => key.startsWith(prefix));
	return hits.length === 1 ? `${hits[0]![1]} (${prefix})` : undefined;
}
