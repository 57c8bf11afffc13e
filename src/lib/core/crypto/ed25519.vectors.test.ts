/**
 * Both Ed25519 back ends against published vectors (tests/fixtures/ed25519, see its README):
 * each must give the same verdict on every vector, and that verdict is libsodium's rule.
 */
import { describe, expect, it } from 'vitest';
import { nobleBackend, webCryptoBackend, type Ed25519Backend } from './ed25519.js';
import { vectorSets } from './ed25519-vectors.fixture.js';

const backends: Ed25519Backend[] = [nobleBackend, webCryptoBackend(globalThis.crypto.subtle)];

describe.each(vectorSets)('%s vectors', (_, cases, atLeast) => {
	it('are all read', () => {
		expect(cases.length).toBeGreaterThanOrEqual(atLeast);
	});

	it("get the same verdict from both back ends, the libsodium rule's", async () => {
		const wrong: string[] = [];
		for (const c of cases) {
			for (const b of backends) {
				const verdict = await b.verify(c.publicKey, c.message, c.signature);
				if (verdict !== c.valid)
					wrong.push(`${b.name}: ${c.name}: ${verdict}, expected ${c.valid}`);
			}
		}
		expect(wrong).toEqual([]);
	});
});
