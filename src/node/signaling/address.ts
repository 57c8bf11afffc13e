/**
 * Client addresses for the signaling server's per-address limits: the socket's address, or a
 * trusted proxy's `X-Forwarded-For` hop, with IPv6 clients keyed by their /64.
 * @module
 */
import { isIP } from 'node:net';

/**
 * The address one client is counted under: the socket's remote address, or with
 * `trustProxy` = n > 0 the n-th `X-Forwarded-For` entry from the right (the socket's address
 * if the header has fewer entries or the entry is not an IP address). IPv4-mapped IPv6 counts
 * as IPv4; IPv6 counts by its /64 prefix (one host commonly holds a whole /64).
 */
export function clientAddress(
	remote: string | undefined,
	forwardedFor: string | string[] | undefined,
	trustProxy = 0
): string {
	let address = remote ?? '';
	if (trustProxy > 0 && forwardedFor !== undefined) {
		const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
			.split(',')
			.map((h) => h.trim());
		const hop = hops[hops.length - trustProxy];
		if (hop !== undefined && isIP(hop) !== 0) address = hop;
	}
	return addressKey(address);
}

/** The counting key of an IP address: IPv4 as is, IPv6 by its first 64 bits. */
export function addressKey(address: string): string {
	const a = address.toLowerCase().replace(/%.*$/, '');
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
	if (mapped) return mapped[1] as string;
	if (isIP(a) !== 6) return a;
	const [head = '', tail = ''] = a.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	const groups = a.includes('::')
		? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
		: left;
	return (
		groups
			.slice(0, 4)
			.map((g) => g.replace(/^0+(?=.)/, ''))
			.join(':') + '::/64'
	);
}
