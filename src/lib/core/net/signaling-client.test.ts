import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from './fake-socket.fixture.js';
import { SignalingClient } from './signaling-client.js';

beforeEach(() => {
	FakeSocket.all = [];
	vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

/** Like `ws`'s WebSocket: closing it while connecting emits an error, fatal without a listener. */
class StrictSocket extends FakeSocket {
	unhandled = 0;
	override close(): void {
		if (this.readyState === 0) {
			if (this.onerror) this.onerror(new Error('closed before the connection was established'));
			else this.unhandled++;
		}
		super.close();
	}
}

describe('signaling client', () => {
	it('closes a socket still connecting without an unhandled error', () => {
		const c = new SignalingClient('ws://x', 't', StrictSocket, {
			onOpen: () => {},
			onData: () => {}
		});
		c.close();
		expect((FakeSocket.all[0] as StrictSocket).unhandled).toBe(0);
	});

	it('subscribes on open, hands over data of its topic only, and survives bad frames', () => {
		const got: unknown[] = [];
		let opened = 0;
		const c = new SignalingClient('ws://x', 't', FakeSocket, {
			onOpen: () => opened++,
			onData: (d) => got.push(d)
		});
		const ws = FakeSocket.all[0]!;
		expect(c.publish({ a: 1 })).toBe(false);
		ws.open();
		expect(opened).toBe(1);
		expect(ws.sent[0]).toEqual({ type: 'subscribe', topics: ['t'] });
		expect(c.publish({ a: 1 })).toBe(true);
		expect(ws.sent[1]).toEqual({ type: 'publish', topic: 't', data: { a: 1 } });
		for (const data of [
			'{',
			'null',
			new Uint8Array([1]),
			JSON.stringify({ type: 'publish', topic: 'other', data: 1 })
		])
			ws.onmessage?.({ data });
		ws.onmessage?.({ data: JSON.stringify({ type: 'publish', topic: 't', data: { b: 2 } }) });
		expect(got).toEqual([{ b: 2 }]);
		c.close();
	});

	it('reconnects with growing, capped backoff and resubscribes; close stops it', () => {
		const c = new SignalingClient(
			'ws://x',
			't',
			FakeSocket,
			{ onOpen: () => {}, onData: () => {} },
			{ minBackoffMs: 100, maxBackoffMs: 400 }
		);
		FakeSocket.all[0]!.drop();
		vi.advanceTimersByTime(49);
		expect(FakeSocket.all).toHaveLength(1);
		vi.advanceTimersByTime(51);
		expect(FakeSocket.all).toHaveLength(2);
		FakeSocket.all[1]!.drop();
		vi.advanceTimersByTime(200);
		expect(FakeSocket.all).toHaveLength(3);
		FakeSocket.all[2]!.drop();
		vi.advanceTimersByTime(400);
		FakeSocket.all[3]!.drop();
		vi.advanceTimersByTime(400); // capped at 400
		expect(FakeSocket.all).toHaveLength(5);
		FakeSocket.all[4]!.open();
		expect(FakeSocket.all[4]!.sent[0]).toEqual({ type: 'subscribe', topics: ['t'] });
		FakeSocket.all[4]!.drop();
		vi.advanceTimersByTime(100); // backoff reset after a successful open
		expect(FakeSocket.all).toHaveLength(6);
		c.close();
		FakeSocket.all[5]!.drop();
		vi.advanceTimersByTime(10_000);
		expect(FakeSocket.all).toHaveLength(6);
	});

	it('pings, and reconnects a socket that went silent', () => {
		const c = new SignalingClient(
			'ws://x',
			't',
			FakeSocket,
			{ onOpen: () => {}, onData: () => {} },
			{ pingMs: 1000, minBackoffMs: 100 }
		);
		const ws = FakeSocket.all[0]!;
		ws.open();
		vi.advanceTimersByTime(1000);
		expect(ws.sent).toContainEqual({ type: 'ping' });
		vi.advanceTimersByTime(2000);
		expect(FakeSocket.all).toHaveLength(1);
		vi.advanceTimersByTime(1000 + 100);
		expect(FakeSocket.all).toHaveLength(2);
		c.close();
	});
});
