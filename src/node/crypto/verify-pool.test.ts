/**
 * The worker-thread pool gives the verdicts the calling thread gives: on the bamboo vectors,
 * on a long log with forged entries in the middle, and when its workers fail.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fromHex } from '../../lib/core/bytes.js';
import {
	lipmaa,
	signEntry,
	verifyLog,
	YAMF,
	YASMF,
	type Entry,
	type HashSuite
} from '../../lib/core/log/index.js';
import { nodeBackend } from './ed25519-node.js';
import { VerifyPool } from './verify-pool.js';

const pools: VerifyPool[] = [];
afterEach(async () => {
	await Promise.all(pools.splice(0).map((p) => p.close()));
});
const pool = (o: ConstructorParameters<typeof VerifyPool>[0] = {}) => {
	const p = new VerifyPool({ size: 2, ...o });
	pools.push(p);
	return p;
};

const bamboo = new URL('../../../tests/fixtures/bamboo/', import.meta.url);
const hex = (h: string) => fromHex(h)!;

async function writeLog(n: number): Promise<{ bytes: Uint8Array; payload: Uint8Array }[]> {
	const secretKey = new Uint8Array(32).fill(9);
	const signer = { publicKey: await nodeBackend.publicKey(secretKey), secretKey };
	const out: Entry[] = [];
	const payloads: Uint8Array[] = [];
	for (let i = 1; i <= n; i++) {
		const payload = new TextEncoder().encode(`entry ${i}`);
		payloads.push(payload);
		out.push(
			await signEntry(
				signer,
				{
					logId: 3n,
					seqNum: i,
					payload,
					...(i > 1 ? { previous: out[i - 2]!.bytes } : {}),
					...(i > 1 && lipmaa(i) !== i - 1 ? { lipmaaEntry: out[lipmaa(i) - 1]!.bytes } : {})
				},
				{ backend: nodeBackend }
			)
		);
	}
	return out.map((e, i) => ({ bytes: e.bytes, payload: payloads[i]! }));
}

/** A copy of the log with entry `at`'s signature broken and entry `s` given S >= L. */
function forge(
	log: { bytes: Uint8Array; payload: Uint8Array }[],
	at: number,
	s: number
): typeof log {
	return log.map((it, i) => {
		if (i !== at && i !== s) return it;
		const bytes = it.bytes.slice();
		if (i === at) bytes[bytes.length - 40]! ^= 1;
		else bytes[bytes.length - 1] = 0xff;
		return { ...it, bytes };
	});
}

const summary = (v: Awaited<ReturnType<typeof verifyLog>>) =>
	v.map((x) => (x.result.ok ? 'ok' : `${x.result.error.code}: ${x.result.error.reason}`));

describe('VerifyPool', () => {
	for (const [file, suite] of [
		['blake2b-yamf.json', YAMF],
		['blake3-yasmf.json', YASMF]
	] as [string, HashSuite][]) {
		it(`verifies the bamboo vectors (${suite.name}) on worker threads`, async () => {
			const v = JSON.parse(readFileSync(new URL(file, bamboo), 'utf8'));
			const p = pool({ threshold: 1 });
			for (const set of [v.fiveValidEntries.entries, v.valid_partial_replicated_seq_100.entries]) {
				const items = (set as { encoded: string; payload?: string }[]).map((e) => ({
					bytes: hex(e.encoded),
					...(e.payload ? { payload: hex(e.payload) } : {})
				}));
				const verdicts = await verifyLog(items, { suite, batchVerifier: p });
				expect(summary(verdicts).every((s) => s === 'ok')).toBe(true);
			}
			expect(p.broken).toBeUndefined();
			expect(p.chunksInWorkers).toBeGreaterThan(0);
			expect(p.broken).toBeUndefined();
		});
	}

	it('catches forged entries in the middle of a batch at their index, as this thread does', async () => {
		const log = forge(await writeLog(600), 301, 450);
		const p = pool();
		const there = summary(await verifyLog(log, { backend: nodeBackend, batchVerifier: p }));
		const here = summary(await verifyLog(log, { backend: nodeBackend }));
		expect(p.chunksInWorkers).toBeGreaterThan(1);
		expect(there).toEqual(here);
		expect(there[301]).toMatch(/^signature: the signature does not verify/);
		expect(there[450]).toMatch(/^signature: the signature's S is not below/);
		expect(there.slice(0, 301).every((s) => s === 'ok')).toBe(true);
	});

	it('warms its workers ahead of the first batch, and a worker that cannot start only moves the work', async () => {
		const p = pool({ threshold: 1 });
		await p.warm();
		expect(p.broken).toBeUndefined();
		expect(p.chunksInWorkers).toBe(0);
		const log = await writeLog(5);
		expect(summary(await verifyLog(log, { batchVerifier: p })).every((s) => s === 'ok')).toBe(true);
		expect(p.chunksInWorkers).toBeGreaterThan(0);
		const dead = pool({ worker: pathToFileURL(join(tmpdir(), 'no-such-worker.mjs')) });
		await dead.warm();
		expect(dead.broken).toMatch(/no-such-worker|did not start/);
	});

	it('verifies small batches in the calling thread, without starting workers', async () => {
		const p = pool({ threshold: 256 });
		const verdicts = await verifyLog(await writeLog(20), { batchVerifier: p });
		expect(summary(verdicts).every((s) => s === 'ok')).toBe(true);
		expect(p.chunksInWorkers).toBe(0);
	});

	it('never keeps a process alive: one that verified a large batch and never closed the pool ends', () => {
		const dir = mkdtempSync(join(tmpdir(), 'verify-pool-exit-'));
		const at = (f: string) => JSON.stringify(new URL(f, import.meta.url).href);
		const script = join(dir, 'run.mts');
		writeFileSync(
			script,
			`import { VerifyPool } from ${at('./verify-pool.ts')};
import { YAMF } from ${at('../../lib/core/log/hash.ts')};
const pool = new VerifyPool({ threshold: 1 });
const verdicts = await pool.verifyMany([{ bytes: new Uint8Array(3) }], YAMF);
console.log(verdicts.length, pool.chunksInWorkers, verdicts[0].ok);
`
		);
		const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
			cwd: fileURLToPath(new URL('../../..', import.meta.url)),
			encoding: 'utf8',
			timeout: 30_000
		});
		expect(r.stderr).toBe('');
		expect(r.signal).toBeNull();
		expect(r.stdout.trim()).toBe('1 1 false');
	});

	describe('when a worker fails', () => {
		const dir = mkdtempSync(join(tmpdir(), 'verify-pool-'));
		const script = (name: string, code: string) => {
			const f = join(dir, name);
			writeFileSync(f, code);
			return pathToFileURL(f);
		};
		const cases: [string, URL, RegExp][] = [
			[
				'does not start',
				pathToFileURL(join(dir, 'missing.mjs')),
				/failed: .*missing\.mjs|did not start/
			],
			[
				'crashes on its first chunk',
				script(
					'crash.mjs',
					"import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => { throw new Error('boom'); });\n"
				),
				/failed: boom/
			],
			[
				'exits',
				script(
					'exit.mjs',
					"import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n"
				),
				/exited \(code 3\)/
			],
			[
				'answers for a different chunk',
				script(
					'liar.mjs',
					"import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (r) => parentPort.postMessage({ id: r.id, hashes: new ArrayBuffer(0), problems: [] }));\n"
				),
				/different chunk/
			]
		];
		it.each(cases)(
			'that %s, verification moves to this thread and forgeries are still caught',
			async (_, worker, why) => {
				const problems: string[] = [];
				const p = pool({ worker, onProblem: (w) => problems.push(w) });
				const log = forge(await writeLog(300), 120, 200);
				const verdicts = summary(await verifyLog(log, { batchVerifier: p }));
				expect(verdicts).toEqual(summary(await verifyLog(log, { backend: nodeBackend })));
				expect(verdicts[120]).toMatch(/^signature:/);
				expect(p.broken).toMatch(why);
				expect(problems).toEqual([p.broken]);
				expect(p.chunksInWorkers).toBe(0);
				// Later batches are verified here too.
				expect(summary(await verifyLog(log, { batchVerifier: p }))).toEqual(verdicts);
			}
		);
	});
});
