/**
 * The worker thread of {@link VerifyPool} (verify-pool.ts): verifies the chunks it is sent
 * with `verifyChunk`, on node:crypto, and answers with one verdict per entry.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { hashSuite } from '../../lib/core/log/hash.js';
import { verifyChunk } from '../../lib/core/log/verify-batch.js';
import { unpackItems } from '../../lib/core/log/pack.js';
import { nativeSuite, nodeBackend } from './ed25519-node.js';
import { packVerdicts, type ChunkRequest } from './verify-wire.js';

const port = parentPort;
if (!port) throw new Error('verify-worker runs as a worker thread');
port.on('message', (req: ChunkRequest) => {
	const suite = nativeSuite(hashSuite(req.suite));
	verifyChunk(unpackItems(req.buffer, req.offsets), { backend: nodeBackend, suite }).then(
		(verdicts) => {
			const reply = packVerdicts(req.id, verdicts, suite.encodedLength);
			port.postMessage(reply, [reply.hashes]);
		},
		(e: unknown) => port.postMessage({ id: req.id, error: String(e) })
	);
});
