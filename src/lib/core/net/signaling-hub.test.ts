import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SignalingHub } from './signaling-hub.js';
import { FakeSocket } from './fake-socket.fixture.js';

beforeEach(() => {
	FakeSocket.all = [];
	vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

function listener() {
	const got: unknown[] = [];
	let opened = 0;
	return {
		got,
		opened: () => opened,
		l: { onOpen: () => void opened++, onData: (d: unknown) => void got.push(d) }
	};
}

describe('signaling hub', () => {
	it('shares one socket per server among topics, subscribing and unsubscribing each', async () => {
		const hub = new SignalingHub(FakeSocket);
		const a = listener();
		const b = listener();
		const ta = hub.join(['ws://x'], 'ta', a.l);
		const tb = hub.join(['ws://x'], 'tb', b.l);
		expect(FakeSocket.all).toHaveLength(1);
		const ws = FakeSocket.all[0]!;
		ws.open();
		expect(ws.sent[0]).toEqual({ type: 'subscribe', topics: ['ta', 'tb'] });
		expect([a.opened(), b.opened()]).toEqual([1, 1]);
		// a topic joined on an open socket is subscribed and told at once
		const c = listener();
		const tc = hub.join(['ws://x'], 'tc', {
			...c.l,
			// by then the topic is held, so a listener may publish from onOpen
			onOpen: () => {
				c.l.onOpen();
				tc.publish({ hello: 'tc' });
			}
		});
		expect(ws.sent.at(-1)).toEqual({ type: 'subscribe', topics: ['tc'] });
		await Promise.resolve();
		expect(c.opened()).toBe(1);
		expect(ws.sent.at(-1)).toEqual({ type: 'publish', topic: 'tc', data: { hello: 'tc' } });
		// published data goes to its topic's listener only
		ws.deliver('tb', { n: 1 });
		ws.deliver('nope', { n: 2 });
		expect([a.got, b.got, c.got]).toEqual([[], [{ n: 1 }], []]);
		tb.publish({ hi: 1 });
		expect(ws.sent.at(-1)).toEqual({ type: 'publish', topic: 'tb', data: { hi: 1 } });
		tb.leave();
		expect(ws.sent.at(-1)).toEqual({ type: 'unsubscribe', topics: ['tb'] });
		ws.deliver('tb', { n: 3 });
		tb.publish({ after: 1 });
		expect(b.got).toEqual([{ n: 1 }]);
		expect(ws.sent.at(-1)).toEqual({ type: 'unsubscribe', topics: ['tb'] });
		expect(hub.sockets).toBe(1);
		ta.leave();
		tc.leave();
		// the last topic gone, the socket closes
		expect(ws.closed).toBe(true);
		expect(hub.sockets).toBe(0);
		hub.join(['ws://x'], 'td', listener().l);
		expect(FakeSocket.all).toHaveLength(2);
		hub.close();
	});

	it('resubscribes every topic on reconnect and tells every listener', () => {
		const hub = new SignalingHub(FakeSocket, { minBackoffMs: 100 });
		const a = listener();
		const b = listener();
		hub.join(['ws://x'], 'ta', a.l);
		hub.join(['ws://x'], 'tb', b.l);
		FakeSocket.all[0]!.open();
		FakeSocket.all[0]!.drop();
		vi.advanceTimersByTime(100);
		const again = FakeSocket.all[1]!;
		again.open();
		expect(again.sent[0]).toEqual({ type: 'subscribe', topics: ['ta', 'tb'] });
		expect([a.opened(), b.opened()]).toEqual([2, 2]);
		hub.close();
		expect(again.closed).toBe(true);
	});

	it('uses one socket per server for a topic on several servers', () => {
		const hub = new SignalingHub(FakeSocket);
		const a = listener();
		const t = hub.join(['ws://x', 'ws://y', 'ws://x'], 'ta', a.l);
		hub.join(['ws://y'], 'tb', listener().l);
		expect(FakeSocket.all.map((s) => s.url)).toEqual(['ws://x', 'ws://y']);
		for (const s of FakeSocket.all) s.open();
		t.publish({ n: 1 });
		for (const s of FakeSocket.all)
			expect(s.sent).toContainEqual({ type: 'publish', topic: 'ta', data: { n: 1 } });
		t.leave();
		expect(FakeSocket.all.map((s) => s.closed)).toEqual([true, false]);
		expect(hub.topicsOn('ws://y')).toEqual(['tb']);
		hub.close();
	});
});
