/**
 * Where the app finds its signaling server. The app is static files, so the default is the
 * server it came from (`npm start` serves signaling on the app's own port); a person can point
 * it elsewhere, and that choice is kept in this browser's localStorage.
 * @module
 */
import { formatIceServers, parseIceServers } from '../../core/index.js';

/** The localStorage key of the chosen signaling URL. */
export const SIGNALING_KEY = 'festival.signalingUrl';

/** The same-origin signaling URL: `ws://host/` for an http page, `wss://host/` for https. */
export function defaultSignalingUrl(loc: Pick<Location, 'protocol' | 'host'> = location): string {
	return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/`;
}

/** Why `url` cannot be a signaling URL, or undefined if it can. */
export function signalingUrlProblem(url: string): string | undefined {
	let u: URL;
	try {
		u = new URL(url);
	} catch {
		return 'That is not a URL: write it like wss://signal.example.org/';
	}
	if (u.protocol !== 'ws:' && u.protocol !== 'wss:')
		return 'A signaling URL starts with ws:// or wss://';
	return undefined;
}

function storage(): Storage | undefined {
	try {
		return globalThis.localStorage;
	} catch {
		return undefined; // storage may be blocked
	}
}

/** The chosen signaling URL, if one was saved (and is still valid). */
export function savedSignalingUrl(): string | undefined {
	const v = storage()?.getItem(SIGNALING_KEY) ?? undefined;
	return v && !signalingUrlProblem(v) ? v : undefined;
}

/** The signaling URL in use: the saved one, or the same-origin default. */
export function signalingUrl(): string {
	return savedSignalingUrl() ?? defaultSignalingUrl();
}

/** Saves a signaling URL (undefined or empty: back to the default). Throws on an invalid URL. */
export function saveSignalingUrl(url: string | undefined): void {
	const v = url?.trim();
	if (!v) {
		storage()?.removeItem(SIGNALING_KEY);
		return;
	}
	const problem = signalingUrlProblem(v);
	if (problem) throw new Error(problem);
	storage()?.setItem(SIGNALING_KEY, v);
}

/** The localStorage key of the chosen ICE servers (their text form, core/net/ice.ts). */
export const ICE_KEY = 'festival.iceServers';

/** The ICE servers chosen in this browser (none: direct connections only). */
export function savedIceServers(): RTCIceServer[] {
	const r = parseIceServers(storage()?.getItem(ICE_KEY) ?? '');
	return r.ok ? r.value : [];
}

/** Saves ICE servers from their text form (empty: none). Throws with the line at fault. */
export function saveIceServers(text: string): RTCIceServer[] {
	const r = parseIceServers(text);
	if (!r.ok) throw new Error(r.error.reason);
	if (r.value.length) storage()?.setItem(ICE_KEY, formatIceServers(r.value));
	else storage()?.removeItem(ICE_KEY);
	return r.value;
}

/** The localStorage key that turns on sync logging to the console (any value but empty). */
export const DEBUG_KEY = 'festival.debugSync';

/** A logger for the WebRTC adapter of `topic` when sync logging is on ({@link DEBUG_KEY}). */
export function syncLogger(label: string): ((line: string) => void) | undefined {
	if (!storage()?.getItem(DEBUG_KEY)) return undefined;
	return (line) => console.debug(`[festival sync ${label}] ${line}`);
}
