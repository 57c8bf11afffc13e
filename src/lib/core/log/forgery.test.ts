import { describe, expect, it } from 'vitest';
import { nobleBackend, webCryptoBackend } from '../crypto/ed25519.js';
import { prepareEntries } from '../festival/ingest/prepare.js';
import { forgeSmallOrderLog } from './forgery.js';
import { decodeAndVerify, LogBook } from './index.js';

const forged = forgeSmallOrderLog(5);
const backends = [nobleBackend, webCryptoBackend(globalThis.crypto.subtle)];

describe('small-order key forgery', () => {
	it.each(backends)(
		'small-order key forgery: LogBook refuses every entry with the $name back end',
		async (backend) => {
			const results = await new LogBook({ backend }).addMany(forged);
			expect(results.map((r) => !r.ok && r.error.code)).toEqual(Array(5).fill('signature'));
			const one = await new LogBook({ backend }).add(forged[0]!.bytes, forged[0]!.payload);
			expect(!one.ok && one.error.reason).toMatch(/small order/);
		}
	);

	it.each(backends)(
		'small-order key forgery: prepareEntries (ingest, snapshots) refuses it with the $name back end',
		async (backend) => {
			const prepared = await prepareEntries(forged, { backend });
			expect(prepared.map((p) => !p.ok && p.error.code)).toEqual(Array(5).fill('signature'));
		}
	);

	it('small-order key forgery: refused even through a back end that would accept it', async () => {
		const lenient = { ...nobleBackend, name: 'accepts everything', verify: async () => true };
		const r = await decodeAndVerify(forged[0]!.bytes, forged[0]!.payload, { backend: lenient });
		expect(!r.ok && r.error.code).toBe('signature');
	});
});
