/** A WebSocket stand-in for signaling tests: records what is sent, opened and dropped by hand. */
import type { WebSocketLike } from './signaling-client.js';

/** A fake socket; every one made is in {@link FakeSocket.all} (clear it before each test). */
export class FakeSocket implements WebSocketLike {
	static all: FakeSocket[] = [];
	readyState = 0;
	sent: unknown[] = [];
	closed = false;
	onopen: ((e: unknown) => void) | null = null;
	onclose: ((e: unknown) => void) | null = null;
	onerror: ((e: unknown) => void) | null = null;
	onmessage: ((e: { data: unknown }) => void) | null = null;
	constructor(readonly url: string) {
		FakeSocket.all.push(this);
	}
	send(data: string): void {
		this.sent.push(JSON.parse(data));
	}
	close(): void {
		this.readyState = 3;
		this.closed = true;
	}
	/** The server accepted the connection. */
	open(): void {
		this.readyState = 1;
		this.onopen?.({});
	}
	/** The connection dropped. */
	drop(): void {
		this.readyState = 3;
		this.onclose?.({});
	}
	/** The server relays `data` published to `topic`. */
	deliver(topic: string, data: unknown): void {
		this.onmessage?.({ data: JSON.stringify({ type: 'publish', topic, data }) });
	}
}
