import { describe, expect, it } from 'vitest';
import { forNodeDatachannel } from './peer.js';

describe('forNodeDatachannel', () => {
	it('percent-encodes TURN REST credentials, which node-datachannel puts in a URL', () => {
		expect(
			forNodeDatachannel([
				{ urls: 'stun:s.example:3478' },
				{ urls: ['turn:t.example:3478'], username: '1700003600:ab12', credential: 'a+b/c=' }
			])
		).toEqual([
			{ urls: 'stun:s.example:3478' },
			{ urls: ['turn:t.example:3478'], username: '1700003600%3Aab12', credential: 'a%2Bb%2Fc%3D' }
		]);
	});
});
