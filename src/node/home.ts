/**
 * The Node home folder: where the CLI and the headless peer keep the identity and data.
 *
 * - Location: `--home DIR`, else `FESTIVAL_HOME`, else `~/.festival`.
 * - `identity.json`: the identity's file form (see `identityToFile`) plus this home's device
 *   id, mode 0600, written atomically (temp file, fsync, rename). The folder is created 0700.
 * - `data/`: an automerge-repo NodeFS storage adapter (entries, snapshots).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import {
	type DeviceId,
	type DeviceIdentity,
	type IdentityStore,
	identityToFile,
	parseIdentityFile
} from '../lib/core/index.js';

/** A problem with the home folder a person can act on (printed without a stack trace). */
export class HomeError extends Error {
	override readonly name = 'HomeError';
}

/** Where to look for the home folder. */
export interface HomeLocation {
	/** The `--home` option, if given. */
	readonly home?: string | undefined;
	readonly env: Readonly<Record<string, string | undefined>>;
	/** Relative paths resolve against this. */
	readonly cwd: string;
}

/** The home folder: `--home`, else `FESTIVAL_HOME`, else `.festival` in the user's home. */
export function resolveHome(loc: HomeLocation): string {
	const chosen = loc.home || loc.env.FESTIVAL_HOME;
	if (chosen) return resolve(loc.cwd, chosen);
	return join(loc.env.HOME || loc.env.USERPROFILE || homedir(), '.festival');
}

/** Creates the folder (mode 0700) if it is missing; an existing folder is left as it is. */
export async function ensureDir(dir: string): Promise<void> {
	try {
		const made = await mkdir(dir, { recursive: true, mode: 0o700 });
		if (made !== undefined) await chmod(dir, 0o700);
	} catch (e) {
		throw new HomeError(`cannot create the folder ${dir}: ${describeFsError(e)}`);
	}
}

/**
 * Writes a file atomically: a temp file beside it (created with `mode`), fsync, then rename
 * over the target. Readers see the old file or the new one, never half of one.
 */
export async function writeFileAtomic(
	path: string,
	data: string | Uint8Array,
	mode = 0o600
): Promise<void> {
	const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
	try {
		const fh = await open(tmp, 'wx', mode);
		try {
			await fh.writeFile(data);
			await fh.chmod(mode);
			await fh.sync();
		} finally {
			await fh.close();
		}
		await rename(tmp, path);
	} catch (e) {
		await rm(tmp, { force: true }).catch(() => undefined);
		throw new HomeError(`cannot write ${path}: ${describeFsError(e)}`);
	}
}

/** A short reason for a file-system error (`no such file or directory`, ...). */
export function describeFsError(e: unknown): string {
	const code = (e as { code?: unknown } | null)?.code;
	const known: Record<string, string> = {
		ENOENT: 'no such file or directory',
		EACCES: 'permission denied',
		EPERM: 'operation not permitted',
		EEXIST: 'it already exists',
		EISDIR: 'it is a folder',
		ENOTDIR: 'a part of the path is not a folder',
		ENOSPC: 'no space left on the device',
		EROFS: 'read-only file system'
	};
	if (typeof code === 'string' && known[code]) return known[code];
	return e instanceof Error ? e.message : String(e);
}

/** The device identity kept in `identity.json` in a home folder. */
export class FileIdentityStore implements IdentityStore {
	/** Path of `identity.json`. */
	readonly path: string;

	constructor(readonly dir: string) {
		this.path = join(dir, 'identity.json');
	}

	/** The stored identity, or undefined when there is none. Throws {@link HomeError} if it is unreadable. */
	async load(): Promise<DeviceIdentity | undefined> {
		let text: string;
		try {
			text = await readFile(this.path, 'utf8');
		} catch (e) {
			if ((e as { code?: unknown }).code === 'ENOENT') return undefined;
			throw new HomeError(`cannot read ${this.path}: ${describeFsError(e)}`);
		}
		const corrupt = (why: string) =>
			new HomeError(
				`${this.path} is damaged (${why}); restore it from an exported key, or move it away and run "festival id import FILE"`
			);
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			throw corrupt('not valid JSON');
		}
		const device = (json as { device?: unknown } | null)?.device;
		if (typeof device !== 'string' || !/^[0-9a-f]{32}$/.test(device))
			throw corrupt('no valid device id');
		const parsed = await parseIdentityFile(text);
		if (!parsed.ok) throw corrupt(parsed.error.reason);
		return { identity: parsed.value, device: device as DeviceId };
	}

	/**
	 * Only the device id, if `identity.json` still holds a valid one (even when the rest is
	 * damaged), so replacing a damaged identity keeps this home's device id. Never throws.
	 */
	async readDeviceId(): Promise<DeviceId | undefined> {
		try {
			const device = (JSON.parse(await readFile(this.path, 'utf8')) as { device?: unknown } | null)
				?.device;
			return typeof device === 'string' && /^[0-9a-f]{32}$/.test(device)
				? (device as DeviceId)
				: undefined;
		} catch {
			return undefined;
		}
	}

	/** Writes the identity and device id (folder 0700, file 0600, atomically). */
	async save(d: DeviceIdentity): Promise<void> {
		await ensureDir(this.dir);
		const file = {
			...(JSON.parse(identityToFile(d.identity)) as Record<string, unknown>),
			device: d.device
		};
		await writeFileAtomic(this.path, JSON.stringify(file, null, 2) + '\n', 0o600);
	}
}

/** A home folder: its identity and its storage. */
export class Home {
	readonly identity: FileIdentityStore;

	constructor(readonly dir: string) {
		this.identity = new FileIdentityStore(dir);
	}

	/** The home folder chosen by `--home`, `FESTIVAL_HOME` or the default. */
	static locate(loc: HomeLocation): Home {
		return new Home(resolveHome(loc));
	}

	/** The automerge-repo storage adapter over `data/` (creates the home folder). */
	async storage(): Promise<NodeFSStorageAdapter> {
		await ensureDir(this.dir);
		// Loaded on first use: it brings automerge-repo, which commands without storage never need.
		const { NodeFSStorageAdapter } = await import('@automerge/automerge-repo-storage-nodefs');
		return new NodeFSStorageAdapter(join(this.dir, 'data'));
	}
}
