import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toHex } from '../../lib/core/bytes.js';
import { lipmaa, signEntry, type Entry } from '../../lib/core/log/index.js';
import { nodeBackend } from '../crypto/ed25519-node.js';
import { parseLogFile } from './commands/log.js';
import { runCli } from './test-io.js';

// The published bamboo vectors (tests/fixtures/bamboo/README.md: source and licence).
const dir = new URL('../../../tests/fixtures/bamboo/', import.meta.url);
const read = (f: string) => JSON.parse(readFileSync(new URL(f, dir), 'utf8'));

interface VectorEntry {
	encoded: string;
	payload?: string;
	decoded: {
		seqNum: number;
		author: string;
		logId: number;
		payloadSize: number;
		sig: string;
		isEndOfFeed: boolean;
	};
}
interface Vectors {
	validFirstEntry: VectorEntry;
	fiveValidEntries: { entries: VectorEntry[] };
	valid_partial_replicated_seq_100: { entries: VectorEntry[] };
}

const suites = [
	['yamf', read('blake2b-yamf.json') as Vectors],
	['yasmf', read('blake3-yasmf.json') as Vectors]
] as const;

const lineOf = (e: VectorEntry) => (e.payload ? `${e.encoded} ${e.payload}` : e.encoded);

let tmp: string;
beforeEach(async () => {
	tmp = await mkdtemp(join(tmpdir(), 'festival-cli-log-'));
});
afterEach(async () => {
	await rm(tmp, { recursive: true, force: true });
});

async function logFile(lines: string[]): Promise<string> {
	const f = join(tmp, 'log.txt');
	await writeFile(f, lines.join('\n') + '\n');
	return f;
}

/** Flips one bit of the hex byte at `index` (negative: from the end). */
function flip(hex: string, index: number): string {
	const i = index < 0 ? hex.length / 2 + index : index;
	const b = (parseInt(hex.slice(2 * i, 2 * i + 2), 16) ^ 1).toString(16).padStart(2, '0');
	return hex.slice(0, 2 * i) + b + hex.slice(2 * i + 2);
}

describe('log decode', () => {
	for (const [hash, v] of suites) {
		it(`prints the fields of the published first entry (${hash})`, async () => {
			const e = v.validFirstEntry;
			const r = await runCli(['log', 'decode', e.encoded, '--hash', hash]);
			expect(r).toMatchObject({ code: 0, stderr: '' });
			const json = JSON.parse(r.stdout);
			expect(json).toMatchObject({
				hash,
				endOfLog: false,
				author: e.decoded.author,
				logId: String(e.decoded.logId),
				seqNum: 1,
				lipmaaLink: null,
				backlink: null,
				payloadSize: e.decoded.payloadSize,
				signature: e.decoded.sig,
				signatureValid: true
			});
			expect(json.entryHash).toMatch(
				hash === 'yamf' ? /^0040[0-9a-f]{128}$/ : /^0020[0-9a-f]{64}$/
			);
		});
	}

	it('shows links of a later entry, and a bad signature as signatureValid false', async () => {
		const e = suites[0][1].fiveValidEntries.entries[3]!;
		const json = JSON.parse((await runCli(['log', 'decode', e.encoded])).stdout);
		expect(json.seqNum).toBe(4);
		expect(json.lipmaaLink).toMatch(/^0040/);
		expect(json.backlink).toMatch(/^0040/);
		const bad = JSON.parse((await runCli(['log', 'decode', flip(e.encoded, -1)])).stdout);
		expect(bad.signatureValid).toBe(false);
	});

	it('reads the entry from stdin with -', async () => {
		const e = suites[0][1].validFirstEntry;
		const r = await runCli(['log', 'decode', '-'], { stdin: e.encoded + '\n' });
		expect(JSON.parse(r.stdout).seqNum).toBe(1);
	});

	it('explains entries that do not decode, with exit code 1', async () => {
		const yasmf = suites[1][1].fiveValidEntries.entries[1]!.encoded;
		const wrongSuite = await runCli(['log', 'decode', yasmf]);
		expect(wrongSuite).toMatchObject({ code: 1, stdout: '' });
		expect(wrongSuite.stderr).toMatch(
			/^festival: cannot decode the entry \(yamf\): the backlink is not a YAMF hash/
		);
		const truncated = await runCli([
			'log',
			'decode',
			suites[0][1].validFirstEntry.encoded.slice(0, 100)
		]);
		expect(truncated.stderr).toMatch(/cannot decode the entry \(yamf\): ends inside/);
		const notHex = await runCli(['log', 'decode', '00zz']);
		expect(notHex).toMatchObject({
			code: 1,
			stderr: 'festival: the entry is not hex: "z" at position 3\n'
		});
		expect((await runCli(['log', 'decode', 'abc'])).stderr).toMatch(/odd number of digits/);
		expect((await runCli(['log', 'decode', ''])).stderr).toMatch(/the entry is empty/);
	});

	it('rejects an unknown hash suite and a missing HEX as usage errors', async () => {
		const r = await runCli(['log', 'decode', '00', '--hash', 'sha256']);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(
			/--hash is yamf or yasmf, not "sha256"\nusage: festival \[--home DIR\] log decode HEX/
		);
		expect((await runCli(['log', 'decode'])).stderr).toMatch(/missing HEX/);
	});
});

describe('log verify', () => {
	for (const [hash, v] of suites) {
		it(`accepts the published five entries with payloads, comments and blank lines (${hash})`, async () => {
			const f = await logFile([
				'# the bamboo vectors',
				'',
				...v.fiveValidEntries.entries.map((e) => `  ${lineOf(e)}  # seq ${e.decoded.seqNum}`),
				'   '
			]);
			const r = await runCli(['log', 'verify', f, '--hash', hash]);
			expect(r).toEqual({
				code: 0,
				stdout: 'ok seq 1\nok seq 2\nok seq 3\nok seq 4\n',
				stderr: ''
			});
		});

		it(`accepts the partial log whose certificate pool covers its gaps (${hash})`, async () => {
			const f = await logFile(v.valid_partial_replicated_seq_100.entries.map(lineOf));
			const r = await runCli(['log', 'verify', f, '--hash', hash]);
			expect(r.code).toBe(0);
			expect(r.stdout.trim().split('\n')).toEqual(
				[1, 4, 13, 40, 80, 93, 97, 98, 99, 100].map((n) => `ok seq ${n}`)
			);
		});

		it(`names the entry whose certificate pool has a hole (${hash})`, async () => {
			const f = await logFile(
				v.valid_partial_replicated_seq_100.entries
					.filter((e) => e.decoded.seqNum !== 40)
					.map(lineOf)
			);
			const r = await runCli(['log', 'verify', f, '--hash', hash]);
			expect(r.code).toBe(1);
			expect(r.stdout).toMatch(
				/^ok seq 1\nok seq 4\nok seq 13\nINVALID line 4 \(seq 80\): entry 80 links to entry 40, which is not held/
			);
			expect(r.stderr).toMatch(/the first is line 4 \(seq 80\): entry 80 links to entry 40/);
		});
	}

	it('names the first tampered entry by line and seq', async () => {
		const [e1, e2, e3, e4] = suites[0][1].fiveValidEntries.entries as [
			VectorEntry,
			VectorEntry,
			VectorEntry,
			VectorEntry
		];
		const f = await logFile([
			'# header',
			lineOf(e1),
			lineOf(e2),
			`${flip(e3.encoded, -5)} ${e3.payload}`,
			lineOf(e4)
		]);
		const r = await runCli(['log', 'verify', f]);
		expect(r.code).toBe(1);
		expect(r.stdout.split('\n')[2]).toBe(
			"INVALID line 4 (seq 3): the signature does not verify with the author's key"
		);
		expect(r.stderr).toBe(
			`festival: ${f}: 1 of 4 entries invalid; the first is line 4 (seq 3): the signature does not verify with the author's key\n`
		);
	});

	it('verifies a long log on worker threads, naming a forgery in the middle', async () => {
		const secretKey = new Uint8Array(32).fill(5);
		const signer = { publicKey: await nodeBackend.publicKey(secretKey), secretKey };
		const log: Entry[] = [];
		const lines: string[] = [];
		for (let n = 1; n <= 400; n++) {
			const payload = new TextEncoder().encode(`payload ${n}`);
			log.push(
				await signEntry(signer, {
					logId: 0n,
					seqNum: n,
					payload,
					...(n > 1 ? { previous: log[n - 2]!.bytes } : {}),
					...(n > 1 && lipmaa(n) !== n - 1 ? { lipmaaEntry: log[lipmaa(n) - 1]!.bytes } : {})
				})
			);
			const line = `${toHex(log[n - 1]!.bytes)} ${toHex(payload)}`;
			lines.push(n === 250 ? flip(line.split(' ')[0]!, -5) + ' ' + toHex(payload) : line);
		}
		const r = await runCli(['log', 'verify', await logFile(lines)]);
		expect(r.code).toBe(1);
		const out = r.stdout.trim().split('\n');
		expect(out).toHaveLength(400);
		expect(out.slice(0, 249).every((l, i) => l === `ok seq ${i + 1}`)).toBe(true);
		expect(out[249]).toBe(
			"INVALID line 250 (seq 250): the signature does not verify with the author's key"
		);
		expect(r.stderr).toMatch(/the first is line 250 \(seq 250\)/);
	});

	it('checks payloads against the entry', async () => {
		const [e1] = suites[0][1].fiveValidEntries.entries as [VectorEntry];
		const f = await logFile([`${e1.encoded} ${flip(e1.payload!, 0)}`]);
		const r = await runCli(['log', 'verify', f]);
		expect(r.stdout).toBe(
			"INVALID line 1 (seq 1): the payload does not match the entry's payload hash\n"
		);
	});

	it('reports malformed lines and entries of the wrong suite', async () => {
		const v = suites[0][1].fiveValidEntries.entries;
		const f = await logFile([
			lineOf(v[0]!),
			'not-hex-at-all',
			`${v[1]!.encoded} xyz`,
			'aa bb cc',
			suites[1][1].validFirstEntry.encoded.slice(0, 70) + '00'
		]);
		const r = await runCli(['log', 'verify', f]);
		expect(r.code).toBe(1);
		expect(r.stdout.trim().split('\n')).toEqual([
			'ok seq 1',
			'INVALID line 2: the entry is not hex',
			'INVALID line 3: the payload is not hex',
			'INVALID line 4: expected ENTRY_HEX [PAYLOAD_HEX], found 3 fields',
			expect.stringMatching(/^INVALID line 5 \(seq 1\): ends inside/)
		]);
		expect(r.stderr).toMatch(/4 of 5 entries invalid; the first is line 2: the entry is not hex/);
	});

	it('refuses the YASMF vectors as YAMF', async () => {
		const f = await logFile(suites[1][1].fiveValidEntries.entries.map(lineOf));
		const r = await runCli(['log', 'verify', f]);
		expect(r.code).toBe(1);
		expect(r.stdout.split('\n')[0]).toBe(
			'INVALID line 1 (seq 1): the payload hash is not a YAMF hash (expected prefix 00 40)'
		);
	});

	it('reports a missing file, an empty file, and reads stdin with -', async () => {
		const missing = await runCli(['log', 'verify', 'nope.txt'], { cwd: tmp });
		expect(missing).toEqual({
			code: 1,
			stdout: '',
			stderr: 'festival: cannot read nope.txt: no such file or directory\n'
		});
		const empty = await logFile(['# nothing', '']);
		expect((await runCli(['log', 'verify', empty])).stderr).toMatch(/holds no entries/);
		const lines = suites[0][1].fiveValidEntries.entries.map(lineOf).join('\n');
		expect((await runCli(['log', 'verify', '-'], { stdin: lines })).code).toBe(0);
	});

	it('parses log files line by line', () => {
		expect(parseLogFile('\n# c\n00ff  aa # note\r\nzz\n')).toEqual([
			{ line: 3, bytes: Uint8Array.of(0, 255), payload: Uint8Array.of(170) },
			{ line: 4, problem: 'the entry is not hex' }
		]);
	});
});
