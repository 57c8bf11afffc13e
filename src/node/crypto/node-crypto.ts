/**
 * The crypto options the Node programs run with: node:crypto's Ed25519 (synchronous signing,
 * no round trip per entry), node:crypto's BLAKE2b for YAMF, and large batches verified on a
 * {@link VerifyPool} of worker threads.
 * @module
 */
import { hashSuite, type HashSuiteName } from '../../lib/core/log/hash.js';
import type { CryptoOptions } from '../../lib/core/log/sign.js';
import { nativeSuite, nodeBackend } from './ed25519-node.js';
import type { VerifyPool } from './verify-pool.js';

/** Crypto options over node:crypto for the hash suite `suite` (default yamf), with `pool`. */
export function nodeCrypto(pool?: VerifyPool, suite: HashSuiteName = 'yamf'): CryptoOptions {
	return {
		backend: nodeBackend,
		suite: nativeSuite(hashSuite(suite)),
		...(pool ? { batchVerifier: pool } : {})
	};
}
