/**
 * `festival log verify --hash yasmf` on a log written by p2panda-js (tests/fixtures/p2panda):
 * accepted as it is, and every way of spoiling it named by its line, the rest still verified.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeEntry, generateHash } from 'p2panda-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './test-io.js';

const fixture = new URL('../../../tests/fixtures/p2panda/log-40.txt', import.meta.url);
const text = readFileSync(fixture, 'utf8');
const all = text.split('\n');
/** The entry lines, and the file's line number of each (two comment lines come first). */
const entries = all.filter((l) => l !== '' && !l.startsWith('#'));
const lineOf = (seq: number) => all.indexOf(entries[seq - 1]!) + 1;

let tmp: string;
beforeEach(async () => {
	tmp = await mkdtemp(join(tmpdir(), 'festival-cli-p2panda-'));
});
afterEach(async () => {
	await rm(tmp, { recursive: true, force: true });
});

async function verify(content: string, ...flags: string[]) {
	const f = join(tmp, 'log.txt');
	await writeFile(f, content);
	return runCli(['log', 'verify', f, ...(flags.length ? flags : ['--hash', 'yasmf'])]);
}

/** `content` with entry `seq`'s line changed by `edit`. */
function spoil(seq: number, edit: (entry: string, operation: string) => string): string {
	const [entry, operation] = entries[seq - 1]!.split(' ') as [string, string];
	return text.replace(entries[seq - 1]!, edit(entry, operation));
}

/** Flips the lowest bit of the hex byte at `index` (negative: from the end). */
function flip(hex: string, index: number): string {
	const i = index < 0 ? hex.length / 2 + index : index;
	const b = (parseInt(hex.slice(2 * i, 2 * i + 2), 16) ^ 1).toString(16).padStart(2, '0');
	return hex.slice(0, 2 * i) + b + hex.slice(2 * i + 2);
}

describe('festival log verify on a p2panda-js log', () => {
	it('is a log p2panda-js reads as its own', () => {
		expect(entries).toHaveLength(40);
		for (const [i, line] of entries.entries()) {
			const [entry, operation] = line.split(' ') as [string, string];
			const e = decodeEntry(entry);
			expect(e.seqNum).toBe(BigInt(i + 1));
			expect(e.payloadHash).toBe(generateHash(operation));
		}
	});

	it('accepts it with --hash yasmf, every entry', async () => {
		const r = await verify(text);
		expect(r.code).toBe(0);
		expect(r.stdout.trim().split('\n')).toEqual(entries.map((_, i) => `ok seq ${i + 1}`));
	});

	it('refuses it as YAMF, saying which hash it expected', async () => {
		const r = await verify(text, '--hash', 'yamf');
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/40 of 40 entries invalid; the first is line 3 \(seq 1\): .*YAMF/);
	});

	it('names a forged signature mid-file by its line and seq, and verifies the rest', async () => {
		const r = await verify(spoil(10, (e, op) => `${flip(e, -20)} ${op}`));
		expect(r.code).toBe(1);
		const out = r.stdout.trim().split('\n');
		expect(out).toHaveLength(40);
		expect(out.slice(0, 9).every((l) => l.startsWith('ok seq'))).toBe(true);
		expect(out[9]).toBe(
			`INVALID line ${lineOf(10)} (seq 10): the signature does not verify with the author's key`
		);
		// Entry 11 links to the refused entry 10; entry 13's skiplink names entry 4, held.
		expect(out[10]).toMatch(/^INVALID line \d+ \(seq 11\): .*not held/);
		expect(r.stderr).toMatch(new RegExp(`the first is line ${lineOf(10)} \\(seq 10\\)`));
	});

	it('names a changed operation by the payload hash', async () => {
		const r = await verify(spoil(5, (e, op) => `${e} ${flip(op, 8)}`));
		expect(r.stdout.split('\n')[4]).toBe(
			`INVALID line ${lineOf(5)} (seq 5): the payload does not match the entry's payload hash`
		);
	});

	it('names the last line of a truncated file, the entries before it verified', async () => {
		for (const cut of [7, 100, 201]) {
			const r = await verify(text.slice(0, text.length - cut));
			const out = r.stdout.trim().split('\n');
			expect(r.code).toBe(1);
			expect(out.slice(0, 39).every((l) => l.startsWith('ok seq'))).toBe(true);
			expect(out[39]).toMatch(new RegExp(`^INVALID line ${lineOf(40)}\\b`));
		}
	});

	it('names garbage mid-file by its line and goes on', async () => {
		const r = await verify(spoil(20, () => 'zz' + entries[19]!.slice(2)));
		const out = r.stdout.trim().split('\n');
		expect(out).toHaveLength(40);
		expect(out[19]).toBe(`INVALID line ${lineOf(20)}: the entry is not hex`);
		expect(out[18]).toBe('ok seq 19');
	});
});
