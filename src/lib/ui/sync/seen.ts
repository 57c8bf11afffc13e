/**
 * Peers this browser has met, with when each was last seen, kept in localStorage so the sync
 * status can still say "last seen yesterday" after a reload.
 * @module
 */

/** The localStorage key of the peers seen. */
export const SEEN_KEY = 'festival.peersSeen';

/** A peer and when it was last heard from (ms since the epoch). */
export interface SeenPeer {
	readonly id: string;
	readonly lastSeen: number;
}

/** The peers seen, most recent first; an empty list when nothing (valid) is stored. */
export function loadSeen(): SeenPeer[] {
	try {
		const raw: unknown = JSON.parse(globalThis.localStorage?.getItem(SEEN_KEY) ?? '[]');
		if (!Array.isArray(raw)) return [];
		return raw
			.filter(
				(p): p is SeenPeer =>
					typeof p?.id === 'string' && p.id.length <= 100 && Number.isFinite(p?.lastSeen)
			)
			.sort((a, b) => b.lastSeen - a.lastSeen);
	} catch {
		return [];
	}
}

/** Stores the `max` most recently seen peers. */
export function saveSeen(peers: readonly SeenPeer[], max: number): void {
	const keep = [...peers].sort((a, b) => b.lastSeen - a.lastSeen).slice(0, max);
	try {
		globalThis.localStorage?.setItem(
			SEEN_KEY,
			JSON.stringify(keep.map((p) => ({ id: p.id, lastSeen: p.lastSeen })))
		);
	} catch {
		// storage full or blocked: the list lives on in memory
	}
}
