import { describe, expect, it } from 'vitest';
import { toHex } from '../../lib/core/bytes.js';
import { hashSuite } from '../../lib/core/log/index.js';
import { forgeSmallOrderLog } from '../../lib/core/log/forgery.js';
import { runCli } from './test-io.js';

describe('festival log verify, against forgeries', () => {
	for (const hash of ['yamf', 'yasmf'] as const) {
		it(`small-order key forgery: refuses a log written as the identity key, with no secret key (${hash})`, async () => {
			const forged = forgeSmallOrderLog(3, hashSuite(hash));
			const stdin = forged.map((e) => `${toHex(e.bytes)} ${toHex(e.payload)}`).join('\n');
			const r = await runCli(['log', 'verify', '-', '--hash', hash], { stdin });
			expect(r.code).toBe(1);
			expect(r.stdout).toMatch(
				/^INVALID line 1 \(seq 1\): the public key is a point of small order/
			);
			expect(r.stdout.trim().split('\n')).toHaveLength(3);
			expect(r.stdout).not.toMatch(/^ok/m);
			expect(r.stderr).toMatch(/3 of 3 entries invalid/);
		});
	}

	it('small-order key forgery: log decode says the signature is not valid', async () => {
		const [first] = forgeSmallOrderLog(1);
		const r = await runCli(['log', 'decode', toHex(first!.bytes)]);
		expect(r.code).toBe(0);
		expect(JSON.parse(r.stdout)).toMatchObject({
			author: '01' + '00'.repeat(31),
			signatureValid: false
		});
	});
});
