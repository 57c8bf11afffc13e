/**
 * Log core figures: entries signed and verified per second, each beside raw node:crypto
 * Ed25519 sign / verify of the same bytes in the same run (one thread). Both measure what the
 * Node programs run: a LogWriter over node:crypto (an append at a time, as a festival writes its
 * sealed edits), and LogBook.addMany with the verify pool, warm as a program's one pool is after
 * its first batch. Signing and its baseline alternate by blocks of entries, and verifying and
 * its baseline run twice each, in the order ours, raw, raw, ours, so a shared machine's load
 * falls on both alike.
 */
import {
	createPrivateKey,
	createPublicKey,
	sign as rawSign,
	verify as rawVerify
} from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { LogWriter } from '../src/lib/core/festival/document/writer.js';
import { LogBook, type Entry } from '../src/lib/core/log/index.js';
import { nodeCrypto } from '../src/node/crypto/node-crypto.js';
import { VerifyPool } from '../src/node/crypto/verify-pool.js';
import { time, type Sample, type Suite } from './figure.js';

const N = 3000;
/** Entries signed at a time before the raw baseline signs the same (see signBoth). */
const BLOCK = 250;

function pkcs8(secret: Uint8Array): Buffer {
	return Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), secret]);
}

// A thread that verifies its share of the signatures with raw node:crypto when told to.
const RAW_VERIFIER = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
let job;
parentPort.on('message', (m) => {
	if (m.spki) {
		job = { key: createPublicKey({ key: Buffer.from(m.spki), format: 'der', type: 'spki' }), ...m };
		return parentPort.postMessage('ready');
	}
	let ok = true;
	for (let i = 0; i < job.messages.length; i++)
		ok = verify(null, job.messages[i], job.key, job.signatures[i]) && ok;
	parentPort.postMessage(ok);
});`;

/**
 * Raw node:crypto verify of `entries` split over `threads` worker threads, for the machine's
 * ceiling: what two cores give raw verification in this run, beside one thread.
 */
async function rawVerifiers(
	entries: readonly Entry[],
	spki: Buffer,
	threads: number
): Promise<{ run(): Promise<number>; close(): Promise<void> }> {
	const per = Math.ceil(entries.length / threads);
	const workers = await Promise.all(
		Array.from({ length: threads }, async (_, t) => {
			const w = new Worker(RAW_VERIFIER, { eval: true });
			const share = entries.slice(t * per, (t + 1) * per);
			const ready = new Promise((r) => w.once('message', r));
			w.postMessage({
				spki,
				messages: share.map((e) => e.bytes.slice(0, e.signedLength)),
				signatures: share.map((e) => e.signature.slice())
			});
			await ready;
			return w;
		})
	);
	const once = (w: Worker) =>
		new Promise<void>((resolve, reject) => {
			w.once('message', (ok) => (ok ? resolve() : reject(new Error('raw verify failed'))));
			w.postMessage('go');
		});
	return {
		run: () => time(() => Promise.all(workers.map(once))),
		close: async () => void (await Promise.all(workers.map((w) => w.terminate())))
	};
}

export const logSuite: Suite = {
	name: 'log',
	async prepare() {
		const secretKey = crypto.getRandomValues(new Uint8Array(32));
		const pool = new VerifyPool();
		const opts = nodeCrypto(pool);
		const backend = opts.backend!;
		const publicKey = await backend.publicKey(secretKey);
		const signer = { publicKey, secretKey };
		const payloads = Array.from({ length: N }, (_, i) =>
			crypto.getRandomValues(new Uint8Array(200 + (i % 100)))
		);
		const priv = createPrivateKey({ key: pkcs8(secretKey), format: 'der', type: 'pkcs8' });
		const pub = createPublicKey(priv);
		// The Node programs keep one pool per process, warm after its first batch.
		await pool.warm();

		/**
		 * Signs the log with a LogWriter, a block of entries at a time, each block followed by raw
		 * node:crypto signing the same bytes: both see the same load on a shared machine.
		 */
		const signBoth = async (): Promise<{ entries: Entry[]; ms: number; rawMs: number }> => {
			const entries: Entry[] = [];
			const writer = new LogWriter(signer, 1n, new LogBook(opts), opts);
			let ms = 0;
			let rawMs = 0;
			for (let at = 0; at < N; at += BLOCK) {
				const block = payloads.slice(at, at + BLOCK);
				ms += await time(async () => {
					for (const p of block) entries.push(await writer.append(p));
				});
				const signed = entries.slice(at).map((e) => e.bytes.subarray(0, e.signedLength));
				rawMs += await time(() => {
					for (const m of signed) rawSign(null, m, priv);
				});
			}
			return { entries, ms, rawMs };
		};
		// Twice before the runs, to the steady state of a long-running program's writer: its code
		// compiled by the JIT, its key cached (the first runs of a fresh process are half as fast).
		let made: Entry[] = [];
		for (let i = 0; i < 2; i++) made = (await signBoth()).entries;
		const ceiling = await rawVerifiers(
			made,
			pub.export({ format: 'der', type: 'spki' }),
			pool.size
		);
		return {
			async run(): Promise<Sample[]> {
				const { entries, ms: signMs, rawMs: rawSignMs } = await signBoth();
				const signed = entries.map((e) => e.bytes.subarray(0, e.signedLength));
				const items = entries.map((e, i) => ({ bytes: e.bytes, payload: payloads[i]! }));
				const ours = () =>
					time(async () => {
						const results = await new LogBook(opts).addMany(items);
						if (!results.every((r) => r.ok)) throw new Error('bench log did not verify');
					});
				const raw = () =>
					time(() => {
						for (let i = 0; i < N; i++)
							if (!rawVerify(null, signed[i]!, pub, entries[i]!.signature))
								throw new Error('raw verify failed');
					});
				// Ours, raw, raw, ours: a shared machine's load drifting over the run falls on both alike.
				const ours1 = await ours();
				const raw1 = await raw();
				const rawVerifyMs = (raw1 + (await raw())) / 2;
				const verifyMs = (ours1 + (await ours())) / 2;
				const rawThreadsMs = await ceiling.run();
				const perSec = (ms: number) => Math.round((N / ms) * 1000);
				const sign = perSec(signMs);
				const rawS = perSec(rawSignMs);
				const verify = perSec(verifyMs);
				const rawV = perSec(rawVerifyMs);
				return [
					{
						name: `sign ${N} entries (${backend.name}, hash + encode + sign)`,
						value: sign,
						unit: 'entries/s',
						baseline: rawS,
						ratio: sign / rawS,
						target: '>= 0.7 of raw node:crypto sign',
						checks: [{ of: 'ratio', op: '>=', limit: 0.7 }]
					},
					{
						name: `verify ${N} entries (${backend.name}, ${pool.size} worker threads; decode + signature + payload hash + links)`,
						value: verify,
						unit: 'entries/s',
						baseline: rawV,
						ratio: verify / rawV,
						target: '>= 1.5 of raw node:crypto verify on one thread (2 cores)',
						checks: [{ of: 'ratio', op: '>=', limit: 1.5 }]
					},
					{
						// No target: the most the verify figure's ratio can be in this run.
						name: `raw node:crypto verify of the ${N} entries on ${pool.size} worker threads (the machine's ceiling for the verify ratio)`,
						value: perSec(rawThreadsMs),
						unit: 'entries/s',
						baseline: rawV,
						ratio: perSec(rawThreadsMs) / rawV
					}
				];
			},
			close: async () => {
				await ceiling.close();
				await pool.close();
			}
		};
	}
};
