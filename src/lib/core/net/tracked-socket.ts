/**
 * A WebSocket class that reports its sockets opening and closing, for the session's count of
 * open signaling sockets (the browser's WebSocket and `ws`'s both fit).
 * @module
 */
import type { WebSocketConstructor, WebSocketLike } from './signaling-client.js';

/** A WebSocket class with the DOM's listener method (the browser's, and `ws`'s). */
export type ListeningWebSocket = new (url: string) => WebSocketLike & {
	addEventListener(type: 'open' | 'close', listener: () => void): void;
};

/**
 * `Base`, telling `onSocket` +1 when a socket opens and -1 when an opened one closes (a socket
 * that never opened counts for nothing).
 */
export function trackedWebSocket(
	Base: ListeningWebSocket,
	onSocket: (delta: 1 | -1) => void
): WebSocketConstructor {
	return class extends Base {
		constructor(url: string) {
			super(url);
			let open = false;
			this.addEventListener('open', () => {
				open = true;
				onSocket(1);
			});
			this.addEventListener('close', () => {
				if (open) onSocket(-1);
				open = false;
			});
		}
	};
}
