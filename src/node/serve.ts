/**
 * Serves the built web app (`build/`) with sirv: static files with their content types (wasm as
 * application/wasm), the SPA fallback to index.html for app routes, long caching for SvelteKit's
 * hashed `/_app/immutable/` files and revalidation (ETag) for everything else. In front of sirv
 * this module refuses what a static site never needs: methods other than GET and HEAD, paths that
 * are not valid percent-encoding, contain `..` segments, NUL or backslashes, or are over
 * {@link MAX_PATH} characters, and symbolic links in the root that lead out of it.
 * `startServer` returns the http server so a WebSocket signaling server can share it (listen for
 * its `upgrade` event).
 *
 * Run directly (`npm start`): honours HOST (default 127.0.0.1) and PORT (default 5173;
 * 0 picks a free port) and prints `Festival is running at URL`. The signaling server shares
 * the port, STUN answers on the same UDP port, and `GET /ice` hands out TURN credentials when
 * FESTIVAL_TURN (TURN URLs) and FESTIVAL_TURN_SECRET_FILE are set.
 * @module
 */
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sirv from 'sirv';
import { SignalingHub } from './signaling/server.js';
import { stunBeside } from './signaling/stun.js';
import { iceHandler, turnConfig } from './signaling/turn.js';

/** The longest request path (without the query) served; longer ones get 414. */
export const MAX_PATH = 2048;

/** Headers on every answer. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = { 'x-content-type-options': 'nosniff' };

export interface ServerOptions {
	/** Interface to listen on (default 127.0.0.1). */
	readonly host?: string;
	/** Port (default 5173); 0 picks a free one. */
	readonly port?: number;
	/** The folder to serve: the static build, holding index.html. */
	readonly root: string;
	/** Answers some requests before the static files (returns true when it did). */
	readonly before?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export interface RunningServer {
	/** Where the app is, like `http://127.0.0.1:5173/`. */
	readonly url: string;
	readonly server: Server;
	close(): Promise<void>;
}

/** Thrown for a bad HOST/PORT or a port already in use: a message a person can act on. */
export class ServeError extends Error {
	override readonly name = 'ServeError';
}

/**
 * Paths (as sirv looks them up, leading slash) of symbolic links under `root` that lead out of
 * it; sirv would follow them.
 */
function escapingLinks(root: string): Set<string> {
	const out = new Set<string>();
	let realRoot: string;
	try {
		realRoot = realpathSync(root);
	} catch {
		return out;
	}
	for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
		if (!entry.isSymbolicLink()) continue;
		const path = join(entry.parentPath, entry.name);
		let real = '';
		try {
			real = realpathSync(path);
		} catch {
			// a dangling link serves nothing either
		}
		if (real !== realRoot && !real.startsWith(realRoot + sep))
			out.add('/' + relative(root, path).split(sep).join('/'));
	}
	return out;
}

/**
 * The request handler for the static app in `root` (read when this is called). Requests that
 * name a file (an extension, or under /_app/) and miss get 404; other paths get index.html so
 * client routes work.
 */
export function staticHandler(root: string): (req: IncomingMessage, res: ServerResponse) => void {
	const base = resolve(root);
	const denied = escapingLinks(base);

	function send(
		res: ServerResponse,
		status: number,
		text: string,
		extra: Record<string, string> = {}
	) {
		res.writeHead(status, {
			'content-type': 'text/plain; charset=utf-8',
			'content-length': Buffer.byteLength(text),
			...SECURITY_HEADERS,
			...extra
		});
		res.end(res.req.method === 'HEAD' ? undefined : text);
	}

	const files = sirv(base, {
		etag: true,
		single: true,
		// No SPA fallback for what names a file (sirv's default: an extension) or SvelteKit's assets.
		ignores: ['^/_app/'],
		setHeaders: (res, pathname) => {
			for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
			res.setHeader(
				'cache-control',
				pathname.startsWith('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache'
			);
		},
		onNoMatch: (_req, res) =>
			send(
				res,
				404,
				existsSync(join(base, 'index.html'))
					? 'Not found\n'
					: 'Not found: the app is not built (run npm run build)\n'
			)
	});

	return (req, res) => {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			send(res, 405, 'Method not allowed\n', { allow: 'GET, HEAD' });
			return;
		}
		const rawPath = (req.url ?? '/').split('?')[0]!.split('#')[0]!;
		if (rawPath.length > MAX_PATH) {
			send(res, 414, 'URI too long\n');
			return;
		}
		let pathname: string;
		try {
			pathname = decodeURIComponent(rawPath);
		} catch {
			send(res, 400, 'Bad request: the path is not valid percent-encoding\n');
			return;
		}
		if (
			!pathname.startsWith('/') ||
			pathname.includes('\0') ||
			pathname.includes('\\') ||
			pathname.split('/').includes('..')
		) {
			send(res, 400, 'Bad request: the path leaves the site\n');
			return;
		}
		if ([...denied].some((d) => pathname === d || pathname.startsWith(d + '/'))) {
			send(res, 404, 'Not found\n');
			return;
		}
		files(req, res);
	};
}

function formatUrl(host: string, port: number): string {
	const h = host.includes(':') ? `[${host}]` : host;
	return `http://${h}:${port}/`;
}

/** Starts serving `root` on host:port; resolves once listening. */
export function startServer(options: ServerOptions): Promise<RunningServer> {
	const host = options.host ?? '127.0.0.1';
	const port = options.port ?? 5173;
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		return Promise.reject(
			new ServeError(`the port must be a whole number from 0 to 65535, not ${port}`)
		);
	}
	const files = staticHandler(options.root);
	const before = options.before;
	const server = createServer(before ? (req, res) => before(req, res) || files(req, res) : files);
	return new Promise((resolvePromise, reject) => {
		const onError = (e: NodeJS.ErrnoException) => {
			const why =
				e.code === 'EADDRINUSE'
					? `port ${port} on ${host} is already in use (set PORT to another port, or 0 for a free one)`
					: e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND'
						? `cannot listen on host ${host} (set HOST to an address of this machine)`
						: e.code === 'EACCES'
							? `not allowed to listen on port ${port} (use a port above 1023)`
							: e.message;
			reject(new ServeError(why));
		};
		server.once('error', onError);
		server.listen(port, host, () => {
			server.off('error', onError);
			const address = server.address() as AddressInfo;
			resolvePromise({
				url: formatUrl(host, address.port),
				server,
				close: () =>
					new Promise<void>((done, fail) => {
						server.close((e) => (e ? fail(e) : done()));
						server.closeAllConnections();
					})
			});
		});
	});
}

/** Reads HOST and PORT as `npm start` documents them. */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): {
	host: string;
	port: number;
} {
	const host = env.HOST?.trim() || '127.0.0.1';
	const rawPort = env.PORT?.trim() || '5173';
	if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535) {
		throw new ServeError(`PORT must be a whole number from 0 to 65535, not "${env.PORT}"`);
	}
	return { host, port: Number(rawPort) };
}

/** The static build, relative to this file (src/node -> build). */
export const BUILD_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../build');

async function main(): Promise<void> {
	try {
		const { host, port } = optionsFromEnv(process.env);
		if (!existsSync(join(BUILD_DIR, 'index.html'))) {
			throw new ServeError(
				'the app is not built yet: run "npm run build" (or "npm start", which builds first)'
			);
		}
		let turn;
		try {
			turn = turnConfig(
				process.env.FESTIVAL_TURN ? [process.env.FESTIVAL_TURN] : [],
				process.env.FESTIVAL_TURN_SECRET_FILE || undefined
			);
		} catch (e) {
			throw new ServeError(`FESTIVAL_TURN / FESTIVAL_TURN_SECRET_FILE: ${(e as Error).message}`);
		}
		const running = await startServer({ host, port, root: BUILD_DIR, before: iceHandler(turn) });
		const { stun, stunError } = await stunBeside(host, Number(new URL(running.url).port));
		// The signaling server shares the port: WebSocket upgrades on it are signaling.
		// Behind N reverse proxies, TRUST_PROXY=N counts signaling clients by X-Forwarded-For.
		const trustProxy = process.env.TRUST_PROXY?.trim() || '0';
		if (!/^\d{1,2}$/.test(trustProxy))
			throw new ServeError(
				`TRUST_PROXY must be the number of reverse proxies in front (0: none), not "${trustProxy}"`
			);
		const hub = new SignalingHub({}, { trustProxy: Number(trustProxy) });
		hub.attach(running.server);
		process.stdout.write(`Festival is running at ${running.url}\n`);
		process.stdout.write(
			`Signaling (y-webrtc protocol) at ${running.url.replace(/^http/, 'ws')}\n`
		);
		process.stdout.write(
			(stun ? `STUN on UDP port ${stun.port}` : `festival: ${stunError}`) +
				(turn ? `; TURN credentials for ${turn.urls.join(', ')}` : '') +
				'\n'
		);
		const stop = () => {
			hub.close();
			void stun?.close();
			void running.close().finally(() => process.exit(0));
		};
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
	} catch (e) {
		process.stderr.write(`festival: ${e instanceof Error ? e.message : String(e)}\n`);
		process.exitCode = 1;
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
	void main();
}
