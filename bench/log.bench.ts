/**
 * Log core figures: entries signed and verified per second, each beside raw node:crypto
 * Ed25519 sign / verify of the same bytes in the same run.
 */
import {
	createPrivateKey,
	createPublicKey,
	sign as rawSign,
	verify as rawVerify
} from 'node:crypto';
import { detectBackend } from '../src/lib/core/crypto/ed25519.js';
import { LogBook, lipmaa, signEntry, type Entry } from '../src/lib/core/log/index.js';
import { time, type Sample, type Suite } from './figure.js';

const N = 3000;

function pkcs8(secret: Uint8Array): Buffer {
	return Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), secret]);
}

export const logSuite: Suite = {
	name: 'log',
	async prepare() {
		const secretKey = crypto.getRandomValues(new Uint8Array(32));
		const backend = await detectBackend();
		const publicKey = await backend.publicKey(secretKey);
		const signer = { publicKey, secretKey };
		const payloads = Array.from({ length: N }, (_, i) =>
			crypto.getRandomValues(new Uint8Array(200 + (i % 100)))
		);
		const priv = createPrivateKey({ key: pkcs8(secretKey), format: 'der', type: 'pkcs8' });
		const pub = createPublicKey(priv);

		const writeLog = async (): Promise<Entry[]> => {
			const out: Entry[] = [];
			for (let i = 1; i <= N; i++) {
				out.push(
					await signEntry(
						signer,
						{
							logId: 1n,
							seqNum: i,
							payload: payloads[i - 1]!,
							...(i > 1 ? { previous: out[i - 2]!.bytes } : {}),
							...(i > 1 && lipmaa(i) !== i - 1 ? { lipmaaEntry: out[lipmaa(i) - 1]!.bytes } : {})
						},
						{ backend }
					)
				);
			}
			return out;
		};
		return {
			async run(): Promise<Sample[]> {
				let entries: Entry[] = [];
				const signMs = await time(async () => {
					entries = await writeLog();
				});
				const signed = entries.map((e) => e.bytes.subarray(0, e.signedLength));
				const rawSignMs = await time(() => {
					for (const m of signed) rawSign(null, m, priv);
				});
				const items = entries.map((e, i) => ({ bytes: e.bytes, payload: payloads[i]! }));
				const verifyMs = await time(async () => {
					const results = await new LogBook({ backend }).addMany(items);
					if (!results.every((r) => r.ok)) throw new Error('bench log did not verify');
				});
				const rawVerifyMs = await time(() => {
					for (let i = 0; i < N; i++)
						if (!rawVerify(null, signed[i]!, pub, entries[i]!.signature))
							throw new Error('raw verify failed');
				});
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
						name: `verify ${N} entries (${backend.name}, decode + signature + payload hash + links)`,
						value: verify,
						unit: 'entries/s',
						baseline: rawV,
						ratio: verify / rawV,
						target: '>= 1.5 of raw node:crypto verify on one thread (2 cores)',
						checks: [{ of: 'ratio', op: '>=', limit: 1.5 }]
					}
				];
			}
		};
	}
};
