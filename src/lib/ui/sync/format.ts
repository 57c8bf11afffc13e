/**
 * Words for the sync status: how long ago something happened.
 * @module
 */

/** "just now", "12 s ago", "5 min ago", "3 h ago", or a date, for `then` seen from `now` (ms). */
export function ago(then: number | undefined, now: number): string {
	if (then === undefined || then <= 0) return 'never';
	const s = Math.max(0, Math.round((now - then) / 1000));
	if (s < 5) return 'just now';
	if (s < 60) return `${s} s ago`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m} min ago`;
	const h = Math.floor(m / 60);
	if (h < 24) return `${h} h ago`;
	return new Date(then).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "1 peer", "3 peers". */
export function peersText(n: number): string {
	return `${n} ${n === 1 ? 'peer' : 'peers'}`;
}
