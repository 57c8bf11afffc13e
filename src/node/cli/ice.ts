/**
 * ICE servers from the command line: `--ice URL` (repeatable; `stun:`, `turn:` or `turns:`)
 * with `--ice-user` and `--ice-credential` for the TURN servers among them (core/net/ice.ts).
 * @module
 */
import { iceServer } from '../../lib/core/index.js';
import { CliError } from './command.js';

/** Builds the RTCIceServer list; throws a {@link CliError} that names the bad option. */
export function iceServersFrom(
	urls: readonly string[],
	user?: string,
	credential?: string
): RTCIceServer[] {
	const out: RTCIceServer[] = [];
	for (const url of urls) {
		const turn = url.startsWith('turn');
		const s = iceServer(url, turn ? user : undefined, turn ? credential : undefined);
		if (!s.ok)
			throw new CliError(
				`--ice ${s.error.reason}${turn ? ' (--ice-user and --ice-credential)' : ''}`
			);
		out.push(s.value);
	}
	if (
		!out.some((s) => String(s.urls).startsWith('turn')) &&
		(user !== undefined || credential !== undefined)
	) {
		throw new CliError(
			'--ice-user and --ice-credential are for a TURN server given with --ice turn:…'
		);
	}
	return out;
}
