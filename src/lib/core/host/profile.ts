/**
 * The profile a host publishes for its identity (PROTOCOL.md, "People"): before each local
 * change to a festival, if this identity's profile there is missing or differs, it is written
 * in the same change, so whatever this identity writes carries its current name.
 * @module
 */
import { rawProfile, setProfile, type FestivalDoc } from '../festival/document/doc.js';
import type { Festival } from '../festival/festival.js';
import type { AuthorId, IdentityDetails } from '../identity/identity.js';
import { checkProfile, type ProfileData, type ProfileInput } from '../model/profile.js';
import type { Checked } from '../model/problems.js';
import { str } from '../model/text.js';

/**
 * The profile an identity publishes (its name, note and contact), or undefined without a usable
 * name. A note or contact the profile rules refuse is left out rather than losing the name.
 */
export function profileOfIdentity(d: IdentityDetails): ProfileData | undefined {
	if (!d.name) return undefined;
	const full = checkProfile({ name: d.name, note: d.note ?? '', contact: d.contact ?? '' });
	if (full.ok) return full.value;
	const r = checkProfile({ name: d.name });
	return r.ok ? r.value : undefined;
}

/** Whether `doc` holds exactly `profile` for `author` (as this identity wrote it). */
export function holdsProfile(doc: FestivalDoc, author: AuthorId, profile: ProfileData): boolean {
	const raw = rawProfile(doc, author);
	if (typeof raw !== 'object' || raw === null) return false;
	const o = raw as Record<string, unknown>;
	return (
		str(o.name) === profile.name &&
		str(o.note) === profile.note &&
		str(o.contact) === profile.contact
	);
}

/** Keeps this identity's profile and writes it where it is missing or stale. */
export class ProfilePublisher {
	#profile: ProfileData | undefined;

	constructor(
		readonly author: AuthorId,
		initial?: ProfileData
	) {
		this.#profile = initial;
	}

	/** The profile published with local changes (undefined: none). */
	get current(): ProfileData | undefined {
		return this.#profile;
	}

	/** `fn`, preceded in the same change by this profile where the document lacks it. */
	wrap<T>(fn: (d: FestivalDoc) => T): (d: FestivalDoc) => T {
		return (d) => {
			const p = this.#profile;
			if (p && !holdsProfile(d, this.author, p)) setProfile(d, this.author, p);
			return fn(d);
		};
	}

	/**
	 * Publishes the profile in `f` (a change of its own, signed at once: a festival just made
	 * goes out with its maker's name, not a seal delay later) if `f` lacks it.
	 */
	async stamp(f: Festival): Promise<void> {
		const p = this.#profile;
		if (p && f.doc.meta !== undefined && !holdsProfile(f.doc, this.author, p)) {
			await f.change((d) => setProfile(d, this.author, p));
			await f.seal();
		}
	}

	/** Publishes no profile from now on (those published stay; a name is data others hold). */
	clear(): void {
		this.#profile = undefined;
	}

	/**
	 * Sets the profile (checked; nothing changes on a problem) and updates it in every festival
	 * of `festivals` that already holds one of this identity's; others get it with the next
	 * local change there.
	 */
	async set(input: ProfileInput, festivals: Iterable<Festival>): Promise<Checked<ProfileData>> {
		const r = checkProfile(input);
		if (!r.ok) return r;
		this.#profile = r.value;
		for (const f of festivals)
			if (f.doc.meta !== undefined && rawProfile(f.doc, this.author) !== undefined)
				await this.stamp(f);
		return r;
	}
}
