/**
 * Invite links: the festival's address, with its name after `#name=` so whoever opens the
 * link sees what they are joining while it arrives. The fragment never reaches a server. The
 * name in a link is anyone's to write: it is read as untrusted display text (hidden characters
 * dropped, clipped) and shown as unverified until the festival itself arrives.
 * @module
 */

/** The longest name a link carries or shows, in characters. */
export const INVITE_NAME_MAX = 80;

/** Visible text only: control, format (bidi, zero-width) and separator characters removed, spaces collapsed, clipped. */
export function cleanInviteName(s: string): string {
	const t = s
		.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	const chars = [...t];
	return chars.length > INVITE_NAME_MAX ? chars.slice(0, INVITE_NAME_MAX - 1).join('') + '…' : t;
}

/** The invite link of festival `id` at `origin`, carrying its name. */
export function inviteLink(origin: string, id: string, name: string): string {
	const clean = cleanInviteName(name);
	return `${origin}/f/${id}${clean ? `#name=${encodeURIComponent(clean)}` : ''}`;
}

/** The name an invite link's fragment (`#name=...`) carries, cleaned; undefined if none. */
export function invitedName(hash: string): string | undefined {
	const raw = new URLSearchParams(hash.replace(/^#/, '')).get('name');
	if (raw === null) return undefined;
	return cleanInviteName(raw) || undefined;
}
