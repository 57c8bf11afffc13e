/**
 * The lipmaa link target of bamboo (README, "Links and Entry Verification"): for sequence
 * number n > 1, the entry that n links to besides n - 1, giving certificate pools of
 * logarithmic size. Computed as in the spec's `lipmaa` reference algorithm.
 * @module
 */

/** lipmaa(n) for n >= 1 (lipmaa(1) = 0: the first entry has no links). */
export function lipmaa(n: number): number {
	// Largest m = (3^k - 1) / 2 with m <= n, as in the spec.
	let m = 1;
	let po3 = 3;
	while (m < n) {
		po3 *= 3;
		m = (po3 - 1) / 2;
	}
	po3 /= 3;
	if (m !== n) {
		let x = n;
		while (x !== 0) {
			m = (po3 - 1) / 2;
			po3 /= 3;
			x %= m;
		}
		if (m !== po3) po3 = m;
	}
	return n - po3;
}

/** Whether entry n encodes a lipmaa link: n > 1 and lipmaa(n) differs from the backlink n - 1. */
export function hasLipmaaLink(n: number): boolean {
	return n > 1 && lipmaa(n) !== n - 1;
}

/**
 * The certificate pool of n: the sequence numbers on the lipmaa path from n down to 1
 * (n included, ascending). Holding these is enough to verify n back to the log's start.
 */
export function certificatePath(n: number): number[] {
	const path: number[] = [];
	for (let k = n; k >= 1; k = lipmaa(k)) path.push(k);
	return path.reverse();
}
