/**
 * A person's profile: the name (and optionally a short note and a way to reach them) an author
 * publishes in each festival it writes to (stored in the `children` container under its own
 * public key, see PROTOCOL.md "People"). Input is refused when it holds hidden characters; a
 * stored profile from a peer is cleaned instead (hidden characters dropped, whitespace
 * collapsed, cut to the limit), so no name can reorder or hide the text around it.
 * @module
 */
import * as v from 'valibot';
import { compact, copyKeys } from './fields.js';
import { checkWith, type Checked, type InputOf } from './problems.js';
import { clip, str, TEXT_LIMITS } from './text.js';

/**
 * Characters a name, note or contact may not hold: C0 and C1 controls (tab and newline
 * included), the bidirectional marks, embeddings, overrides and isolates, and invisible
 * joiners, separators and the byte order mark.
 */
export const HIDDEN_CHARACTERS =
	// eslint-disable-next-line no-control-regex
	/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

const hasHidden = (s: string) => new RegExp(HIDDEN_CHARACTERS.source, 'u').test(s);

/** Turns whitespace (tabs, line breaks) into spaces, drops hidden characters, collapses spaces, trims. */
export function cleanText(s: string): string {
	return s.replace(/\s/gu, ' ').replace(HIDDEN_CHARACTERS, '').replace(/ {2,}/gu, ' ').trim();
}

const text = (f: 'person' | 'note' | 'contact', message: string) =>
	v.pipe(
		v.string(message),
		v.trim(),
		v.check((s) => !hasHidden(s), 'hidden-characters'),
		v.maxLength(TEXT_LIMITS[f], 'too-long')
	);
const optional = (f: 'note' | 'contact') =>
	v.optional(
		v.pipe(
			text(f, 'invalid'),
			v.transform((s) => s || undefined)
		)
	);

/** A profile as typed: a name (required), a note and a contact (optional). */
export const Profile = v.pipe(
	v.object({
		name: v.pipe(text('person', 'required'), v.nonEmpty('required')),
		note: optional('note'),
		contact: optional('contact')
	}),
	v.transform(compact),
	v.readonly()
);
export type ProfileData = v.InferOutput<typeof Profile>;
export type ProfileInput = InputOf<v.InferInput<typeof Profile>>;

/** Checks a profile as typed: the profile, or every problem (codes). */
export function checkProfile(input: ProfileInput): Checked<ProfileData> {
	return checkWith(Profile, input);
}

const stored = (f: 'person' | 'note' | 'contact', x: unknown): string | undefined => {
	const s = str(x);
	if (s === undefined) return undefined;
	// Cut first, so cleaning a hostile megabyte costs no more than cleaning a name.
	return clip(f, cleanText(s.slice(0, TEXT_LIMITS[f] * 4))) || undefined;
};

/**
 * Reads a stored profile (an untrusted value): cleaned and cut, or undefined when it is not a
 * map or has no name left.
 */
export function readProfile(value: unknown): ProfileData | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const o = copyKeys(value, ['name', 'note', 'contact']);
	const name = stored('person', o.name);
	if (!name) return undefined;
	return compact({ name, note: stored('note', o.note), contact: stored('contact', o.contact) });
}

/**
 * The form of a name two people's names are compared in, to tell when they could be taken for
 * each other: Unicode compatibility form (NFKC: full-width and styled letters become plain
 * ones), accents dropped, case folded, hidden characters, whitespace and punctuation removed.
 * So `Alice`, `alice `, `Ａｌｉｃｅ`, `Alicé` and `A.lice` compare equal. It does not catch
 * letters of other scripts that look alike (Cyrillic `а` for Latin `a`).
 */
export function nameKey(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.normalize('NFKC')
		.toLowerCase()
		.replace(HIDDEN_CHARACTERS, '')
		.replace(/[\s\p{P}\p{S}]/gu, '');
}
