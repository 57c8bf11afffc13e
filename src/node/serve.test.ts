import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromEnv, ServeError, startServer, type RunningServer } from './serve.js';

let dir: string;
let root: string;
let app: RunningServer;

const INDEX = '<!doctype html><title>app shell</title>';
const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** A request with the path sent exactly as written (fetch would normalise "..") */
function raw(
	path: string,
	method = 'GET'
): Promise<{ status: number; type: string | undefined; body: string }> {
	const { hostname, port } = new URL(app.url);
	return new Promise((resolve, reject) => {
		const req = request({ host: hostname, port, path, method }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (c: string) => (body += c));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body })
			);
		});
		req.on('error', reject);
		req.end();
	});
}

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'festival-serve-'));
	root = join(dir, 'build');
	await mkdir(join(root, '_app/immutable/assets'), { recursive: true });
	await mkdir(join(root, 'docs'), { recursive: true });
	await writeFile(join(root, 'index.html'), INDEX);
	await writeFile(join(root, '_app/immutable/start.abc.js'), 'export {};\n');
	await writeFile(join(root, '_app/immutable/assets/app.css'), 'body{}\n');
	await writeFile(join(root, '_app/immutable/assets/automerge_wasm_bg.x.wasm'), WASM);
	await writeFile(join(root, 'docs/index.html'), '<p>docs</p>');
	await writeFile(join(root, 'screenshot.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
	await writeFile(join(dir, 'secret.txt'), 'TOP SECRET\n');
	await symlink(join(dir, 'secret.txt'), join(root, 'link.txt'));
	app = await startServer({ host: '127.0.0.1', port: 0, root });
});

afterAll(async () => {
	await app?.close();
	await rm(dir, { recursive: true, force: true });
});

describe('startServer', () => {
	it('listens on a free port and reports its URL', () => {
		expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
		expect(app.url).not.toBe('http://127.0.0.1:0/');
	});

	it('serves files with their content types', async () => {
		const cases: [string, RegExp][] = [
			['/', /^text\/html; ?charset=utf-8$/],
			['/_app/immutable/start.abc.js', /^text\/javascript\b/],
			['/_app/immutable/assets/app.css', /^text\/css\b/],
			['/_app/immutable/assets/automerge_wasm_bg.x.wasm', /^application\/wasm$/],
			['/screenshot.png', /^image\/png$/]
		];
		for (const [path, type] of cases) {
			const res = await fetch(new URL(path, app.url));
			expect(res.status, path).toBe(200);
			expect(res.headers.get('content-type'), path).toMatch(type);
			expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
		}
		const wasm = await fetch(new URL('/_app/immutable/assets/automerge_wasm_bg.x.wasm', app.url));
		expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(WASM);
	});

	it('caches hashed assets for a year and revalidates everything else', async () => {
		const immutable = await fetch(new URL('/_app/immutable/start.abc.js', app.url));
		expect(immutable.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		for (const path of ['/', '/festival/abc', '/screenshot.png']) {
			const res = await fetch(new URL(path, app.url));
			expect(res.headers.get('cache-control'), path).toBe('no-cache');
		}
		// no-cache revalidates: the ETag answers 304 while the file is unchanged.
		const first = await fetch(new URL('/', app.url));
		const etag = first.headers.get('etag');
		expect(etag).toBeTruthy();
		const again = await fetch(new URL('/', app.url), { headers: { 'if-none-match': etag! } });
		expect(again.status).toBe(304);
	});

	it('falls back to index.html for app routes', async () => {
		for (const path of ['/festival/abc', '/settings', '/a/b/c?x=1']) {
			const res = await fetch(new URL(path, app.url));
			expect(res.status, path).toBe(200);
			expect(res.headers.get('content-type')).toMatch(/^text\/html; ?charset=utf-8$/);
			expect(await res.text()).toBe(INDEX);
		}
	});

	it('serves index.html of a folder', async () => {
		const res = await fetch(new URL('/docs/', app.url));
		expect(await res.text()).toBe('<p>docs</p>');
	});

	it('answers 404 for missing assets instead of the app shell', async () => {
		for (const path of [
			'/_app/immutable/missing.js',
			'/missing.wasm',
			'/favicon.ico',
			'/_app/version'
		]) {
			const res = await fetch(new URL(path, app.url));
			expect(res.status, path).toBe(404);
			expect(await res.text()).not.toContain('app shell');
		}
	});

	it('never serves files outside the root', async () => {
		for (const path of [
			'/../secret.txt',
			'/..%2fsecret.txt',
			'/%2e%2e/secret.txt',
			'/_app/..%2f..%2fsecret.txt',
			'/..%5csecret.txt',
			'/link.txt',
			'/%2E%2E/%2E%2E/secret.txt',
			'/%252e%252e/secret.txt',
			'/docs/../../secret.txt',
			'/%00',
			'/%zz'
		]) {
			const res = await raw(path);
			expect(res.body, path).not.toContain('TOP SECRET');
			expect([400, 404], path).toContain(res.status);
		}
	});

	it('refuses very long paths without serving anything', async () => {
		const long = await raw('/' + 'a'.repeat(5000));
		expect(long.status).toBe(414);
		expect(long.body).not.toContain('app shell');
		const traversal = await raw('/' + '../'.repeat(1000) + 'secret.txt');
		expect(traversal.body).not.toContain('TOP SECRET');
		expect([400, 414]).toContain(traversal.status);
		// Longer than Node's header limit: Node itself refuses it.
		const huge = await raw('/' + 'a'.repeat(100_000));
		expect(huge.status).toBe(431);
	});

	it('answers HEAD without a body and refuses other methods', async () => {
		const head = await raw('/', 'HEAD');
		expect(head.status).toBe(200);
		expect(head.body).toBe('');
		const post = await raw('/', 'POST');
		expect(post.status).toBe(405);
	});

	it('reports a port in use clearly', async () => {
		const port = Number(new URL(app.url).port);
		await expect(startServer({ host: '127.0.0.1', port, root })).rejects.toThrow(/already in use/);
	});
});

describe('optionsFromEnv', () => {
	it('defaults to 127.0.0.1:5173 and honours HOST and PORT', () => {
		expect(optionsFromEnv({})).toEqual({ host: '127.0.0.1', port: 5173 });
		expect(optionsFromEnv({ HOST: '0.0.0.0', PORT: '0' })).toEqual({ host: '0.0.0.0', port: 0 });
	});

	it('rejects a bad PORT', () => {
		for (const PORT of ['abc', '-1', '70000', '1.5'])
			expect(() => optionsFromEnv({ PORT })).toThrow(ServeError);
	});
});
