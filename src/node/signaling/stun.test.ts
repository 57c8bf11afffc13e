import { createSocket } from 'node:dgram';
import stun from '@msimerson/stun';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STUN_BYTES, startStun, stunAnswer, type RunningStun } from './stun.js';

const request = () => stun.encode(stun.createMessage(stun.constants.STUN_BINDING_REQUEST));

describe('stunAnswer', () => {
	it('answers a binding request with the mapped address only, as small as can be', () => {
		const req = request();
		const answer = stunAnswer(req, '198.51.100.7', 40_000);
		expect(answer).toBeDefined();
		const res = stun.decode(answer!) as unknown as {
			type: number;
			transactionId: Buffer;
			getXorAddress(): { address: string; port: number };
			count: number;
		};
		expect(res.type).toBe(stun.constants.STUN_BINDING_RESPONSE);
		expect(res.transactionId.equals(stun.decode(req).transactionId)).toBe(true);
		expect(res.getXorAddress()).toMatchObject({ address: '198.51.100.7', port: 40_000 });
		expect(answer!.length).toBe(32); // header + XOR-MAPPED-ADDRESS (IPv4)
		expect(stunAnswer(req, '::ffff:198.51.100.7', 1)!.length).toBe(32);
		expect(stunAnswer(req, '2001:db8::1', 1)!.length).toBe(44);
	});

	it('answers nothing that is not a well-formed binding request', () => {
		const req = request();
		expect(stunAnswer(Buffer.from('GET / HTTP/1.1\r\n\r\n'), '198.51.100.7', 1)).toBeUndefined();
		expect(stunAnswer(req.subarray(0, 19), '198.51.100.7', 1)).toBeUndefined();
		const big = Buffer.concat([req, Buffer.alloc(MAX_STUN_BYTES)]);
		big.writeUInt16BE(big.length - 20, 2);
		expect(stunAnswer(big, '198.51.100.7', 1)).toBeUndefined();
		const noCookie = Buffer.from(req);
		noCookie.writeUInt32BE(0, 4);
		expect(stunAnswer(noCookie, '198.51.100.7', 1)).toBeUndefined();
		const response = stun.encode(stun.createMessage(stun.constants.STUN_BINDING_RESPONSE));
		expect(stunAnswer(response, '198.51.100.7', 1)).toBeUndefined();
		const wrongLength = Buffer.concat([req, Buffer.alloc(4)]);
		expect(stunAnswer(wrongLength, '198.51.100.7', 1)).toBeUndefined();
		const garbage = Buffer.concat([req, Buffer.from([0, 0x20, 0, 8, 1, 2, 3, 4])]);
		garbage.writeUInt16BE(8, 2);
		expect(() => stunAnswer(garbage, '198.51.100.7', 1)).not.toThrow();
	});
});

describe('startStun', () => {
	let server: RunningStun;
	beforeAll(async () => {
		server = await startStun({
			host: '127.0.0.1',
			port: 0,
			limits: { burst: 3, ratePerSecond: 1 }
		});
	});
	afterAll(() => server.close());

	it('tells a client its address over UDP, and rate-limits each address', async () => {
		const sock = createSocket('udp4');
		await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
		const answers: Buffer[] = [];
		sock.on('message', (m) => answers.push(m));
		for (let i = 0; i < 6; i++) sock.send(request(), server.port, '127.0.0.1');
		sock.send(Buffer.from('not stun'), server.port, '127.0.0.1');
		await new Promise((r) => setTimeout(r, 300));
		sock.close();
		expect(answers).toHaveLength(3);
		const mapped = (
			stun.decode(answers[0]!) as unknown as { getXorAddress(): { address: string } }
		).getXorAddress();
		expect(mapped.address).toBe('127.0.0.1');
		expect(server.stats).toEqual({ answered: 3, dropped: 4 });
	});
});
