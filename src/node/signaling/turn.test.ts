import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignaling, type RunningSignaling } from './server.js';
import { iceReply, turnConfig, TurnConfigError, turnCredentials } from './turn.js';

describe('TURN credentials (the TURN REST shared-secret scheme)', () => {
	it('are <expiry>:<id> and base64(HMAC-SHA1(secret, username))', () => {
		const c = turnCredentials('s3cret-s3cret-s3cret', 3600, 1_700_000_000_000, 'ab12');
		expect(c.username).toBe('1700003600:ab12');
		expect(c.credential).toBe(
			createHmac('sha1', 's3cret-s3cret-s3cret').update('1700003600:ab12').digest('base64')
		);
	});

	it('the reply never holds the secret; without TURN it holds no servers', () => {
		const reply = iceReply({ urls: ['turn:t.example:3478'], secret: 'the-secret-value-here' });
		expect(JSON.stringify(reply)).not.toContain('the-secret-value-here');
		expect(reply.ttl).toBe(3600);
		expect(reply.iceServers[0]).toMatchObject({ urls: ['turn:t.example:3478'] });
		expect(iceReply(undefined)).toEqual({ iceServers: [], ttl: 3600 });
	});
});

describe('turnConfig', () => {
	let dir = '';
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'festival-turn-'));
	});
	afterAll(() => rm(dir, { recursive: true, force: true }));

	it('reads the secret from a file and checks the URLs', async () => {
		const file = join(dir, 'secret');
		await writeFile(file, 'a-long-enough-secret\n');
		expect(turnConfig(['turn:a.example:3478, turns:b.example:5349'], file)).toEqual({
			urls: ['turn:a.example:3478', 'turns:b.example:5349'],
			secret: 'a-long-enough-secret'
		});
		expect(turnConfig([])).toBeUndefined();
		expect(() => turnConfig(['stun:a.example'], file)).toThrow(TurnConfigError);
		expect(() => turnConfig(['turn:a.example'])).toThrow(/secret/);
		expect(() => turnConfig([], file)).toThrow(/URL/);
		expect(() => turnConfig(['turn:a.example'], join(dir, 'missing'))).toThrow(/cannot read/);
		await writeFile(file, 'short');
		expect(() => turnConfig(['turn:a.example'], file)).toThrow(/too short/);
	});
});

describe('GET /ice on the signaling server', () => {
	let server: RunningSignaling;
	beforeAll(async () => {
		server = await startSignaling({
			port: 0,
			turn: { urls: ['turn:turn.example:3478'], secret: 'shared-secret-shared', ttlSeconds: 600 }
		});
	});
	afterAll(() => server.close());

	it('hands out short-lived credentials, readable from any origin; STUN shares the port', async () => {
		const url = server.url.replace(/^ws/, 'http') + '/ice';
		const res = await fetch(url);
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		const body = (await res.json()) as {
			iceServers: { urls: string[]; username: string; credential: string }[];
			ttl: number;
		};
		expect(body.ttl).toBe(600);
		const [s] = body.iceServers;
		const expiry = Number(s!.username.split(':')[0]);
		expect(expiry).toBeGreaterThan(Date.now() / 1000 + 590);
		expect(expiry).toBeLessThan(Date.now() / 1000 + 610);
		expect(s!.credential).toBe(
			createHmac('sha1', 'shared-secret-shared').update(s!.username).digest('base64')
		);
		expect((await fetch(url, { method: 'POST' })).status).toBe(405);
		expect(server.stun?.port).toBe(Number(new URL(server.url).port));
	});
});
