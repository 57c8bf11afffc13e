/**
 * `festival peer [--signaling URL]... [--festival ID]... [--ice URL]... [--ice-user U --ice-credential C]` and
 * `festival signaling [--host H] [--port P] [--trust-proxy N] [--turn URL --turn-secret-file FILE]`:
 * the always-on peer and the signaling server (with STUN on its UDP port, and short-lived TURN
 * credentials at `GET /ice` when a TURN server is given).
 * Both run until interrupted (SIGINT / SIGTERM), printing a line per event.
 * @module
 */
import { parseFestivalId, type FestivalId } from '../../../lib/core/index.js';
import { CliError, println, stringOption, type Command, type CommandContext } from '../command.js';
import { iceServersFrom } from '../ice.js';
import { openHome } from '../session.js';

/** Where peers meet by default: a local signaling server on y-webrtc's usual port. */
export const DEFAULT_SIGNALING = 'ws://127.0.0.1:4444';

function strings(ctx: CommandContext, name: string): string[] {
	const v = ctx.values[name];
	return Array.isArray(v)
		? v.filter((x): x is string => typeof x === 'string')
		: typeof v === 'string'
			? [v]
			: [];
}

/** Resolves when the process is asked to stop. */
function untilStopped(): Promise<void> {
	return new Promise((resolve) => {
		process.once('SIGINT', () => resolve());
		process.once('SIGTERM', () => resolve());
	});
}

const peer: Command = {
	name: ['peer'],
	args: '[--signaling URL]... [--festival ID]... [--ice stun:|turn:URL]... [--ice-user U --ice-credential C]',
	summary: 'replicate the festivals of this home (and any given) with other peers until stopped',
	options: {
		signaling: { type: 'string', multiple: true },
		festival: { type: 'string', multiple: true },
		ice: { type: 'string', multiple: true },
		'ice-user': { type: 'string' },
		'ice-credential': { type: 'string' }
	},
	async run(ctx) {
		const iceServers = iceServersFrom(
			strings(ctx, 'ice'),
			stringOption(ctx.values, 'ice-user'),
			stringOption(ctx.values, 'ice-credential')
		);
		const signaling = strings(ctx, 'signaling');
		if (!signaling.length) signaling.push(ctx.io.env.FESTIVAL_SIGNALING || DEFAULT_SIGNALING);
		for (const url of signaling)
			if (!/^wss?:\/\//.test(url))
				throw new CliError(`--signaling ${url}: a signaling URL starts with ws:// or wss://`);
		const festivals: FestivalId[] = [];
		for (const f of strings(ctx, 'festival')) {
			const id = parseFestivalId(f.toLowerCase());
			if (!id) throw new CliError(`--festival ${f}: a festival id is 64 hex characters`);
			festivals.push(id);
		}
		const { me, storage } = await openHome(ctx);
		const log = (line: string) => println(ctx.io.stdout, `${new Date().toISOString()} ${line}`);
		// Loaded when run, not at start-up: WebRTC, WebSocket and automerge-repo would slow
		// the start of every other command.
		const { HeadlessPeer } = await import('../../peer.js');
		// Listening before the first line goes out, so a stop right after it still closes cleanly.
		const stopped = untilStopped();
		const p = await HeadlessPeer.start({
			storage,
			identity: me,
			signaling,
			festivals,
			log,
			...(iceServers.length ? { iceServers } : {}),
			// FESTIVAL_NET_LOG=1: every call, link and close, for finding out why peers do not link
			...(ctx.io.env.FESTIVAL_NET_LOG ? { netLog: log } : {})
		});
		await stopped;
		log('stopping');
		await p.close();
		return 0;
	}
};

const signaling: Command = {
	name: ['signaling'],
	args: '[--host H] [--port P] [--trust-proxy N] [--turn turn:URL]... [--turn-secret-file FILE]',
	summary:
		'run a signaling server (y-webrtc protocol) on 127.0.0.1:4444 unless told otherwise, with STUN on the same UDP port; behind N reverse proxies, --trust-proxy N counts clients by X-Forwarded-For; --turn with the shared secret of a TURN server (coturn use-auth-secret) hands clients short-lived credentials (also FESTIVAL_TURN, FESTIVAL_TURN_SECRET_FILE)',
	options: {
		host: { type: 'string' },
		port: { type: 'string' },
		'trust-proxy': { type: 'string' },
		turn: { type: 'string', multiple: true },
		'turn-secret-file': { type: 'string' }
	},
	async run(ctx) {
		const host = stringOption(ctx.values, 'host') ?? '127.0.0.1';
		const rawPort = stringOption(ctx.values, 'port') ?? '4444';
		if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535)
			throw new CliError(`--port ${rawPort}: a port is a whole number from 0 to 65535`);
		const rawTrust = stringOption(ctx.values, 'trust-proxy') ?? '0';
		if (!/^\d{1,2}$/.test(rawTrust))
			throw new CliError(
				`--trust-proxy ${rawTrust}: the number of reverse proxies in front, a whole number (0: none)`
			);
		const { startSignaling } = await import('../../signaling/server.js'); // as above
		const { turnConfig } = await import('../../signaling/turn.js');
		const turnUrls = strings(ctx, 'turn');
		let turn;
		try {
			turn = turnConfig(
				turnUrls.length ? turnUrls : ctx.io.env.FESTIVAL_TURN ? [ctx.io.env.FESTIVAL_TURN] : [],
				stringOption(ctx.values, 'turn-secret-file') ??
					(ctx.io.env.FESTIVAL_TURN_SECRET_FILE || undefined)
			);
		} catch (e) {
			throw new CliError(`--turn: ${(e as Error).message}`);
		}
		let server;
		try {
			server = await startSignaling({
				host,
				port: Number(rawPort),
				trustProxy: Number(rawTrust),
				...(turn ? { turn } : {})
			});
		} catch (e) {
			throw new CliError(`cannot listen on ${host}:${rawPort}: ${(e as Error).message}`);
		}
		const stopped = untilStopped();
		println(ctx.io.stdout, `signaling server at ${server.url}`);
		println(
			ctx.io.stdout,
			(server.stun ? `STUN on UDP port ${server.stun.port}` : (server.stunError ?? 'no STUN')) +
				(turn ? `; TURN credentials for ${turn.urls.join(', ')} at GET /ice` : '')
		);
		await stopped;
		await server.close();
		return 0;
	}
};

export const netCommands: readonly Command[] = [peer, signaling];
