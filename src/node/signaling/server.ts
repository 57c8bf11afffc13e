/**
 * The signaling server: y-webrtc's JSON protocol over WebSocket, so y-webrtc clients can use
 * it and our clients can use a y-webrtc server.
 *
 * - `{type:'subscribe', topics:[...]}` / `{type:'unsubscribe', topics:[...]}`
 * - `{type:'publish', topic, ...}`: relayed to every subscriber of the topic (the sender
 *   included, as y-webrtc's server does), with `clients` set to their number
 * - `{type:'ping'}` answered with `{type:'pong'}`; the server pings idle sockets and drops
 *   those that stop answering
 *
 * Hardened beyond y-webrtc's reference server: malformed JSON, binary frames and unknown types
 * get an `{type:'error', reason}` and are otherwise ignored; messages over `maxMessageBytes`
 * close that socket (1009); topics per client, topic length and subscribers per topic are
 * capped; each socket has a token-bucket rate limit, and a socket that keeps flooding is
 * closed (1008). No input reaches a throw that could stop the process.
 *
 * Beside it, on the same port number: STUN over UDP (stun.ts) and `GET /ice`, ICE servers
 * with short-lived TURN credentials when a TURN server is configured (turn.ts).
 *
 * Per client address (see {@link clientAddress}): at most `maxSocketsPerAddress` sockets
 * (more are refused at the upgrade with HTTP 429), and at most `maxTopicSlotsPerAddress`
 * subscribers of any one topic, so one address can never fill a topic and lock honest peers
 * out ("topic squatting").
 * @module
 */
import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { clientAddress } from './address.js';
import { stunBeside, type RunningStun } from './stun.js';
import { iceHandler, type TurnConfig } from './turn.js';

export { addressKey, clientAddress } from './address.js';

/** Limits of the signaling server. */
export interface SignalingLimits {
	/** Largest message accepted, bytes (default 64 KiB). */
	maxMessageBytes: number;
	/** Topics one socket may be subscribed to (default 256: all of a device's festivals). */
	maxTopicsPerClient: number;
	/** Longest topic name (default 200). */
	maxTopicLength: number;
	/** Sockets per topic (default 500). */
	maxSubscribersPerTopic: number;
	/**
	 * Open sockets per client address (default 256). A device holds one socket per signaling
	 * server (and per open tab), so this leaves room for a household, an office or a venue
	 * behind one NAT.
	 */
	maxSocketsPerAddress: number;
	/**
	 * Subscribers of one topic from one client address (default 64, an eighth of a topic):
	 * many devices of one household or venue fit, one address never fills a topic.
	 */
	maxTopicSlotsPerAddress: number;
	/** Sustained messages per second per socket (default 50) and burst (default 200). */
	ratePerSecond: number;
	burst: number;
	/** Messages dropped for rate before the socket is closed (default 500). */
	maxDropped: number;
	/** Keep-alive ping interval, ms (default 30 s). */
	pingIntervalMs: number;
}

export const DEFAULT_LIMITS: SignalingLimits = {
	maxMessageBytes: 64 * 1024,
	maxTopicsPerClient: 256,
	maxTopicLength: 200,
	maxSubscribersPerTopic: 500,
	maxSocketsPerAddress: 256,
	maxTopicSlotsPerAddress: 64,
	ratePerSecond: 50,
	burst: 200,
	maxDropped: 500,
	pingIntervalMs: 30_000
};

/** Counters, for tests and the log line. */
export interface SignalingStats {
	connections: number;
	relayed: number;
	rejected: number;
}

/** How the hub learns a client's address. */
export interface SignalingOptions {
	/**
	 * Reverse proxies in front of the server that append the address they saw to
	 * `X-Forwarded-For` (default 0: the header is ignored, the socket's remote address
	 * counts). With `n`, the `n`th entry from the right counts. Set it only when the server
	 * is reachable through those proxies alone: otherwise a client writes its own header.
	 */
	trustProxy?: number;
}

interface Topic {
	readonly subs: Set<Client>;
	/** Subscribers per client address. */
	readonly perAddress: Map<string, number>;
}

interface Client {
	readonly ws: WebSocket;
	readonly address: string;
	readonly topics: Set<string>;
	tokens: number;
	last: number;
	dropped: number;
}

/** A signaling hub that can attach to any HTTP server's upgrade requests. */
export class SignalingHub {
	readonly limits: SignalingLimits;
	readonly stats: SignalingStats = { connections: 0, relayed: 0, rejected: 0 };
	readonly #topics = new Map<string, Topic>();
	/** Open sockets per client address. */
	readonly #sockets = new Map<string, number>();
	readonly #trustProxy: number;
	readonly #wss: WebSocketServer;
	readonly #pinger: ReturnType<typeof setInterval>;

	constructor(limits: Partial<SignalingLimits> = {}, options: SignalingOptions = {}) {
		this.limits = { ...DEFAULT_LIMITS, ...limits };
		this.#trustProxy = Math.max(0, Math.floor(options.trustProxy ?? 0));
		this.#wss = new WebSocketServer({ noServer: true, maxPayload: this.limits.maxMessageBytes });
		this.#wss.on('connection', (ws, req: IncomingMessage) =>
			this.#onConnection(ws, this.#addressOf(req))
		);
		this.#pinger = setInterval(() => this.#ping(), this.limits.pingIntervalMs);
		this.#pinger.unref();
	}

	/** Handles an HTTP upgrade (call from `server.on('upgrade')`). */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		socket.on('error', () => socket.destroy());
		const address = this.#addressOf(req);
		const open = this.#sockets.get(address) ?? 0;
		if (open >= this.limits.maxSocketsPerAddress) {
			this.stats.rejected++;
			socket.end(
				'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'
			);
			return;
		}
		// counted from the upgrade request until its TCP socket closes, handshake or not
		this.#sockets.set(address, open + 1);
		socket.once('close', () => {
			const n = (this.#sockets.get(address) ?? 1) - 1;
			if (n > 0) this.#sockets.set(address, n);
			else this.#sockets.delete(address);
		});
		this.#wss.handleUpgrade(req, socket, head, (ws) => this.#wss.emit('connection', ws, req));
	}

	/** Attaches to an HTTP server: every WebSocket upgrade on it is signaling. */
	attach(server: Server): void {
		server.on('upgrade', (req, socket, head) => this.handleUpgrade(req, socket, head));
	}

	/** Number of topics with subscribers. */
	get topicCount(): number {
		return this.#topics.size;
	}

	/** Closes every socket and stops the keep-alive timer. */
	close(): void {
		clearInterval(this.#pinger);
		for (const ws of this.#wss.clients) ws.terminate();
		this.#wss.close();
	}

	#addressOf(req: IncomingMessage): string {
		return clientAddress(
			req.socket.remoteAddress,
			req.headers['x-forwarded-for'],
			this.#trustProxy
		);
	}

	#onConnection(ws: WebSocket, address: string): void {
		const client: Client = {
			ws,
			address,
			topics: new Set(),
			tokens: this.limits.burst,
			last: Date.now(),
			dropped: 0
		};
		this.stats.connections++;
		ws.on('error', () => ws.terminate());
		ws.on('close', () => {
			for (const t of client.topics) this.#leave(client, t);
		});
		ws.on('message', (data, isBinary) => {
			try {
				this.#onMessage(client, data, isBinary);
			} catch {
				this.#reject(client, 'internal error handling the message');
			}
		});
	}

	#ping(): void {
		for (const ws of this.#wss.clients) {
			const c = ws as WebSocket & { __alive?: boolean };
			if (c.__alive === false) {
				ws.terminate();
				continue;
			}
			c.__alive = false;
			ws.once('pong', () => (c.__alive = true));
			try {
				ws.ping();
			} catch {
				ws.terminate();
			}
		}
	}

	#send(client: Client, msg: unknown): void {
		if (client.ws.readyState !== client.ws.OPEN) return;
		try {
			client.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
		} catch {
			client.ws.terminate();
		}
	}

	#reject(client: Client, reason: string): void {
		this.stats.rejected++;
		this.#send(client, { type: 'error', reason });
	}

	#allow(client: Client): boolean {
		const now = Date.now();
		client.tokens = Math.min(
			this.limits.burst,
			client.tokens + ((now - client.last) / 1000) * this.limits.ratePerSecond
		);
		client.last = now;
		if (client.tokens >= 1) {
			client.tokens -= 1;
			return true;
		}
		if (++client.dropped > this.limits.maxDropped) client.ws.close(1008, 'rate limit');
		return false;
	}

	#onMessage(client: Client, data: RawData, isBinary: boolean): void {
		if (!this.#allow(client)) return;
		if (isBinary) return this.#reject(client, 'binary frames are not signaling messages');
		let msg: unknown;
		try {
			msg = JSON.parse(data.toString());
		} catch {
			return this.#reject(client, 'malformed JSON');
		}
		if (typeof msg !== 'object' || msg === null || Array.isArray(msg))
			return this.#reject(client, 'a message is a JSON object');
		const m = msg as Record<string, unknown>;
		switch (m.type) {
			case 'subscribe':
				return this.#subscribe(client, m.topics);
			case 'unsubscribe':
				if (Array.isArray(m.topics))
					for (const t of m.topics) if (typeof t === 'string') this.#leave(client, t);
				return;
			case 'publish':
				return this.#publish(client, m);
			case 'ping':
				return this.#send(client, { type: 'pong' });
			default:
				return this.#reject(
					client,
					`unknown message type ${JSON.stringify(String(m.type)).slice(0, 40)}`
				);
		}
	}

	#subscribe(client: Client, topics: unknown): void {
		if (!Array.isArray(topics)) return this.#reject(client, 'subscribe needs a list of topics');
		for (const t of topics) {
			if (typeof t !== 'string' || t.length === 0 || t.length > this.limits.maxTopicLength) {
				this.#reject(
					client,
					'a topic is a non-empty string of at most ' + this.limits.maxTopicLength + ' characters'
				);
				continue;
			}
			if (client.topics.has(t)) continue;
			if (client.topics.size >= this.limits.maxTopicsPerClient) {
				this.#reject(client, `too many topics (at most ${this.limits.maxTopicsPerClient})`);
				return;
			}
			const topic = this.#topics.get(t) ?? {
				subs: new Set<Client>(),
				perAddress: new Map<string, number>()
			};
			if (topic.subs.size >= this.limits.maxSubscribersPerTopic) {
				this.#reject(client, 'topic is full');
				continue;
			}
			const mine = topic.perAddress.get(client.address) ?? 0;
			if (mine >= this.limits.maxTopicSlotsPerAddress) {
				this.#reject(
					client,
					`too many subscribers of this topic from your address (at most ${this.limits.maxTopicSlotsPerAddress})`
				);
				continue;
			}
			this.#topics.set(t, topic);
			topic.subs.add(client);
			topic.perAddress.set(client.address, mine + 1);
			client.topics.add(t);
		}
	}

	#leave(client: Client, t: string): void {
		if (!client.topics.delete(t)) return;
		const topic = this.#topics.get(t);
		if (!topic || !topic.subs.delete(client)) return;
		const n = (topic.perAddress.get(client.address) ?? 1) - 1;
		if (n > 0) topic.perAddress.set(client.address, n);
		else topic.perAddress.delete(client.address);
		if (topic.subs.size === 0) this.#topics.delete(t);
	}

	#publish(client: Client, m: Record<string, unknown>): void {
		if (typeof m.topic !== 'string') return this.#reject(client, 'publish needs a topic');
		const receivers = this.#topics.get(m.topic)?.subs;
		if (!receivers) return;
		const out = JSON.stringify({ ...m, clients: receivers.size });
		for (const r of receivers) this.#send(r, out);
		this.stats.relayed++;
	}
}

/** A running standalone signaling server. */
export interface RunningSignaling {
	readonly url: string;
	readonly hub: SignalingHub;
	/** The STUN server on the same port number (UDP), unless that port could not be bound. */
	readonly stun: RunningStun | undefined;
	/** Why STUN is off, when it is. */
	readonly stunError: string | undefined;
	close(): Promise<void>;
}

/**
 * Starts a signaling server on its own port (127.0.0.1 unless a host is given), with a STUN
 * server on the same UDP port (unless `stun: false`) and `GET /ice` (turn.ts).
 */
export async function startSignaling(
	opts: {
		host?: string;
		port?: number;
		limits?: Partial<SignalingLimits>;
		stun?: boolean;
		turn?: TurnConfig;
	} & SignalingOptions = {}
): Promise<RunningSignaling> {
	const host = opts.host ?? '127.0.0.1';
	const hub = new SignalingHub(
		opts.limits,
		opts.trustProxy === undefined ? {} : { trustProxy: opts.trustProxy }
	);
	const ice = iceHandler(opts.turn);
	const server = createServer((req, res) => {
		if (ice(req, res)) return;
		res.writeHead(200, { 'content-type': 'text/plain' });
		res.end('Festival signaling server (y-webrtc protocol over WebSocket)\n');
	});
	hub.attach(server);
	const port = await new Promise<number>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 4444, host, () => {
			const addr = server.address();
			resolve(typeof addr === 'object' && addr ? addr.port : (opts.port ?? 4444));
		});
	});
	const { stun, stunError } =
		opts.stun === false ? { stun: undefined, stunError: undefined } : await stunBeside(host, port);
	return {
		url: `ws://${host.includes(':') ? `[${host}]` : host}:${port}`,
		hub,
		stun,
		stunError,
		close: async () => {
			await stun?.close();
			await new Promise<void>((r) => {
				hub.close();
				server.closeAllConnections?.();
				server.close(() => r());
			});
		}
	};
}
