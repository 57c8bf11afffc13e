import { describe, expect, it } from 'vitest';
import {
	iceEndpoint,
	parseIceReply,
	ServerIce,
	stunFromSignaling,
	type FetchLike
} from './server-ice.js';

describe('the signaling server as STUN server', () => {
	it('is stun:<host>:<port> of the signaling URL, with ws/wss default ports', () => {
		expect(stunFromSignaling('ws://203.0.113.1:4444')).toBe('stun:203.0.113.1:4444');
		expect(stunFromSignaling('wss://festival.example.org/')).toBe('stun:festival.example.org:443');
		expect(stunFromSignaling('ws://festival.example.org/path')).toBe(
			'stun:festival.example.org:80'
		);
		expect(stunFromSignaling('ws://[2001:db8::1]:5173/')).toBe('stun:[2001:db8::1]:5173');
		expect(stunFromSignaling('https://example.org')).toBeUndefined();
		expect(stunFromSignaling('not a url')).toBeUndefined();
	});

	it('hands out ICE servers at http(s)://<host>/ice', () => {
		expect(iceEndpoint('ws://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173/ice');
		expect(iceEndpoint('wss://festival.example.org/x')).toBe('https://festival.example.org/ice');
		expect(iceEndpoint('http://example.org')).toBeUndefined();
	});
});

describe('parseIceReply', () => {
	it('takes well-formed servers and refuses anything else', () => {
		const good = {
			iceServers: [{ urls: ['turn:t.example:3478'], username: '1:a', credential: 'x' }],
			ttl: 3600
		};
		expect(parseIceReply(good)).toEqual({ ok: true, value: good });
		for (const bad of [
			null,
			'x',
			{ iceServers: [], ttl: 0 },
			{ iceServers: {}, ttl: 1 },
			{ iceServers: [{ urls: ['http://x'] }], ttl: 1 },
			{ iceServers: [{ urls: 'turn:x', username: 1 }], ttl: 1 },
			{ iceServers: Array(11).fill({ urls: 'stun:x' }), ttl: 1 }
		])
			expect(parseIceReply(bad).ok).toBe(false);
	});
});

describe('ServerIce', () => {
	const turn = { urls: ['turn:t.example:3478'], username: '9:a', credential: 'c' };
	function fake(reply: unknown, log: string[] = []): FetchLike {
		return async (url) => {
			log.push(url);
			if (reply instanceof Error) throw reply;
			return { ok: true, json: async () => reply };
		};
	}

	it('gives the STUN of every signaling server at once, and TURN once fetched until it expires', async () => {
		let now = 1_000_000;
		const log: string[] = [];
		const ice = new ServerIce(
			['ws://a.example:4444', 'wss://b.example/'],
			fake({ iceServers: [turn], ttl: 100 }, log),
			() => now
		);
		expect(ice.servers()).toEqual([
			{ urls: 'stun:a.example:4444' },
			{ urls: 'stun:b.example:443' }
		]);
		await ice.refresh();
		expect(log).toEqual(['http://a.example:4444/ice', 'https://b.example/ice']);
		expect(ice.servers()).toContainEqual(turn);
		now += 81_000; // past 80% of the ttl: fetched again
		ice.servers();
		expect(log).toHaveLength(4);
		now += 200_000;
		const fails = new ServerIce(['ws://a.example:1'], fake(new Error('down')), () => now);
		await fails.refresh();
		expect(fails.servers()).toEqual([{ urls: 'stun:a.example:1' }]);
	});

	it('drops TURN credentials that expired when refreshing fails', async () => {
		let now = 0;
		let reply: unknown = { iceServers: [turn], ttl: 10 };
		const ice = new ServerIce(
			['ws://a.example:1'],
			async () => ({ ok: true, json: async () => reply }),
			() => now
		);
		await ice.refresh();
		expect(ice.servers()).toHaveLength(2);
		reply = 'garbage';
		now = 11_000;
		expect(ice.servers()).toEqual([{ urls: 'stun:a.example:1' }]);
	});
});
