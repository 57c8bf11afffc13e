import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { identityToText, parseIdentityFile } from '../../lib/core/identity/identity.js';
import { runCli } from './test-io.js';

let tmp: string;
let a: string;
let b: string;
beforeEach(async () => {
	tmp = await mkdtemp(join(tmpdir(), 'festival-cli-id-'));
	a = join(tmp, 'a');
	b = join(tmp, 'b');
});
afterEach(async () => {
	await rm(tmp, { recursive: true, force: true });
});

const HEX64 = /^[0-9a-f]{64}\n$/;

describe('id new / show', () => {
	it('creates an identity, prints its public key, and shows it again', async () => {
		const made = await runCli(['--home', a, 'id', 'new', '--name', 'Ada']);
		expect(made).toMatchObject({ code: 0, stderr: '' });
		expect(made.stdout).toMatch(HEX64);
		expect((await runCli(['--home', a, 'id', 'show'])).stdout).toBe(made.stdout);
		const json = JSON.parse((await runCli(['id', 'show', '--json', '--home', a])).stdout);
		expect(json).toEqual({
			public: made.stdout.trim(),
			name: 'Ada',
			note: null,
			contact: null,
			device: expect.stringMatching(/^[0-9a-f]{32}$/)
		});
		expect((await stat(join(a, 'identity.json'))).mode & 0o777).toBe(0o600);
	});

	it('finds the home through FESTIVAL_HOME, relative to the working directory', async () => {
		const made = await runCli(['id', 'new'], { env: { FESTIVAL_HOME: 'h' }, cwd: tmp });
		expect(made.code).toBe(0);
		expect((await runCli(['--home', join(tmp, 'h'), 'id', 'show'])).stdout).toBe(made.stdout);
		const json = JSON.parse(
			(await runCli(['--home=h', 'id', 'show', '--json'], { cwd: tmp })).stdout
		);
		expect(json.name).toBeNull();
	});

	it('refuses to replace an identity without --force, and keeps the device id with it', async () => {
		const first = await runCli(['--home', a, 'id', 'new']);
		const device = JSON.parse((await runCli(['--home', a, 'id', 'show', '--json'])).stdout).device;
		const again = await runCli(['--home', a, 'id', 'new']);
		expect(again.code).toBe(1);
		expect(again.stdout).toBe('');
		expect(again.stderr).toMatch(/already has an identity .*--force/);
		expect((await runCli(['--home', a, 'id', 'show'])).stdout).toBe(first.stdout);
		const forced = await runCli(['--home', a, 'id', 'new', '--force']);
		expect(forced.code).toBe(0);
		expect(forced.stdout).not.toBe(first.stdout);
		expect(JSON.parse((await runCli(['--home', a, 'id', 'show', '--json'])).stdout).device).toBe(
			device
		);
	});

	it('says how to create an identity when there is none', async () => {
		const r = await runCli(['--home', a, 'id', 'show']);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/no identity in .*festival id new/);
	});

	it('reports a damaged identity.json in one line, and --force replaces it keeping the device id', async () => {
		await runCli(['--home', a, 'id', 'new']);
		const file = join(a, 'identity.json');
		const device = JSON.parse(await readFile(file, 'utf8')).device;
		await writeFile(
			file,
			JSON.stringify({ kind: 'festival-identity', version: 1, secret: 'zz', device })
		);
		const r = await runCli(['--home', a, 'id', 'show']);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(
			/^festival: .*identity\.json is damaged \(secret must be 64 hex characters\)/
		);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect((await runCli(['--home', a, 'id', 'new'])).code).toBe(1);
		expect((await runCli(['--home', a, 'id', 'new', '--force'])).code).toBe(0);
		expect(JSON.parse((await runCli(['--home', a, 'id', 'show', '--json'])).stdout).device).toBe(
			device
		);
	});
});

describe('id export / import', () => {
	it('moves a key to a second home: same public key, a different device id', async () => {
		const pub = (await runCli(['--home', a, 'id', 'new', '--name', 'Ada'])).stdout;
		const exported = join(tmp, 'key.json');
		expect(await runCli(['--home', a, 'id', 'export', exported])).toEqual({
			code: 0,
			stdout: '',
			stderr: ''
		});
		expect((await stat(exported)).mode & 0o777).toBe(0o600);
		const text = await readFile(exported, 'utf8');
		expect(text).not.toMatch(/device/);
		expect((await parseIdentityFile(text)).ok).toBe(true);

		const imported = await runCli(['--home', b, 'id', 'import', exported]);
		expect(imported).toMatchObject({ code: 0, stdout: pub, stderr: '' });
		const ja = JSON.parse((await runCli(['--home', a, 'id', 'show', '--json'])).stdout);
		const jb = JSON.parse((await runCli(['--home', b, 'id', 'show', '--json'])).stdout);
		expect(jb.public).toBe(ja.public);
		expect(jb.name).toBe('Ada');
		expect(jb.device).not.toBe(ja.device);
		expect((await stat(join(b, 'identity.json'))).mode & 0o777).toBe(0o600);
	});

	it('exports to stdout with -, and imports from stdin with -', async () => {
		const pub = (await runCli(['--home', a, 'id', 'new'])).stdout;
		const out = await runCli(['--home', a, 'id', 'export', '-']);
		expect(JSON.parse(out.stdout)).toMatchObject({ kind: 'festival-identity', public: pub.trim() });
		expect((await runCli(['--home', b, 'id', 'import', '-'], { stdin: out.stdout })).stdout).toBe(
			pub
		);
	});

	it("imports the key text form, and another home's identity.json without taking its device id", async () => {
		const pub = (await runCli(['--home', a, 'id', 'new'])).stdout.trim();
		const parsed = await parseIdentityFile(await readFile(join(a, 'identity.json'), 'utf8'));
		if (!parsed.ok) throw new Error('unreadable');
		const keyText = join(tmp, 'key.txt');
		await writeFile(keyText, identityToText(parsed.value) + '\n');
		expect(
			(await runCli(['--home', b, 'id', 'import', keyText, '--name', 'Bea'])).stdout.trim()
		).toBe(pub);
		expect(JSON.parse((await runCli(['--home', b, 'id', 'show', '--json'])).stdout).name).toBe(
			'Bea'
		);
		const c = join(tmp, 'c');
		expect((await runCli(['--home', c, 'id', 'import', join(a, 'identity.json')])).code).toBe(0);
		const dev = async (h: string) =>
			JSON.parse((await runCli(['--home', h, 'id', 'show', '--json'])).stdout).device;
		expect(await dev(c)).not.toBe(await dev(a));
	});

	it('re-importing the same key keeps the device id; another key needs --force', async () => {
		await runCli(['--home', a, 'id', 'new']);
		await runCli(['--home', a, 'id', 'export', join(tmp, 'a.json')]);
		await runCli(['--home', b, 'id', 'new']);
		await runCli(['--home', b, 'id', 'export', join(tmp, 'b.json')]);
		const before = JSON.parse((await runCli(['--home', b, 'id', 'show', '--json'])).stdout);
		expect((await runCli(['--home', b, 'id', 'import', join(tmp, 'b.json')])).code).toBe(0);
		const refused = await runCli(['--home', b, 'id', 'import', join(tmp, 'a.json')]);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/already has another identity/);
		expect((await runCli(['--home', b, 'id', 'import', join(tmp, 'a.json'), '--force'])).code).toBe(
			0
		);
		const after = JSON.parse((await runCli(['--home', b, 'id', 'show', '--json'])).stdout);
		expect(after.public).not.toBe(before.public);
		expect(after.device).toBe(before.device);
	});

	it('refuses to overwrite an export file without --force', async () => {
		await runCli(['--home', a, 'id', 'new']);
		const f = join(tmp, 'k.json');
		await writeFile(f, 'precious');
		const r = await runCli(['--home', a, 'id', 'export', f]);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/already exists.*--force/);
		expect(await readFile(f, 'utf8')).toBe('precious');
		expect((await runCli(['--home', a, 'id', 'export', f, '--force'])).code).toBe(0);
		expect((await readFile(f, 'utf8')).startsWith('{')).toBe(true);
	});

	it('reports bad import files and export without an identity', async () => {
		const missing = await runCli(['--home', a, 'id', 'import', join(tmp, 'nope.json')]);
		expect(missing).toMatchObject({ code: 1, stdout: '' });
		expect(missing.stderr).toMatch(/cannot read .*nope\.json: no such file or directory/);
		const junk = join(tmp, 'junk');
		await writeFile(junk, 'festival-key-1:' + 'ab'.repeat(32) + ':00000000');
		const bad = await runCli(['--home', a, 'id', 'import', junk]);
		expect(bad.code).toBe(1);
		expect(bad.stderr).toMatch(/is not an identity: the checksum does not match/);
		expect((await runCli(['--home', a, 'id', 'export', join(tmp, 'x')])).stderr).toMatch(
			/no identity/
		);
		expect((await runCli(['--home', a, 'id', 'export'])).code).toBe(2);
	});
});
