import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateIdentity, newDeviceId, parseIdentityFile } from '../lib/core/identity/identity.js';
import { FileIdentityStore, Home, HomeError, resolveHome, writeFileAtomic } from './home.js';

let tmp: string;
beforeEach(async () => {
	tmp = await mkdtemp(join(tmpdir(), 'festival-home-'));
});
afterEach(async () => {
	await rm(tmp, { recursive: true, force: true });
});

describe('resolveHome', () => {
	it('prefers --home, then FESTIVAL_HOME, then ~/.festival', () => {
		const env = { FESTIVAL_HOME: '/srv/fest', HOME: '/home/ada' };
		expect(resolveHome({ home: 'rel/dir', env, cwd: '/projects/x' })).toBe('/projects/x/rel/dir');
		expect(resolveHome({ env, cwd: '/w' })).toBe('/srv/fest');
		expect(resolveHome({ env: { FESTIVAL_HOME: 'h' }, cwd: '/w' })).toBe('/w/h');
		expect(resolveHome({ env: { HOME: '/home/ada' }, cwd: '/w' })).toBe('/home/ada/.festival');
		expect(resolveHome({ home: '', env: { HOME: '/home/ada' }, cwd: '/w' })).toBe(
			'/home/ada/.festival'
		);
	});
});

describe('FileIdentityStore', () => {
	it('is empty at first', async () => {
		expect(await new FileIdentityStore(join(tmp, 'h')).load()).toBeUndefined();
	});

	it('round-trips an identity and device id; folder 0700, file 0600, no temp files left', async () => {
		const dir = join(tmp, 'nested', 'home');
		const store = new FileIdentityStore(dir);
		const identity = await generateIdentity('Ada');
		const device = newDeviceId();
		await store.save({ identity, device });
		const back = await new FileIdentityStore(dir).load();
		expect(back?.device).toBe(device);
		expect(back?.identity.author).toBe(identity.author);
		expect(back?.identity.secretKey).toEqual(identity.secretKey);
		expect(back?.identity.name).toBe('Ada');
		expect((await stat(dir)).mode & 0o777).toBe(0o700);
		expect((await stat(store.path)).mode & 0o777).toBe(0o600);
		expect(await readdir(dir)).toEqual(['identity.json']);
		// The file is the identity file form plus the device: it parses as an identity file too.
		const text = await readFile(store.path, 'utf8');
		expect(JSON.parse(text)).toMatchObject({
			kind: 'festival-identity',
			version: 1,
			public: identity.author,
			device
		});
		expect((await parseIdentityFile(text)).ok).toBe(true);
	});

	it('overwrites atomically', async () => {
		const store = new FileIdentityStore(tmp);
		await store.save({ identity: await generateIdentity(), device: newDeviceId() });
		const second = { identity: await generateIdentity('B'), device: newDeviceId() };
		await store.save(second);
		expect((await store.load())?.identity.author).toBe(second.identity.author);
		expect(await readdir(tmp)).toEqual(['identity.json']);
		expect((await stat(store.path)).mode & 0o777).toBe(0o600);
	});

	for (const [what, content, reason] of [
		['not JSON', '{"kind": "festival-ident', /not valid JSON/],
		[
			'without a device id',
			'{"kind":"festival-identity","version":1,"secret":"' + '1'.repeat(64) + '"}',
			/device id/
		],
		[
			'with a bad secret',
			'{"kind":"festival-identity","version":1,"secret":"xyz","device":"' + 'a'.repeat(32) + '"}',
			/secret/
		],
		['of another kind', '{"kind":"other","device":"' + 'a'.repeat(32) + '"}', /festival-identity/],
		['null', 'null', /device id/]
	] as const) {
		it(`reports a damaged identity.json (${what}) as a HomeError naming the file`, async () => {
			const store = new FileIdentityStore(tmp);
			await writeFile(store.path, content);
			const e = await store.load().then(
				() => undefined,
				(x: unknown) => x
			);
			expect(e).toBeInstanceOf(HomeError);
			expect((e as Error).message).toContain(store.path);
			expect((e as Error).message).toMatch(reason);
		});
	}

	it('reports an unreadable identity.json as a HomeError', async () => {
		const store = new FileIdentityStore(tmp);
		await writeFile(store.path, '{}');
		await rm(store.path);
		await (await import('node:fs/promises')).mkdir(store.path);
		await expect(store.load()).rejects.toThrow(/cannot read .*identity\.json: it is a folder/);
	});
});

describe('writeFileAtomic', () => {
	it('reports a missing folder as a HomeError and leaves no temp file', async () => {
		await expect(writeFileAtomic(join(tmp, 'missing', 'x'), 'data')).rejects.toThrow(HomeError);
		await expect(writeFileAtomic(join(tmp, 'missing', 'x'), 'data')).rejects.toThrow(
			/no such file or directory/
		);
		expect(await readdir(tmp)).toEqual([]);
	});
});

describe('Home', () => {
	it('locates itself and opens its data storage under the home folder', async () => {
		const home = Home.locate({ env: { FESTIVAL_HOME: join(tmp, 'fh') }, cwd: '/' });
		expect(home.dir).toBe(join(tmp, 'fh'));
		const storage = await home.storage();
		await storage.save(['abcdef', 'x'], Uint8Array.of(1));
		expect(await readdir(join(tmp, 'fh', 'data'))).toEqual(['ab']);
	});
});
