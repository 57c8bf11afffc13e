/**
 * The ICE servers a peer uses when its person set none: the signaling server's own STUN
 * (`stun:<host>:<port>` of the signaling URL: our server answers STUN on its UDP port) and
 * the TURN servers with short-lived credentials that the signaling server hands out at
 * `GET /ice` (PROTOCOL.md, Signaling). No third party is involved.
 * @module
 */
import { err, ok, type Result } from '../result.js';

/** Default ports of `ws:` and `wss:` URLs. */
const DEFAULT_PORT: Readonly<Record<string, string>> = { 'ws:': '80', 'wss:': '443' };

/** `stun:<host>:<port>` of a signaling URL (`ws://` or `wss://`), or undefined if it is not one. */
export function stunFromSignaling(signalingUrl: string): string | undefined {
	let u: URL;
	try {
		u = new URL(signalingUrl);
	} catch {
		return undefined;
	}
	const port = u.port || DEFAULT_PORT[u.protocol];
	if (!port || !u.hostname) return undefined;
	return `stun:${u.hostname}:${port}`;
}

/** Where a signaling server hands out ICE servers: `http(s)://<host>:<port>/ice`. */
export function iceEndpoint(signalingUrl: string): string | undefined {
	let u: URL;
	try {
		u = new URL(signalingUrl);
	} catch {
		return undefined;
	}
	if (u.protocol !== 'ws:' && u.protocol !== 'wss:') return undefined;
	return `${u.protocol === 'wss:' ? 'https:' : 'http:'}//${u.host}/ice`;
}

/** A `GET /ice` reply: ICE servers and how many seconds their credentials last. */
export interface IceReply {
	readonly iceServers: RTCIceServer[];
	readonly ttl: number;
}

/** Reads a `GET /ice` reply (untrusted): at most 10 servers with stun:/turn:/turns: URLs. */
export function parseIceReply(data: unknown): Result<IceReply, 'ice'> {
	if (typeof data !== 'object' || data === null) return err('ice', 'not an object');
	const d = data as Record<string, unknown>;
	if (!Array.isArray(d.iceServers) || d.iceServers.length > 10)
		return err('ice', 'iceServers is not a list of at most 10');
	if (typeof d.ttl !== 'number' || !(d.ttl > 0)) return err('ice', 'ttl is not a positive number');
	const out: RTCIceServer[] = [];
	for (const s of d.iceServers as unknown[]) {
		if (typeof s !== 'object' || s === null) return err('ice', 'a server is not an object');
		const { urls, username, credential } = s as Record<string, unknown>;
		const list = typeof urls === 'string' ? [urls] : urls;
		if (
			!Array.isArray(list) ||
			list.length === 0 ||
			!list.every((u) => typeof u === 'string' && /^(stun|turns?):[^\s]+$/.test(u))
		)
			return err('ice', 'a server has no stun:, turn: or turns: URLs');
		if (username !== undefined && typeof username !== 'string')
			return err('ice', 'a username is not text');
		if (credential !== undefined && typeof credential !== 'string')
			return err('ice', 'a credential is not text');
		out.push({
			urls: list as string[],
			...(username === undefined ? {} : { username }),
			...(credential === undefined ? {} : { credential })
		});
	}
	return ok({ iceServers: out, ttl: d.ttl });
}

/** A `fetch` as far as {@link ServerIce} uses it. */
export type FetchLike = (
	url: string,
	init?: { signal?: AbortSignal }
) => Promise<{ ok: boolean; json(): Promise<unknown> }>;

/**
 * The default ICE servers of peers that use given signaling servers: their STUN at once,
 * their TURN once fetched; fetched again before the credentials expire (at 80% of their ttl),
 * and after a failure at most once a minute. A server without `GET /ice` (a y-webrtc server)
 * just adds its STUN.
 */
export class ServerIce {
	readonly #endpoints: string[];
	readonly #stun: RTCIceServer[];
	readonly #fetch: FetchLike;
	readonly #now: () => number;
	#turn: RTCIceServer[] = [];
	#expires = 0;
	#nextFetch = 0;
	#pending: Promise<void> | undefined;

	constructor(signalingUrls: readonly string[], fetch: FetchLike, now: () => number = Date.now) {
		this.#stun = [...new Set(signalingUrls.map(stunFromSignaling))]
			.filter((u): u is string => u !== undefined)
			.map((urls) => ({ urls }));
		this.#endpoints = [...new Set(signalingUrls.map(iceEndpoint).filter((u): u is string => !!u))];
		this.#fetch = fetch;
		this.#now = now;
	}

	/** The servers to use now (fetching fresh TURN credentials in the background when due). */
	servers(): RTCIceServer[] {
		const now = this.#now();
		if (now >= this.#nextFetch) void this.refresh();
		return [...this.#stun, ...(now < this.#expires ? this.#turn : [])];
	}

	/** Fetches from every signaling server (resolves when done; never rejects). */
	refresh(timeoutMs = 5000): Promise<void> {
		if (this.#pending) return this.#pending;
		this.#nextFetch = this.#now() + 60_000;
		this.#pending = Promise.all(this.#endpoints.map((e) => this.#get(e, timeoutMs)))
			.then((replies) => {
				const got = replies.filter((r): r is IceReply => r !== undefined);
				if (got.length === 0) return;
				const ttl = Math.min(...got.map((r) => r.ttl));
				this.#turn = got.flatMap((r) => r.iceServers);
				this.#expires = this.#now() + ttl * 1000;
				this.#nextFetch = this.#now() + ttl * 800;
			})
			.finally(() => (this.#pending = undefined));
		return this.#pending;
	}

	async #get(endpoint: string, timeoutMs: number): Promise<IceReply | undefined> {
		const abort = new AbortController();
		const timer = setTimeout(() => abort.abort(), timeoutMs);
		try {
			const res = await this.#fetch(endpoint, { signal: abort.signal });
			if (!res.ok) return undefined;
			const r = parseIceReply(await res.json());
			return r.ok ? r.value : undefined;
		} catch {
			return undefined;
		} finally {
			clearTimeout(timer);
		}
	}
}
