/**
 * One signaling socket per server for many topics (as y-webrtc shares one connection across
 * rooms): topics are added and removed as festivals join and leave, all are resubscribed on
 * reconnect, and published data is handed to the topic's listener. A server's socket closes
 * when its last topic leaves.
 * @module
 */
import {
	SignalingClient,
	type SignalingTiming,
	type WebSocketConstructor
} from './signaling-client.js';

/** What a topic's listener hears. */
export interface TopicListener {
	/** A socket carrying the topic opened (or the topic joined an open one). */
	onOpen(): void;
	/** Data published to the topic. */
	onData(data: unknown): void;
}

/** A topic joined on a hub. */
export interface HubTopic {
	/** Publishes data to the topic on every server it was joined on. */
	publish(data: unknown): void;
	/** Leaves the topic (a server's socket closes when its last topic left). */
	leave(): void;
}

/** Signaling sockets shared by topics, one per server URL. */
export class SignalingHub {
	readonly #WebSocket: WebSocketConstructor;
	readonly #timing: SignalingTiming;
	readonly #clients = new Map<string, SignalingClient>();
	/** Listeners by server URL, then topic. */
	readonly #listeners = new Map<string, Map<string, TopicListener>>();

	constructor(WebSocket: WebSocketConstructor, timing: SignalingTiming = {}) {
		this.#WebSocket = WebSocket;
		this.#timing = timing;
	}

	/** Sockets held now (one per server with topics), open or reconnecting. */
	get sockets(): number {
		return this.#clients.size;
	}

	/** The topics joined on `url`. */
	topicsOn(url: string): string[] {
		return [...(this.#listeners.get(url)?.keys() ?? [])];
	}

	/**
	 * Joins `topic` on each of `urls` (one listener per topic and server: joining again
	 * replaces the listener). The listener hears `onOpen` right after this returns if a socket
	 * is open already.
	 */
	join(urls: readonly string[], topic: string, listener: TopicListener): HubTopic {
		const joined: string[] = [];
		for (const url of new Set(urls)) {
			let topics = this.#listeners.get(url);
			if (!topics) {
				topics = new Map();
				this.#listeners.set(url, topics);
			}
			topics.set(topic, listener);
			joined.push(url);
			const client = this.#clients.get(url);
			if (!client) this.#clients.set(url, this.#connect(url, topics));
			else {
				client.subscribe(topic);
				// told once the caller holds the returned topic (so it can publish from onOpen)
				if (client.isOpen)
					queueMicrotask(() => {
						if (topics.get(topic) === listener) safe(() => listener.onOpen());
					});
			}
		}
		let left = false;
		return {
			publish: (data) => {
				if (left) return;
				for (const url of joined) this.#clients.get(url)?.publish(data, topic);
			},
			leave: () => {
				if (left) return;
				left = true;
				for (const url of joined) this.#leave(url, topic, listener);
			}
		};
	}

	/** Closes every socket (topics joined are forgotten). */
	close(): void {
		for (const c of this.#clients.values()) c.close();
		this.#clients.clear();
		this.#listeners.clear();
	}

	#connect(url: string, topics: Map<string, TopicListener>): SignalingClient {
		return new SignalingClient(
			url,
			topics.keys(),
			this.#WebSocket,
			{
				onOpen: () => {
					for (const l of [...topics.values()]) safe(() => l.onOpen());
				},
				onData: (data, topic) => topics.get(topic)?.onData(data)
			},
			this.#timing
		);
	}

	#leave(url: string, topic: string, listener: TopicListener): void {
		const topics = this.#listeners.get(url);
		if (topics?.get(topic) !== listener) return;
		topics.delete(topic);
		const client = this.#clients.get(url);
		client?.unsubscribe(topic);
		if (topics.size > 0) return;
		this.#listeners.delete(url);
		client?.close();
		this.#clients.delete(url);
	}
}

function safe(fn: () => void): void {
	try {
		fn();
	} catch {
		// a listener's failure must not break the others
	}
}
