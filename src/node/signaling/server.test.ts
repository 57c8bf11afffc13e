import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSignaling, type RunningSignaling } from './server.js';

let server: RunningSignaling;
const open: WebSocket[] = [];

async function client(): Promise<WebSocket & { inbox: Record<string, unknown>[]; next: () => Promise<Record<string, unknown>> }> {
	const ws = new WebSocket(server.url) as WebSocket & { inbox: Record<string, unknown>[]; next: () => Promise<Record<string, unknown>> };
	ws.inbox = [];
	const waiters: ((m: Record<string, unknown>) => void)[] = [];
	ws.on('message', (d) => {
		const m = JSON.parse(d.toString());
		const w = waiters.shift();
		if (w) w(m);
		else ws.inbox.push(m);
	});
	ws.next = () => (ws.inbox.length ? Promise.resolve(ws.inbox.shift()!) : new Promise((r) => waiters.push(r)));
	open.push(ws);
	await new Promise((r, j) => {
		ws.once('open', r);
		ws.once('error', j);
	});
	return ws;
}
const send = (ws: WebSocket, m: unknown) => ws.send(JSON.stringify(m));
const closed = (ws: WebSocket) => new Promise<number>((r) => ws.once('close', (code) => r(code)));

beforeEach(async () => {
	server = await startSignaling({ port: 0, limits: { maxMessageBytes: 4096, maxTopicsPerClient: 3, ratePerSecond: 20, burst: 40, maxDropped: 30 } });
});
afterEach(async () => {
	for (const ws of open.splice(0)) ws.terminate();
	await server.close();
});

describe('signaling server (y-webrtc protocol)', () => {
	it('binds to 127.0.0.1 by default', () => {
		expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
	});

	it('answers ping with pong', async () => {
		const a = await client();
		send(a, { type: 'ping' });
		expect(await a.next()).toEqual({ type: 'pong' });
	});

	it('relays publish to every subscriber of the topic, sender included, with clients', async () => {
		const a = await client();
		const b = await client();
		const c = await client();
		send(a, { type: 'subscribe', topics: ['room'] });
		send(b, { type: 'subscribe', topics: ['room'] });
		send(c, { type: 'subscribe', topics: ['other'] });
		send(a, { type: 'ping' });
		await a.next(); // subscriptions are processed in order
		send(b, { type: 'ping' });
		await b.next();
		send(a, { type: 'publish', topic: 'room', data: { type: 'announce', from: 'a' } });
		const got = { type: 'publish', topic: 'room', data: { type: 'announce', from: 'a' }, clients: 2 };
		expect(await b.next()).toEqual(got);
		expect(await a.next()).toEqual(got);
		send(c, { type: 'ping' });
		expect(await c.next()).toEqual({ type: 'pong' }); // c saw nothing from 'room'
	});

	it('stops relaying after unsubscribe', async () => {
		const a = await client();
		const b = await client();
		send(b, { type: 'subscribe', topics: ['room'] });
		send(b, { type: 'unsubscribe', topics: ['room'] });
		send(b, { type: 'ping' });
		await b.next();
		send(a, { type: 'publish', topic: 'room', data: 1 });
		send(b, { type: 'ping' });
		expect(await b.next()).toEqual({ type: 'pong' });
		expect(server.hub.topicCount).toBe(0);
	});

	it('answers malformed JSON, binary frames and unknown types with an error and keeps serving', async () => {
		const a = await client();
		a.send('{not json');
		expect((await a.next()).type).toBe('error');
		a.send(Buffer.from([1, 2, 3]), { binary: true });
		expect(await a.next()).toMatchObject({ type: 'error', reason: expect.stringMatching(/binary/) });
		send(a, { type: 'launch-missiles' });
		expect(await a.next()).toMatchObject({ type: 'error', reason: expect.stringMatching(/unknown/) });
		for (const bad of [null, 42, 'x', [], { type: 'subscribe', topics: 'x' }, { type: 'publish' }]) {
			send(a, bad);
			expect((await a.next()).type).toBe('error');
		}
		send(a, { type: 'ping' });
		expect(await a.next()).toEqual({ type: 'pong' });
	});

	it('closes a socket that sends an oversize message; others keep working', async () => {
		const a = await client();
		const b = await client();
		const done = closed(a);
		a.send('x'.repeat(10_000));
		expect(await done).toBe(1009);
		send(b, { type: 'ping' });
		expect(await b.next()).toEqual({ type: 'pong' });
	});

	it('caps topics per client and topic length', async () => {
		const a = await client();
		send(a, { type: 'subscribe', topics: ['1', '2', '3', '4'] });
		expect(await a.next()).toMatchObject({ type: 'error', reason: expect.stringMatching(/too many topics/) });
		send(a, { type: 'subscribe', topics: ['y'.repeat(500)] });
		expect((await a.next()).type).toBe('error');
	});

	it('rate-limits a flooding socket and closes it; others keep working', async () => {
		const a = await client();
		const b = await client();
		send(b, { type: 'subscribe', topics: ['room'] });
		const done = closed(a);
		for (let i = 0; i < 200; i++) send(a, { type: 'publish', topic: 'room', data: i });
		expect(await done).toBe(1008);
		let relayed = 0;
		while (b.inbox.length) if (b.inbox.shift()!.type === 'publish') relayed++;
		expect(relayed).toBeLessThan(100);
		send(b, { type: 'ping' });
		let m = await b.next();
		while (m.type !== 'pong') m = await b.next();
		expect(m).toEqual({ type: 'pong' });
	});
});
