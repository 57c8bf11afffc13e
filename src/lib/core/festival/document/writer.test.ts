import { describe, expect, it } from 'vitest';
import { toHex } from '../../bytes.js';
import { nobleBackend, webCryptoBackend, type Ed25519Backend } from '../../crypto/ed25519.js';
import { LogBook, verifyLog, YAMF, type Entry } from '../../log/index.js';
import { LogWriter } from './writer.js';

const secretKey = new Uint8Array(32).fill(5);
const payloads = Array.from({ length: 12 }, (_, i) => new TextEncoder().encode(`burst ${i}`));

async function write(backend: Ed25519Backend, book = new LogBook({ backend })): Promise<Entry[]> {
	const signer = { publicKey: await nobleBackend.publicKey(secretKey), secretKey };
	const writer = new LogWriter(signer, 4n, book, { backend });
	// All at once, as a burst of sealed edits may come: appends are serialised.
	return Promise.all(payloads.map((p) => writer.append(p)));
}

describe('LogWriter', () => {
	it('signs in the calling thread (sync back end) the same entries as through promises', async () => {
		expect(nobleBackend.signSync).toBeDefined();
		const web = webCryptoBackend(globalThis.crypto.subtle);
		expect(web.signSync).toBeUndefined();
		const here = await write(nobleBackend);
		const there = await write(web);
		expect(here.map((e) => e.seqNum)).toEqual(payloads.map((_, i) => i + 1));
		expect(here.map((e) => toHex(e.bytes))).toEqual(there.map((e) => toHex(e.bytes)));
		const verdicts = await verifyLog(
			here.map((e, i) => ({ bytes: e.bytes, payload: payloads[i]! })),
			{ backend: nobleBackend, suite: YAMF }
		);
		expect(verdicts.every((v) => v.result.ok)).toBe(true);
	});

	it('keeps the book up to date, and a failed signature does not take a seq', async () => {
		let fail = false;
		const flaky: Ed25519Backend = {
			...nobleBackend,
			signSync(secret, message) {
				if (fail) throw new Error('no key');
				return nobleBackend.signSync!(secret, message);
			}
		};
		const book = new LogBook({ backend: flaky });
		const signer = { publicKey: await nobleBackend.publicKey(secretKey), secretKey };
		const writer = new LogWriter(signer, 4n, book, { backend: flaky });
		await writer.append(payloads[0]!);
		fail = true;
		await expect(writer.append(payloads[1]!)).rejects.toThrow('no key');
		fail = false;
		const second = await writer.append(payloads[2]!);
		expect(second.seqNum).toBe(2);
		expect(book.latest(signer.publicKey, 4n)).toBe(2);
	});
});
