/**
 * Short-lived TURN credentials (the "TURN REST API" shared-secret scheme that coturn's
 * `use-auth-secret` / `static-auth-secret` checks): username `<expiry unix time>:<id>`,
 * credential base64(HMAC-SHA1(secret, username)). The signaling server hands them out at
 * `GET /ice` (see {@link iceHandler}); the secret never leaves this process.
 * @module
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The path of the ICE server endpoint on the signaling server. */
export const ICE_PATH = '/ice';
/** Lifetime of handed-out credentials, seconds (default 1 h). */
export const DEFAULT_TURN_TTL_S = 3600;

/** A TURN server set up with a shared secret. */
export interface TurnConfig {
	/** Its URLs, like `turn:turn.example.org:3478`. */
	readonly urls: readonly string[];
	/** The shared secret (coturn's `static-auth-secret`). */
	readonly secret: string;
	/** Credential lifetime, seconds (default {@link DEFAULT_TURN_TTL_S}). */
	readonly ttlSeconds?: number;
}

/** What `GET /ice` answers: ICE servers for clients that set none, and how long they last. */
export interface IceReply {
	readonly iceServers: { urls: string[]; username?: string; credential?: string }[];
	/** Seconds the credentials stay valid. */
	readonly ttl: number;
}

/** Credentials for `id`, valid until `now` + ttl (unix seconds in the username). */
export function turnCredentials(
	secret: string,
	ttlSeconds: number,
	nowMs: number,
	id: string
): { username: string; credential: string } {
	const username = `${Math.floor(nowMs / 1000) + ttlSeconds}:${id}`;
	const credential = createHmac('sha1', secret).update(username).digest('base64');
	return { username, credential };
}

/** The `GET /ice` reply: fresh credentials for each TURN URL, or no servers. */
export function iceReply(turn: TurnConfig | undefined, nowMs = Date.now()): IceReply {
	const ttl = turn?.ttlSeconds ?? DEFAULT_TURN_TTL_S;
	if (!turn || turn.urls.length === 0) return { iceServers: [], ttl };
	const cred = turnCredentials(turn.secret, ttl, nowMs, randomBytes(6).toString('hex'));
	return { iceServers: [{ urls: [...turn.urls], ...cred }], ttl };
}

/** Thrown for a TURN setting that cannot work, with a message a person can act on. */
export class TurnConfigError extends Error {
	override readonly name = 'TurnConfigError';
}

/**
 * The TURN configuration from URLs (each `turn:` or `turns:`) and the file holding the
 * secret; undefined when no URL is given. Throws {@link TurnConfigError}.
 */
export function turnConfig(urls: readonly string[], secretFile?: string): TurnConfig | undefined {
	const list = urls.flatMap((u) => u.split(/[\s,]+/)).filter(Boolean);
	if (list.length === 0) {
		if (secretFile) throw new TurnConfigError('a TURN secret file needs a TURN server URL too');
		return undefined;
	}
	for (const u of list)
		if (!/^turns?:[^\s]+$/.test(u))
			throw new TurnConfigError(`${u}: a TURN server URL starts with turn: or turns:`);
	if (!secretFile)
		throw new TurnConfigError('a TURN server needs its shared secret (a secret file)');
	let secret: string;
	try {
		secret = readFileSync(secretFile, 'utf8').trim();
	} catch (e) {
		throw new TurnConfigError(`cannot read the TURN secret file: ${(e as Error).message}`);
	}
	if (secret.length < 16)
		throw new TurnConfigError(
			'the TURN secret file holds too short a secret (at least 16 characters)'
		);
	return { urls: list, secret };
}

/**
 * Answers `GET /ice` (returns true) with an {@link IceReply}, readable from any origin (an
 * app served elsewhere may use this signaling server); returns false for other requests.
 */
export function iceHandler(
	turn: TurnConfig | undefined
): (req: IncomingMessage, res: ServerResponse) => boolean {
	return (req, res) => {
		if ((req.url ?? '').split('?')[0] !== ICE_PATH) return false;
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { allow: 'GET, HEAD', 'content-length': 0 });
			res.end();
			return true;
		}
		const body = JSON.stringify(iceReply(turn));
		res.writeHead(200, {
			'content-type': 'application/json',
			'content-length': Buffer.byteLength(body),
			'cache-control': 'no-store',
			'access-control-allow-origin': '*',
			'x-content-type-options': 'nosniff'
		});
		res.end(req.method === 'HEAD' ? undefined : body);
		return true;
	};
}
