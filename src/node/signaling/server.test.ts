import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { addressKey, clientAddress, startSignaling, type RunningSignaling } from './server.js';

let server: RunningSignaling;
const open: WebSocket[] = [];

type TestSocket = WebSocket & {
	inbox: Record<string, unknown>[];
	next: () => Promise<Record<string, unknown>>;
};

/** A client of the server, from `from` (a loopback address: 127.0.0.1 unless told; Linux routes all of 127/8). */
async function client(
	from = '127.0.0.1',
	headers: Record<string, string> = {}
): Promise<TestSocket> {
	const ws = new WebSocket(server.url, { localAddress: from, headers }) as TestSocket;
	ws.inbox = [];
	const waiters: ((m: Record<string, unknown>) => void)[] = [];
	ws.on('message', (d) => {
		const m = JSON.parse(d.toString());
		const w = waiters.shift();
		if (w) w(m);
		else ws.inbox.push(m);
	});
	ws.next = () =>
		ws.inbox.length ? Promise.resolve(ws.inbox.shift()!) : new Promise((r) => waiters.push(r));
	open.push(ws);
	await new Promise((r, j) => {
		ws.once('open', r);
		ws.once('error', j);
	});
	return ws;
}
const send = (ws: WebSocket, m: unknown) => ws.send(JSON.stringify(m));
const closed = (ws: WebSocket) => new Promise<number>((r) => ws.once('close', (code) => r(code)));

const LIMITS = {
	maxMessageBytes: 4096,
	maxTopicsPerClient: 3,
	ratePerSecond: 20,
	burst: 40,
	maxDropped: 30,
	maxSubscribersPerTopic: 8,
	maxSocketsPerAddress: 6,
	maxTopicSlotsPerAddress: 3
};
beforeEach(async () => {
	server = await startSignaling({ port: 0, limits: LIMITS });
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
		const got = {
			type: 'publish',
			topic: 'room',
			data: { type: 'announce', from: 'a' },
			clients: 2
		};
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
		expect(await a.next()).toMatchObject({
			type: 'error',
			reason: expect.stringMatching(/binary/)
		});
		send(a, { type: 'launch-missiles' });
		expect(await a.next()).toMatchObject({
			type: 'error',
			reason: expect.stringMatching(/unknown/)
		});
		for (const bad of [
			null,
			42,
			'x',
			[],
			{ type: 'subscribe', topics: 'x' },
			{ type: 'publish' }
		]) {
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
		expect(await a.next()).toMatchObject({
			type: 'error',
			reason: expect.stringMatching(/too many topics/)
		});
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

/** Sends a ping and collects everything before the pong (so the server has handled what came before). */
async function settle(ws: TestSocket): Promise<Record<string, unknown>[]> {
	send(ws, { type: 'ping' });
	const got: Record<string, unknown>[] = [];
	for (let m = await ws.next(); m.type !== 'pong'; m = await ws.next()) got.push(m);
	return got;
}

/** Whether a socket to the server from `from` opens (true) or is refused (false). */
async function opens(
	from: string,
	headers: Record<string, string> = {}
): Promise<TestSocket | undefined> {
	try {
		return await client(from, headers);
	} catch {
		return undefined;
	}
}

describe('signaling server: limits per client address', () => {
	it('topic squatting: one address cannot lock honest peers out of a topic', async () => {
		// Mallory opens as many sockets as the topic has room for and subscribes each.
		const squatters: TestSocket[] = [];
		for (let i = 0; i < LIMITS.maxSubscribersPerTopic; i++) {
			const m = await opens('127.0.0.2');
			if (!m) continue;
			send(m, { type: 'subscribe', topics: ['festival'] });
			squatters.push(m);
		}
		const refused = (await Promise.all(squatters.map(settle))).flat();
		// Honest peers, each from an address of its own, still get in and hear each other.
		const alice = await client('127.0.0.3');
		const bob = await client('127.0.0.4');
		for (const p of [alice, bob]) {
			send(p, { type: 'subscribe', topics: ['festival'] });
			expect(await settle(p)).toEqual([]);
		}
		send(alice, { type: 'publish', topic: 'festival', data: { hi: 'bob' } });
		let m = await bob.next();
		expect(m).toMatchObject({
			type: 'publish',
			data: { hi: 'bob' },
			clients: LIMITS.maxTopicSlotsPerAddress + 2
		});
		// Mallory got her share of sockets; those beyond her share of the topic were told so
		expect(squatters).toHaveLength(LIMITS.maxSocketsPerAddress);
		expect(
			refused.filter((r) => r.type === 'error' && /address/.test(String(r.reason)))
		).toHaveLength(LIMITS.maxSocketsPerAddress - LIMITS.maxTopicSlotsPerAddress);
		m = await alice.next();
		expect(m.type).toBe('publish');
	});

	it('topic squatting: sockets per address are capped at the upgrade, other addresses unaffected', async () => {
		for (let i = 0; i < LIMITS.maxSocketsPerAddress; i++)
			expect(await opens('127.0.0.2')).toBeDefined();
		expect(await opens('127.0.0.2')).toBeUndefined();
		expect(await opens('127.0.0.3')).toBeDefined();
	});

	it('a household behind one address: several devices share a topic up to the per-address share', async () => {
		const devices = await Promise.all([1, 2, 3].map(() => client('127.0.0.5')));
		for (const d of devices) {
			send(d, { type: 'subscribe', topics: ['festival'] });
			expect(await settle(d)).toEqual([]);
		}
		send(devices[0]!, { type: 'publish', topic: 'festival', data: 1 });
		for (const d of devices) expect(await d.next()).toMatchObject({ type: 'publish', clients: 3 });
	});

	it('one socket in many topics takes one slot in each; the per-address share is per topic', async () => {
		const m = await client('127.0.0.2');
		send(m, { type: 'subscribe', topics: ['t1', 't2', 't3'] });
		expect(await settle(m)).toEqual([]);
		const more = await Promise.all([1, 2].map(() => client('127.0.0.2')));
		for (const s of more) {
			send(s, { type: 'subscribe', topics: ['t1', 't2', 't3'] });
			expect(await settle(s)).toEqual([]);
		}
		const fourth = await client('127.0.0.2');
		send(fourth, { type: 'subscribe', topics: ['t1', 't2', 'elsewhere'] });
		const errors = await settle(fourth);
		expect(errors.map((e) => e.reason)).toEqual([
			expect.stringMatching(/address/),
			expect.stringMatching(/address/)
		]);
		send(fourth, { type: 'publish', topic: 'elsewhere', data: 1 });
		expect(await fourth.next()).toMatchObject({ type: 'publish', topic: 'elsewhere', clients: 1 });
	});

	it('closing or unsubscribing frees the slots and the socket count (reconnect churn does not leak)', async () => {
		for (let round = 0; round < 4; round++) {
			const sockets = await Promise.all(
				Array.from({ length: LIMITS.maxSocketsPerAddress }, () => client('127.0.0.2'))
			);
			for (const s of sockets.slice(0, LIMITS.maxTopicSlotsPerAddress)) {
				send(s, { type: 'subscribe', topics: ['festival'] });
				expect(await settle(s)).toEqual([]);
			}
			await Promise.all(
				sockets.map((s) => {
					const done = closed(s);
					s.close();
					return done;
				})
			);
			// the clients saw their sockets close; the server hears of it a moment later
			await vi.waitFor(
				() => expect(server.hub.topicCount, 'every topic freed after the sockets closed').toBe(0),
				{ timeout: 3000, interval: 10 }
			);
		}
		const s = await client('127.0.0.2');
		send(s, { type: 'subscribe', topics: ['festival'] });
		send(s, { type: 'unsubscribe', topics: ['festival'] });
		await settle(s);
		const others = await Promise.all([1, 2, 3].map(() => client('127.0.0.2')));
		for (const o of others) {
			send(o, { type: 'subscribe', topics: ['festival'] });
			expect(await settle(o)).toEqual([]);
		}
	});

	it('ignores X-Forwarded-For unless told to trust a proxy', async () => {
		for (let i = 0; i < LIMITS.maxSocketsPerAddress; i++)
			expect(await opens('127.0.0.2', { 'x-forwarded-for': `10.0.0.${i}` })).toBeDefined();
		expect(await opens('127.0.0.2', { 'x-forwarded-for': '10.0.0.99' })).toBeUndefined();
	});
});

describe('client addresses', () => {
	it('count IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
		expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
		expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
		expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:DB8::1')).toBe('2001:db8:0:0::/64');
		expect(addressKey('::1')).toBe('0:0:0:0::/64');
		expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
	});

	it('trust X-Forwarded-For only as far as told, and only for IP addresses', () => {
		expect(clientAddress('10.0.0.1', '192.0.2.9', 0)).toBe('10.0.0.1');
		expect(clientAddress('10.0.0.1', 'forged, 192.0.2.9', 1)).toBe('192.0.2.9');
		expect(clientAddress('10.0.0.1', ['198.51.100.1, 192.0.2.9', '10.0.0.2'], 2)).toBe('192.0.2.9');
		expect(clientAddress('10.0.0.1', '192.0.2.9', 2)).toBe('10.0.0.1');
		expect(clientAddress('10.0.0.1', 'not an address', 1)).toBe('10.0.0.1');
		expect(clientAddress(undefined, undefined, 1)).toBe('');
	});
});

describe('signaling server behind a reverse proxy (trustProxy: 1)', () => {
	let proxied: RunningSignaling;
	beforeEach(async () => {
		proxied = await startSignaling({ port: 0, limits: LIMITS, trustProxy: 1 });
	});
	afterEach(async () => {
		await proxied.close();
	});
	const via = async (forwarded: string): Promise<boolean> => {
		const ws = new WebSocket(proxied.url, { headers: { 'x-forwarded-for': forwarded } });
		open.push(ws);
		return new Promise((r) => {
			ws.once('open', () => r(true));
			ws.once('error', () => r(false));
		});
	};

	it('counts the address the proxy saw (the last entry), not what the client wrote before it', async () => {
		for (let i = 0; i < LIMITS.maxSocketsPerAddress; i++)
			expect(await via(`10.9.9.${i}, 192.0.2.7`)).toBe(true);
		expect(await via('10.9.9.200, 192.0.2.7')).toBe(false);
		expect(await via('192.0.2.8')).toBe(true);
	});
});
