/**
 * A client of a y-webrtc signaling server for a set of topics (one socket for all of them):
 * subscribes to them all on every (re)connect and to each added later, unsubscribes from
 * each removed, publishes JSON data to a topic, hands published data of its topics to a
 * callback (with the topic), keeps
 * the socket alive with `ping`, and reconnects with exponential backoff and jitter when the
 * socket drops unexpectedly. Works with the browser's WebSocket or the `ws` package's (both
 * injected).
 * @module
 */

/** A handler type checked bivariantly, so that WebSocket classes with richer event types fit. */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The part of a WebSocket the signaling client uses (the browser's and `ws`'s both fit). */
export interface WebSocketLike {
	readonly readyState: number;
	send(data: string): void;
	close(code?: number, reason?: string): void;
	onopen: Handler<unknown> | null;
	onclose: Handler<unknown> | null;
	onerror: Handler<unknown> | null;
	onmessage: Handler<{ readonly data: unknown }> | null;
}

/** A WebSocket constructor (the browser's global `WebSocket`, or `ws`'s in Node). */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** WebSocket's OPEN ready state. */
const OPEN = 1;

/** Reconnect and keep-alive timing of a {@link SignalingClient}. */
export interface SignalingTiming {
	/** First reconnect delay, ms (default 500); doubles per failed attempt. */
	readonly minBackoffMs?: number;
	/** Longest reconnect delay, ms (default 30 s). */
	readonly maxBackoffMs?: number;
	/** Ping interval, ms (default 20 s); a socket silent for 2.5 intervals is reconnected. */
	readonly pingMs?: number;
}

/** Callbacks of a {@link SignalingClient}. */
export interface SignalingHandlers {
	/** The socket is open and subscribed to the topics it has. */
	onOpen(): void;
	/** Data published to one of its topics (by anyone, ourselves included). */
	onData(data: unknown, topic: string): void;
}

/** One signaling server connection for a set of topics. */
export class SignalingClient {
	readonly url: string;
	readonly #topics: Set<string>;
	readonly #WebSocket: WebSocketConstructor;
	readonly #handlers: SignalingHandlers;
	readonly #minBackoff: number;
	readonly #maxBackoff: number;
	readonly #pingMs: number;
	#ws: WebSocketLike | undefined;
	#attempt = 0;
	#closed = false;
	#retry: ReturnType<typeof setTimeout> | undefined;
	#pinger: ReturnType<typeof setInterval> | undefined;
	#lastHeard = 0;

	/** Connects, to subscribe to `topics` (one, or several; more may be added later). */
	constructor(
		url: string,
		topics: string | Iterable<string>,
		WebSocket: WebSocketConstructor,
		handlers: SignalingHandlers,
		timing: SignalingTiming = {}
	) {
		this.url = url;
		this.#topics = new Set(typeof topics === 'string' ? [topics] : topics);
		this.#WebSocket = WebSocket;
		this.#handlers = handlers;
		this.#minBackoff = timing.minBackoffMs ?? 500;
		this.#maxBackoff = timing.maxBackoffMs ?? 30_000;
		this.#pingMs = timing.pingMs ?? 20_000;
		this.#open();
	}

	/** Whether the socket is open now. */
	get isOpen(): boolean {
		return this.#ws?.readyState === OPEN;
	}

	/** The topics subscribed to (on every connect). */
	get topics(): ReadonlySet<string> {
		return this.#topics;
	}

	/** Adds a topic: subscribed now if the socket is open, and on every reconnect. */
	subscribe(topic: string): void {
		if (this.#topics.has(topic)) return;
		this.#topics.add(topic);
		this.#send({ type: 'subscribe', topics: [topic] });
	}

	/** Removes a topic: unsubscribed now, and its data no longer handed over. */
	unsubscribe(topic: string): void {
		if (!this.#topics.delete(topic)) return;
		this.#send({ type: 'unsubscribe', topics: [topic] });
	}

	/**
	 * Publishes data to `topic` (default: the first topic); false if the socket is not open or
	 * the topic is not one of its own (nothing is queued).
	 */
	publish(data: unknown, topic: string | undefined = this.#topics.values().next().value): boolean {
		if (topic === undefined || !this.#topics.has(topic)) return false;
		return this.#send({ type: 'publish', topic, data });
	}

	/** Closes the socket for good: no reconnect, no callbacks. */
	close(): void {
		this.#closed = true;
		clearTimeout(this.#retry);
		clearInterval(this.#pinger);
		const ws = this.#ws;
		this.#ws = undefined;
		if (ws) this.#shut(ws);
	}

	#send(msg: unknown): boolean {
		const ws = this.#ws;
		if (this.#closed || !ws || ws.readyState !== OPEN) return false;
		try {
			ws.send(JSON.stringify(msg));
			return true;
		} catch {
			return false;
		}
	}

	#shut(ws: WebSocketLike): void {
		ws.onopen = ws.onclose = ws.onmessage = null;
		// Closing a socket that is still connecting reports an error; `ws` (Node) throws an error
		// event nobody listens to, so a listener stays that ignores it.
		ws.onerror = () => undefined;
		try {
			ws.close();
		} catch {
			// already closed or never opened
		}
	}

	#open(): void {
		if (this.#closed) return;
		let ws: WebSocketLike;
		try {
			ws = new this.#WebSocket(this.url);
		} catch {
			this.#scheduleReconnect();
			return;
		}
		this.#ws = ws;
		ws.onopen = () => {
			if (ws !== this.#ws) return;
			this.#attempt = 0;
			this.#lastHeard = Date.now();
			if (this.#topics.size > 0) this.#send({ type: 'subscribe', topics: [...this.#topics] });
			clearInterval(this.#pinger);
			this.#pinger = setInterval(() => this.#keepAlive(), this.#pingMs);
			this.#safe(() => this.#handlers.onOpen());
		};
		ws.onmessage = (event) => {
			if (ws !== this.#ws) return;
			this.#lastHeard = Date.now();
			if (typeof event.data !== 'string') return;
			let msg: unknown;
			try {
				msg = JSON.parse(event.data);
			} catch {
				return;
			}
			if (typeof msg !== 'object' || msg === null) return;
			const m = msg as Record<string, unknown>;
			const topic = m.topic;
			if (m.type === 'publish' && typeof topic === 'string' && this.#topics.has(topic))
				this.#safe(() => this.#handlers.onData(m.data, topic));
		};
		ws.onerror = () => {
			// a close event follows
		};
		ws.onclose = () => {
			if (ws !== this.#ws) return;
			this.#drop();
		};
	}

	#keepAlive(): void {
		if (Date.now() - this.#lastHeard > this.#pingMs * 2.5) {
			this.#drop();
			return;
		}
		this.#send({ type: 'ping' });
	}

	/** The socket is gone (closed by the server, failed, or silent): reconnect later. */
	#drop(): void {
		clearInterval(this.#pinger);
		const ws = this.#ws;
		this.#ws = undefined;
		if (ws) this.#shut(ws);
		this.#scheduleReconnect();
	}

	#scheduleReconnect(): void {
		if (this.#closed) return;
		const base = Math.min(this.#maxBackoff, this.#minBackoff * 2 ** this.#attempt);
		this.#attempt = Math.min(this.#attempt + 1, 30);
		const delay = base * (0.5 + Math.random() * 0.5);
		clearTimeout(this.#retry);
		this.#retry = setTimeout(() => this.#open(), delay);
	}

	#safe(fn: () => void): void {
		try {
			fn();
		} catch {
			// a handler's failure must not break the socket's event loop
		}
	}
}
