import { describe, expect, it } from 'vitest';
import { hasLipmaaLink } from './lipmaa.js';
import { encodeHash, YAMF, YASMF } from './hash.js';
import { MAX_VARU64 } from './varu64.js';
import {
	AUTHOR_LENGTH,
	encodeUnsigned,
	MAX_ENTRY_SIZE,
	MAX_PAYLOAD_SIZE,
	SIGNATURE_LENGTH
} from './entry.js';

describe('MAX_ENTRY_SIZE', () => {
	it('holds the largest entry either hash suite can encode', () => {
		let seq = Number.MAX_SAFE_INTEGER;
		while (!hasLipmaaLink(seq)) seq--;
		for (const suite of [YAMF, YASMF]) {
			const hash = encodeHash(suite, new Uint8Array(0));
			const unsigned = encodeUnsigned({
				endOfLog: true,
				author: new Uint8Array(AUTHOR_LENGTH),
				logId: MAX_VARU64,
				seqNum: seq,
				lipmaaLink: hash,
				backlink: hash,
				payloadSize: MAX_PAYLOAD_SIZE,
				payloadHash: hash
			});
			const size = unsigned.length + SIGNATURE_LENGTH;
			expect(size).toBeLessThanOrEqual(322);
			expect(size).toBeLessThanOrEqual(MAX_ENTRY_SIZE);
		}
	});
});
