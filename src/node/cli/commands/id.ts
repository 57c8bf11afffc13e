/**
 * `festival id new|show|name|export|import`: the identity kept in the home folder.
 *
 * The home keeps its own device id, made the first time an identity is created or imported
 * there; it is never exported, so importing a key on a second home gives the same public key
 * with a different device id (and so different log ids).
 * @module
 */
import { access } from 'node:fs/promises';
import {
	checkProfile,
	type DeviceId,
	type DeviceIdentity,
	generateIdentity,
	identityToFile,
	newDeviceId,
	parseIdentityFile,
	withDetails,
	withName
} from '../../../lib/core/index.js';
import { HomeError, writeFileAtomic } from '../../home.js';
import { orFail } from '../problems.js';
import { withSession } from '../session.js';
import {
	CliError,
	flag,
	println,
	stringOption,
	type Command,
	type CommandContext
} from '../command.js';

/** The stored identity, or undefined; with `force`, a damaged identity file counts as none. */
async function loadIdentity(
	ctx: CommandContext,
	force = false
): Promise<DeviceIdentity | undefined> {
	try {
		return await ctx.home().identity.load();
	} catch (e) {
		if (force && e instanceof HomeError) return undefined;
		throw e;
	}
}

async function requireIdentity(ctx: CommandContext): Promise<DeviceIdentity> {
	const d = await loadIdentity(ctx);
	if (!d) {
		throw new CliError(
			`no identity in ${ctx.home().dir}; create one with "festival id new" or "festival id import FILE"`
		);
	}
	return d;
}

/** The device id already kept in this home, even if the rest of identity.json is unusable. */
async function existingDevice(
	ctx: CommandContext,
	d: DeviceIdentity | undefined
): Promise<DeviceId> {
	return d?.device ?? (await ctx.home().identity.readDeviceId()) ?? newDeviceId();
}

const idNew: Command = {
	name: ['id', 'new'],
	args: '[--name NAME] [--force]',
	summary:
		'create a key pair for this home and print its public key (--force replaces an existing one)',
	options: { name: { type: 'string' }, force: { type: 'boolean' } },
	async run(ctx) {
		const force = flag(ctx.values, 'force');
		const existing = await loadIdentity(ctx, force);
		if (existing && !force) {
			throw new CliError(
				`${ctx.home().dir} already has an identity (${existing.identity.author}); ` +
					'use --force to replace it (its secret key is lost unless exported)'
			);
		}
		const identity = await generateIdentity(stringOption(ctx.values, 'name'));
		await ctx.home().identity.save({ identity, device: await existingDevice(ctx, existing) });
		println(ctx.io.stdout, identity.author);
		return 0;
	}
};

const idShow: Command = {
	name: ['id', 'show'],
	args: '[--json]',
	summary: 'print the public key (--json: {public, name, note, contact, device})',
	options: { json: { type: 'boolean' } },
	async run(ctx) {
		const { identity, device } = await requireIdentity(ctx);
		if (flag(ctx.values, 'json')) {
			println(
				ctx.io.stdout,
				JSON.stringify({
					public: identity.author,
					name: identity.name ?? null,
					note: identity.note ?? null,
					contact: identity.contact ?? null,
					device
				})
			);
		} else {
			println(ctx.io.stdout, identity.author);
		}
		return 0;
	}
};

const idExport: Command = {
	name: ['id', 'export'],
	args: 'FILE [--force]',
	summary:
		'write the identity file (holds the secret key; mode 0600; FILE - is stdout; no device id)',
	options: { force: { type: 'boolean' } },
	positionals: ['FILE'],
	async run(ctx) {
		const { identity } = await requireIdentity(ctx);
		const file = ctx.positionals[0]!;
		const text = identityToFile(identity);
		if (file === '-') {
			ctx.io.stdout.write(text);
			return 0;
		}
		const path = ctx.path(file);
		const exists = await access(path).then(
			() => true,
			() => false
		);
		if (exists && !flag(ctx.values, 'force'))
			throw new CliError(`${file} already exists; use --force to overwrite it`);
		await writeFileAtomic(path, text, 0o600);
		return 0;
	}
};

const idImport: Command = {
	name: ['id', 'import'],
	args: 'FILE [--name NAME] [--force]',
	summary:
		'take a key from an identity file or key text (FILE - is stdin) and print its public key',
	options: { name: { type: 'string' }, force: { type: 'boolean' } },
	positionals: ['FILE'],
	async run(ctx) {
		const file = ctx.positionals[0]!;
		const parsed = await parseIdentityFile(await ctx.readText(file));
		if (!parsed.ok) throw new CliError(`${file} is not an identity: ${parsed.error.reason}`);
		const force = flag(ctx.values, 'force');
		const existing = await loadIdentity(ctx, force);
		const same = existing?.identity.author === parsed.value.author;
		if (existing && !same && !force) {
			throw new CliError(
				`${ctx.home().dir} already has another identity (${existing.identity.author}); ` +
					'use --force to replace it (its secret key is lost unless exported)'
			);
		}
		const name =
			stringOption(ctx.values, 'name') ??
			parsed.value.name ??
			(same ? existing.identity.name : undefined);
		const identity = name !== undefined ? withName(parsed.value, name) : parsed.value;
		await ctx.home().identity.save({ identity, device: await existingDevice(ctx, existing) });
		println(ctx.io.stdout, identity.author);
		return 0;
	}
};

const idName: Command = {
	name: ['id', 'name'],
	args: 'NAME [--note TEXT] [--contact TEXT]',
	summary:
		'set the profile others see (name; optionally a short note and a contact, "" clears one): kept in the identity, published in each festival you write to (and updated where it was)',
	options: { note: { type: 'string' }, contact: { type: 'string' } },
	positionals: ['NAME'],
	async run(ctx) {
		const d = await requireIdentity(ctx);
		const note = stringOption(ctx.values, 'note') ?? d.identity.note ?? '';
		const contact = stringOption(ctx.values, 'contact') ?? d.identity.contact ?? '';
		const input = { name: ctx.positionals[0]!, note, contact };
		const profile = orFail(checkProfile(input), input, { name: 'name' });
		await ctx.home().identity.save({ ...d, identity: withDetails(d.identity, profile) });
		return withSession(ctx, async (s) => {
			await s.host.openAll();
			await s.host.profile.set(profile, s.host.festivals.values());
			println(ctx.io.stdout, profile.name);
			return 0;
		});
	}
};

/** The `id` commands. */
export const idCommands: readonly Command[] = [idNew, idShow, idName, idExport, idImport];
