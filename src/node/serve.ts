/**
 * Serves the built web app (`build/`) over plain node:http: static files with the right
 * content types (wasm as application/wasm), the SPA fallback to index.html for app routes,
 * and no way out of the root folder. `startServer` returns the http server so a WebSocket
 * signaling server can later share it (listen for its `upgrade` event).
 *
 * Run directly (`npm start`): honours HOST (default 127.0.0.1) and PORT (default 5173;
 * 0 picks a free port) and prints `Festival is running at URL`.
 * @module
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { SignalingHub } from './signaling/server.js';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Content types by file extension; anything else is application/octet-stream. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.webmanifest': 'application/manifest+json; charset=utf-8',
	'.map': 'application/json; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8',
	'.wasm': 'application/wasm',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.ico': 'image/x-icon',
	'.woff': 'font/woff',
	'.woff2': 'font/woff2'
};

export interface ServerOptions {
	/** Interface to listen on (default 127.0.0.1). */
	readonly host?: string;
	/** Port (default 5173); 0 picks a free one. */
	readonly port?: number;
	/** The folder to serve: the static build, holding index.html. */
	readonly root: string;
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

type Found = { path: string; size: number } | undefined;

async function fileAt(path: string): Promise<Found> {
	try {
		const s = await stat(path);
		if (s.isFile()) return { path, size: s.size };
		if (s.isDirectory()) {
			const index = join(path, 'index.html');
			const i = await stat(index);
			if (i.isFile()) return { path: index, size: i.size };
		}
	} catch {
		// missing or unreadable: not found
	}
	return undefined;
}

/**
 * The request handler for the static app in `root`. Requests that name a file (an extension
 * or under /_app/) and miss get 404; other paths get index.html so client routes work.
 */
export function staticHandler(root: string): (req: IncomingMessage, res: ServerResponse) => void {
	const base = resolve(root);
	const realBase = realpath(base).catch(() => base);

	function send(
		res: ServerResponse,
		status: number,
		text: string,
		extra: Record<string, string> = {}
	) {
		res.writeHead(status, {
			'content-type': 'text/plain; charset=utf-8',
			'content-length': Buffer.byteLength(text),
			'x-content-type-options': 'nosniff',
			...extra
		});
		res.end(res.req.method === 'HEAD' ? undefined : text);
	}

	async function inside(path: string): Promise<boolean> {
		// Symlinks must not lead out of the root either.
		try {
			const real = await realpath(path);
			const rb = await realBase;
			return real === rb || real.startsWith(rb + sep);
		} catch {
			return false;
		}
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			send(res, 405, 'Method not allowed\n', { allow: 'GET, HEAD' });
			return;
		}
		const rawPath = (req.url ?? '/').split('?')[0]!.split('#')[0]!;
		let pathname: string;
		try {
			pathname = decodeURIComponent(rawPath);
		} catch {
			send(res, 400, 'Bad request: the path is not valid percent-encoding\n');
			return;
		}
		const segments = pathname.split(/[/\\]/);
		if (!pathname.startsWith('/') || pathname.includes('\0') || segments.includes('..')) {
			send(res, 400, 'Bad request: the path leaves the site\n');
			return;
		}
		const target = resolve(base, '.' + pathname);
		if (target !== base && !target.startsWith(base + sep)) {
			send(res, 400, 'Bad request: the path leaves the site\n');
			return;
		}

		let found = await fileAt(target);
		if (found && !(await inside(found.path))) found = undefined;
		if (!found) {
			const last = segments[segments.length - 1] ?? '';
			const isAsset = pathname.startsWith('/_app/') || extname(last) !== '';
			if (isAsset) {
				send(res, 404, `Not found: ${pathname}\n`);
				return;
			}
			found = await fileAt(join(base, 'index.html'));
			if (!found) {
				send(res, 404, 'Not found: the app is not built (run npm run build)\n');
				return;
			}
		}

		const immutable = pathname.startsWith('/_app/immutable/');
		res.writeHead(200, {
			'content-type':
				CONTENT_TYPES[extname(found.path).toLowerCase()] ?? 'application/octet-stream',
			'content-length': found.size,
			'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
			'x-content-type-options': 'nosniff'
		});
		if (req.method === 'HEAD') {
			res.end();
			return;
		}
		const stream = createReadStream(found.path);
		stream.on('error', () => res.destroy());
		stream.pipe(res);
	}

	return (req, res) => {
		handle(req, res).catch(() => {
			if (!res.headersSent) send(res, 500, 'Internal server error\n');
			else res.destroy();
		});
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
	const server = createServer(staticHandler(options.root));
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
		if (!(await fileAt(join(BUILD_DIR, 'index.html')))) {
			throw new ServeError(
				'the app is not built yet: run "npm run build" (or "npm start", which builds first)'
			);
		}
		const running = await startServer({ host, port, root: BUILD_DIR });
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
		const stop = () => {
			hub.close();
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
