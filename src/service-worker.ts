/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The service worker: the app works with no network after the first visit. On install it
 * caches the built app (every file of this version, and the app shell `/`); pages are fetched
 * from the network first and fall back to the cached shell (every route is the same
 * index.html); the app's own files come from the cache. A new version replaces the old cache
 * when it activates. Only same-origin GETs are handled: signaling (WebSocket) and WebRTC never
 * pass through here.
 * @module
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `festival-${version}`;
const SHELL = '/';
const ASSETS = new Set([...build, ...files]);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await cache.addAll([SHELL, ...ASSETS]);
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

async function fromCache(request: Request | string): Promise<Response | undefined> {
	const cache = await caches.open(CACHE);
	return cache.match(request);
}

async function respond(request: Request): Promise<Response> {
	const url = new URL(request.url);
	if (ASSETS.has(url.pathname)) {
		const hit = await fromCache(url.pathname);
		if (hit) return hit;
	}
	try {
		const response = await fetch(request);
		if (
			request.mode === 'navigate' &&
			response.ok &&
			response.headers.get('content-type')?.startsWith('text/html')
		) {
			// Keep the shell current: every route is index.html.
			const cache = await caches.open(CACHE);
			await cache.put(SHELL, response.clone());
		}
		return response;
	} catch (e) {
		const fallback =
			request.mode === 'navigate' ? await fromCache(SHELL) : await fromCache(request);
		if (fallback) return fallback;
		throw e;
	}
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	event.respondWith(respond(request));
});
