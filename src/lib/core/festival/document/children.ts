/**
 * What authors write in the `children` container besides group records: listings of
 * sub-festivals (under the author's prefix and the child's id) and profiles (under the author's
 * full public key; PROTOCOL.md, "People").
 * @module
 */
import * as A from '@automerge/automerge';
import type { FestivalDoc } from '../../model/doc.js';
import type { ProfileData } from '../../model/profile.js';
import type { AuthorId } from '../../identity/identity.js';
import { rawItem, shard } from './containers.js';
import { actorOfOpId, authorOfActor, authorPrefix, type FestivalId } from './ids.js';
import { checkText } from './schema.js';

const S = (s: string) => new A.ImmutableString(s);

/**
 * Lists a child festival in its parent `parent` (named in the listing, so a fork, which holds
 * its original's listings, tells them from its own).
 */
export function addChild(
	d: FestivalDoc,
	author: AuthorId,
	child: FestivalId,
	name: string,
	parent?: FestivalId
): void {
	checkText('name', name);
	const key = authorPrefix(author) + child;
	shard(d, 'children', key)[key] = {
		festival: S(child),
		name: S(name),
		...(parent ? { parent: S(parent) } : {})
	};
}

/**
 * Publishes or updates `author`'s profile in this festival: a map under the author's public
 * key in the `children` container (PROTOCOL.md, "People"). An own map there is updated in
 * place (fields `p` leaves out are removed); anything else is replaced by a new map.
 */
export function setProfile(d: FestivalDoc, author: AuthorId, p: ProfileData): void {
	checkText('person', p.name);
	checkText('note', p.note);
	checkText('contact', p.contact);
	const s = shard(d, 'children', author) as Record<string, unknown>;
	const next: Record<string, A.ImmutableString> = {
		name: S(p.name),
		...(p.note ? { note: S(p.note) } : {}),
		...(p.contact ? { contact: S(p.contact) } : {})
	};
	const cur = s[author];
	const id = typeof cur === 'object' && cur !== null ? A.getObjectId(cur) : null;
	if (!id || authorOfActor(actorOfOpId(id) ?? '') !== author) {
		s[author] = next;
		return;
	}
	const own = cur as Record<string, unknown>;
	for (const k of Object.keys(own)) if (!(k in next)) delete own[k];
	Object.assign(own, next);
}

/** The profile `author` published in a document, as stored (untrusted; see readProfile). */
export function rawProfile(doc: FestivalDoc, author: string): unknown {
	return rawItem(doc, 'children', author);
}
