import { describe, expect, it } from 'vitest';
import { trackedWebSocket } from './tracked-socket.js';

/** A socket that opens and closes when told to. */
class FakeSocket extends EventTarget {
	readonly readyState = 0;
	onopen = null;
	onclose = null;
	onerror = null;
	onmessage = null;
	constructor(readonly url: string) {
		super();
	}
	send(): void {}
	close(): void {
		this.dispatchEvent(new Event('close'));
	}
	open(): void {
		this.dispatchEvent(new Event('open'));
	}
}

describe('trackedWebSocket', () => {
	it('counts a socket once when it opens and once when it closes; one that never opened not at all', () => {
		const deltas: number[] = [];
		const Tracked = trackedWebSocket(FakeSocket, (d) => deltas.push(d));
		const a = new Tracked('ws://a') as unknown as FakeSocket;
		const b = new Tracked('ws://b') as unknown as FakeSocket;
		a.open();
		b.close();
		a.close();
		a.close();
		expect(deltas).toEqual([1, -1]);
		expect(a.url).toBe('ws://a');
	});
});
