/**
 * ICE servers from the command line: `--ice URL` (repeatable; `stun:`, `turn:` or `turns:`)
 * with `--ice-user` and `--ice-credential` for the TURN servers among them. Without any, peers
 * connect directly (host candidates): enough on one network, not across most NATs.
 * @module
 */
import { CliError } from './command.js';

const SCHEMES = /^(stun|stuns|turn|turns):[^\s]+$/;

/** Builds the RTCIceServer list; throws a {@link CliError} that names the bad option. */
export function iceServersFrom(urls: readonly string[], user?: string, credential?: string): RTCIceServer[] {
	const out: RTCIceServer[] = [];
	for (const url of urls) {
		if (!SCHEMES.test(url)) throw new CliError(`--ice ${url}: an ICE server URL starts with stun:, turn: or turns: (like stun:stun.example.org:3478)`);
		const turn = url.startsWith('turn');
		if (turn && (user === undefined || credential === undefined)) throw new CliError(`--ice ${url}: a TURN server needs --ice-user and --ice-credential`);
		out.push(turn ? { urls: url, username: user!, credential: credential! } : { urls: url });
	}
	if (!out.some((s) => String(s.urls).startsWith('turn')) && (user !== undefined || credential !== undefined)) {
		throw new CliError('--ice-user and --ice-credential are for a TURN server given with --ice turn:…');
	}
	return out;
}
