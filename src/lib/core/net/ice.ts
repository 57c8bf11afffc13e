/**
 * ICE servers (STUN and TURN) as people write them: one per line, `URL` for STUN, or
 * `URL username credential` for TURN. Without any, WebRTC uses host candidates only: enough
 * on one network, not across most NATs. Never throws.
 * @module
 */
import { err, ok, type Result } from '../result.js';

const URL_FORM = /^(stun|stuns|turn|turns):[^\s]+$/;

/** One ICE server from its URL and, for TURN, credentials. */
export function iceServer(
	url: string,
	username?: string,
	credential?: string
): Result<RTCIceServer, 'ice'> {
	if (!URL_FORM.test(url))
		return err(
			'ice',
			`${url}: an ICE server URL starts with stun:, turn: or turns: (like stun:stun.example.org:3478)`
		);
	const turn = url.startsWith('turn');
	if (turn && (!username || !credential))
		return err('ice', `${url}: a TURN server needs a username and a credential`);
	if (!turn && (username || credential))
		return err('ice', `${url}: only TURN servers take a username and a credential`);
	return ok(turn ? { urls: url, username: username!, credential: credential! } : { urls: url });
}

/** Parses the text form (one server per line; blank lines and `#` comments skipped). */
export function parseIceServers(text: string): Result<RTCIceServer[], 'ice'> {
	const out: RTCIceServer[] = [];
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!.trim();
		if (!line || line.startsWith('#')) continue;
		const [url, username, credential, ...rest] = line.split(/\s+/);
		if (rest.length) return err('ice', `line ${i + 1}: write URL, or URL username credential`);
		const s = iceServer(url!, username, credential);
		if (!s.ok) return err('ice', `line ${i + 1}: ${s.error.reason}`);
		out.push(s.value);
	}
	if (out.length > 10) return err('ice', 'at most 10 ICE servers');
	return ok(out);
}

/** The text form of a list (what {@link parseIceServers} reads). */
export function formatIceServers(servers: readonly RTCIceServer[]): string {
	return servers
		.map((s) =>
			[String(s.urls), s.username, typeof s.credential === 'string' ? s.credential : undefined]
				.filter(Boolean)
				.join(' ')
		)
		.join('\n');
}
