import { describe, expect, it } from 'vitest';
import { formatIceServers, iceServer, parseIceServers } from './ice.js';

describe('ICE servers', () => {
	it('reads STUN and TURN lines, skipping blanks and comments, and writes them back', () => {
		const text =
			'# ours\nstun:stun.example.org:3478\n\n  turns:turn.example.org:5349 alice s3cret  \n';
		const r = parseIceServers(text);
		expect(r).toEqual({
			ok: true,
			value: [
				{ urls: 'stun:stun.example.org:3478' },
				{ urls: 'turns:turn.example.org:5349', username: 'alice', credential: 's3cret' }
			]
		});
		expect(parseIceServers(formatIceServers(r.ok ? r.value : []))).toEqual(r);
		expect(parseIceServers('')).toEqual({ ok: true, value: [] });
	});

	it('says which line is wrong and why', () => {
		const bad = (t: string) => {
			const r = parseIceServers(t);
			return r.ok ? 'ok' : r.error.reason;
		};
		expect(bad('stun:a.example\nhttps://b.example')).toMatch(
			/^line 2: https:\/\/b\.example: an ICE server URL starts with stun:/
		);
		expect(bad('turn:t.example')).toMatch(/^line 1: .*needs a username and a credential/);
		expect(bad('stun:s.example user pass')).toMatch(/only TURN servers take a username/);
		expect(bad('turn:t.example a b c')).toMatch(/write URL, or URL username credential/);
		expect(bad(Array.from({ length: 11 }, (_, i) => `stun:s${i}.example`).join('\n'))).toMatch(
			/at most 10/
		);
		expect(iceServer('stun:')).toMatchObject({ ok: false });
	});
});
