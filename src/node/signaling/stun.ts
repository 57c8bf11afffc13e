/**
 * A STUN binding server (RFC 8489, binding only) on the signaling server's port number, over
 * UDP: it tells a client the address and port its datagram came from (XOR-MAPPED-ADDRESS),
 * which is all a browser behind a home router needs to offer a reachable candidate. Messages
 * are decoded and built with `@msimerson/stun`.
 *
 * Bounded: datagrams that are not a well-formed binding request (wrong size, no magic cookie,
 * another type, undecodable) are dropped without an answer; the answer carries only the mapped
 * address (32 bytes for IPv4, 44 for IPv6), never more than a request's worth of attributes;
 * each source address gets a token bucket of answers, so the server cannot be used to flood a
 * third party whose address was forged.
 * @module
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import stun from '@msimerson/stun';
import { addressKey } from './address.js';

/** Largest datagram considered (a binding request is 20 bytes plus a few attributes). */
export const MAX_STUN_BYTES = 548;
const MAGIC_COOKIE = 0x2112a442;
/** STUN message type of a binding request. */
const BINDING_REQUEST = 0x0001;

/** Limits of the STUN server. */
export interface StunLimits {
	/** Sustained answers per second per source address (default 20) and burst (default 50). */
	readonly ratePerSecond: number;
	readonly burst: number;
	/** Source addresses tracked at once (default 10 000; beyond, the table starts afresh). */
	readonly maxTracked: number;
}

export const DEFAULT_STUN_LIMITS: StunLimits = { ratePerSecond: 20, burst: 50, maxTracked: 10_000 };

/** Counters, for tests. */
export interface StunStats {
	answered: number;
	dropped: number;
}

/**
 * The answer to one datagram from `address`:`port`, or undefined when it gets none (not a
 * binding request, or malformed). Never throws.
 */
export function stunAnswer(datagram: Buffer, address: string, port: number): Buffer | undefined {
	if (datagram.length < 20 || datagram.length > MAX_STUN_BYTES) return undefined;
	if (datagram.readUInt16BE(0) !== BINDING_REQUEST) return undefined;
	if (datagram.readUInt32BE(4) !== MAGIC_COOKIE) return undefined;
	if (datagram.readUInt16BE(2) + 20 !== datagram.length) return undefined;
	try {
		const request = stun.decode(datagram);
		if (request.type !== stun.constants.STUN_BINDING_REQUEST) return undefined;
		const response = stun.createMessage(
			stun.constants.STUN_BINDING_RESPONSE,
			request.transactionId
		);
		const mapped = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
		response.addXorAddress(mapped, port);
		return stun.encode(response);
	} catch {
		return undefined;
	}
}

/** A running STUN server. */
export interface RunningStun {
	/** The UDP port it answers on. */
	readonly port: number;
	readonly stats: StunStats;
	close(): Promise<void>;
}

/** Answers STUN binding requests on UDP `host`:`port`; rejects if the port cannot be bound. */
export function startStun(opts: {
	host: string;
	port: number;
	limits?: Partial<StunLimits>;
}): Promise<RunningStun> {
	const limits = { ...DEFAULT_STUN_LIMITS, ...opts.limits };
	const stats: StunStats = { answered: 0, dropped: 0 };
	const buckets = new Map<string, { tokens: number; last: number }>();
	const allow = (address: string): boolean => {
		const key = addressKey(address);
		const now = Date.now();
		let b = buckets.get(key);
		if (!b) {
			if (buckets.size >= limits.maxTracked) buckets.clear();
			b = { tokens: limits.burst, last: now };
			buckets.set(key, b);
		}
		b.tokens = Math.min(limits.burst, b.tokens + ((now - b.last) / 1000) * limits.ratePerSecond);
		b.last = now;
		if (b.tokens < 1) return false;
		b.tokens -= 1;
		return true;
	};
	const socket: Socket = createSocket({
		type: isIP(opts.host) === 6 ? 'udp6' : 'udp4',
		reuseAddr: false
	});
	socket.on('message', (msg, rinfo) => {
		const answer = stunAnswer(msg, rinfo.address, rinfo.port);
		if (!answer || !allow(rinfo.address)) {
			stats.dropped++;
			return;
		}
		stats.answered++;
		socket.send(answer, rinfo.port, rinfo.address, () => undefined);
	});
	return new Promise((resolve, reject) => {
		socket.once('error', reject);
		socket.bind(opts.port, opts.host, () => {
			socket.off('error', reject);
			socket.on('error', () => undefined); // a send to an unreachable address, say
			resolve({
				port: socket.address().port,
				stats,
				close: () => new Promise<void>((r) => socket.close(() => r()))
			});
		});
	});
}

/** Starts STUN on UDP `host`:`port` beside a signaling server; an error is returned, not thrown. */
export async function stunBeside(
	host: string,
	port: number
): Promise<{ stun: RunningStun | undefined; stunError: string | undefined }> {
	try {
		return { stun: await startStun({ host, port }), stunError: undefined };
	} catch (e) {
		return { stun: undefined, stunError: `no STUN on UDP port ${port}: ${(e as Error).message}` };
	}
}
