import { describe, expect, it } from 'vitest';
import { offerAsDtlsClient } from './dtls-role.js';

describe('offerAsDtlsClient', () => {
	it('makes each actpass setup of an offer active and leaves the rest as it was', () => {
		const sdp = [
			'v=0',
			'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
			'a=setup:actpass',
			'a=mid:0',
			'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
			'a=setup:actpass',
			'a=x-note:a=setup:actpass',
			''
		];
		const out = offerAsDtlsClient(sdp.join('\r\n')).split('\r\n');
		expect(out.filter((l) => l.startsWith('a=setup:'))).toEqual([
			'a=setup:active',
			'a=setup:active'
		]);
		expect(out.filter((l) => !l.startsWith('a=setup:'))).toEqual(
			sdp.filter((l) => !l.startsWith('a=setup:'))
		);
		// bare newlines too, and an offer that already chose stays as it is
		expect(offerAsDtlsClient('a=setup:actpass\na=mid:0')).toBe('a=setup:active\na=mid:0');
		expect(offerAsDtlsClient('a=setup:passive\r\n')).toBe('a=setup:passive\r\n');
	});
});
