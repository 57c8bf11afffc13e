/**
 * `festival log verify` against p2panda-js on p2panda's own logs: a log of entries written by
 * p2panda-js (bamboo with YASMF BLAKE3 hashes, its CBOR operations as payloads), one
 * `ENTRY_HEX OPERATION_HEX` line per entry, verified by the built CLI (`bin/festival.js log
 * verify FILE --hash yasmf`) in a Node process, beside p2panda-js verifying the same file in a
 * Node process of its own (bench/p2panda-verify.mjs: decodeEntry, which checks the signature,
 * then the payload's size and hash and both links, the checks we make). Both times are of the
 * whole process, start-up included. The CLI is built (dist/node) when the suite is prepared.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { encodeOperation, generateHash, KeyPair, signAndEncodeEntry } from 'p2panda-js';
import { lipmaa } from '../src/lib/core/log/lipmaa.js';
import { time, type Sample, type Suite } from './figure.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const SCHEMA = 'talks_0020c9db3376fa753b041e199ebfe1c0e6dfb50ca7924c7eedfdd35f141ac8d1207c';

/**
 * `n` entries of one p2panda-js log (log id 0), as the lines `festival log verify` reads: each
 * entry with its operation, a talk of a festival programme, backlinks and skiplinks as
 * p2panda-js asks for them (hashes of the entries they name).
 */
export function p2pandaLog(n: number): string[] {
	const keyPair = new KeyPair();
	const hashes: string[] = [];
	const lines: string[] = [];
	for (let seq = 1; seq <= n; seq++) {
		const operation = encodeOperation({
			schemaId: SCHEMA,
			fields: { title: `Talk ${seq}`, room: `Hall ${seq % 7}`, minutes: 30 + (seq % 4) * 15 }
		});
		const skip = lipmaa(seq);
		const entry = signAndEncodeEntry(
			{
				logId: 0,
				seqNum: seq,
				operation,
				...(seq > 1 ? { backlink: hashes[seq - 2]! } : {}),
				...(seq > 1 && skip !== seq - 1 ? { skiplink: hashes[skip - 1]! } : {})
			},
			keyPair
		);
		hashes.push(generateHash(entry));
		lines.push(`${entry} ${operation}`);
	}
	return lines;
}

const count = (n: number) => n.toLocaleString('en');

export const p2pandaSuite: Suite = {
	name: 'p2panda',
	async prepare(o) {
		const n = o.quick ? 2_000 : 20_000;
		process.stderr.write('  building the CLI (dist/node)...\n');
		await run(
			process.execPath,
			[join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.node.config.ts'],
			{ cwd: root }
		);
		process.stderr.write(`  writing ${count(n)} entries with p2panda-js...\n`);
		const dir = mkdtempSync(join(tmpdir(), 'festival-bench-p2panda-'));
		const file = join(dir, 'p2panda.log');
		writeFileSync(file, p2pandaLog(n).join('\n') + '\n');
		const big = { cwd: root, maxBuffer: 256 << 20 };
		const ours = async () => {
			const { stdout } = await run(
				process.execPath,
				[join(root, 'bin/festival.js'), 'log', 'verify', file, '--hash', 'yasmf'],
				big
			);
			const lines = stdout.trim().split('\n');
			if (lines.length !== n || !lines.every((l) => l.startsWith('ok seq ')))
				throw new Error('festival log verify did not accept the p2panda-js log');
		};
		const theirs = async () => {
			const script = join(root, 'bench/p2panda-verify.mjs');
			const { stdout } = await run(process.execPath, [script, file], big);
			if (stdout.trim() !== String(n)) throw new Error('p2panda-js did not verify its log');
		};
		let turn = 0;
		return {
			async run(): Promise<Sample[]> {
				// Each goes first every other run: neither always finds a warmer disk cache.
				const first = turn++ % 2 === 0;
				const a = await time(first ? ours : theirs);
				const b = await time(first ? theirs : ours);
				const [oursMs, theirsMs] = first ? [a, b] : [b, a];
				const value = Math.round((n / oursMs) * 1000);
				const baseline = Math.round((n / theirsMs) * 1000);
				return [
					{
						name: `festival log verify of ${count(n)} entries written by p2panda-js (CLI process, start-up included; baseline p2panda-js decodeEntry + payload and link hashes in a Node process)`,
						value,
						unit: 'entries/s',
						baseline,
						ratio: value / baseline,
						target: '>= 2 of p2panda-js (a process each, start-up included)',
						checks: [{ of: 'ratio', op: '>=', limit: 2 }]
					}
				];
			},
			async close() {
				rmSync(dir, { recursive: true, force: true });
			}
		};
	}
};
