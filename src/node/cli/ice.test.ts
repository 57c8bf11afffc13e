import { describe, expect, it } from 'vitest';
import { iceServersFrom } from './ice.js';
import { runCli } from './test-io.js';

describe('ICE servers from the command line', () => {
	it('takes STUN servers as they are and gives TURN servers the credentials', () => {
		expect(
			iceServersFrom(['stun:stun.example.org:3478', 'turns:turn.example.org:5349'], 'u', 'p')
		).toEqual([
			{ urls: 'stun:stun.example.org:3478' },
			{ urls: 'turns:turn.example.org:5349', username: 'u', credential: 'p' }
		]);
		expect(iceServersFrom([])).toEqual([]);
	});

	it('refuses other schemes, TURN without credentials, and credentials without TURN', () => {
		expect(() => iceServersFrom(['https://stun.example.org'])).toThrow(
			/starts with stun:, turn: or turns:/
		);
		expect(() => iceServersFrom(['turn:turn.example.org'])).toThrow(
			/needs a username and a credential \(--ice-user and --ice-credential\)/
		);
		expect(() => iceServersFrom(['stun:s.example.org'], 'u', 'p')).toThrow(/are for a TURN server/);
	});

	it('festival peer refuses a bad --ice before starting anything', async () => {
		const r = await runCli(['peer', '--ice', 'ftp://x']);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/--ice ftp:\/\/x: an ICE server URL starts with stun:/);
	});
});
