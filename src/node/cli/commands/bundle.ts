/**
 * `festival bundle export FEST FILE` and `festival bundle import FILE`: festivals as a file of
 * signed entries (see core's festival/files/bundle.ts for the format), how they travel without a network.
 *
 * Export writes FEST with its ancestors (so its events' requests for their resources work
 * elsewhere) and the sub-festivals this home holds. Import verifies every entry: refused ones
 * are reported on stderr with their reasons and the honest ones are kept; it prints the id of
 * each festival it imported, then runs this identity's policies over them (a first-come
 * resource is decided by its owner's client whenever that client ingests new entries). The
 * exit code is 0 if everything was imported, {@link EXIT_REFUSED} (3) if something valid was
 * imported but some entries or changes were refused, 1 if nothing valid was.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { describeFsError, writeFileAtomic } from '../../home.js';
import { CliError, println, type Command } from '../command.js';
import { withSession } from '../session.js';

/** Exit code of `bundle import` when something was imported and something refused. */
export const EXIT_REFUSED = 3;

const bundleExport: Command = {
	name: ['bundle', 'export'],
	args: 'FEST FILE',
	summary: 'write FEST (with its ancestors and sub-festivals) to FILE as signed entries',
	positionals: ['FEST', 'FILE'],
	async run(ctx) {
		const [festArg, file] = ctx.positionals as [string, string];
		return withSession(ctx, async (s) => {
			const id = await s.resolve(festArg);
			const bytes = await s.host.exportBundle(id);
			if (!bytes) throw new CliError(`festival ${festArg} is not in this home`);
			await writeFileAtomic(ctx.path(file), bytes, 0o644);
			return 0;
		});
	}
};

const bundleImport: Command = {
	name: ['bundle', 'import'],
	args: 'FILE',
	summary: 'import the festivals of a bundle (verifying every entry) and print their ids',
	positionals: ['FILE'],
	async run(ctx) {
		const file = ctx.positionals[0]!;
		let bytes: Uint8Array;
		try {
			bytes = new Uint8Array(await readFile(ctx.path(file)));
		} catch (e) {
			throw new CliError(`cannot read ${file}: ${describeFsError(e)}`);
		}
		return withSession(ctx, async (s) => {
			// Verified and stored by the host, which then runs this identity's policies over them.
			const bundle = await s.host.importBundle(bytes);
			if (!bundle.ok)
				throw new CliError(
					bundle.error.code === 'failed'
						? bundle.error.reason
						: `${file} is not a usable bundle: ${bundle.error.reason}; nothing was imported`
				);
			const results = bundle.value;
			let valid = 0;
			let refused = 0;
			for (const r of results) {
				const label = `${r.name ? `"${r.name}" ` : ''}${r.id.slice(0, 12)}…`;
				refused += r.report.refused.length;
				for (const x of r.report.refused) {
					const who = x.author
						? ` by ${x.author.slice(0, 8)}${x.seqNum !== undefined ? `, entry ${x.seqNum}` : ''}`
						: '';
					println(ctx.io.stderr, `festival: ${label}: refused${who}: ${x.reason}`);
				}
				if (!r.usable) {
					println(
						ctx.io.stderr,
						`festival: ${label}: not imported (the bundle lacks its first entry, or it was refused)`
					);
					continue;
				}
				if (r.report.waiting)
					println(
						ctx.io.stderr,
						`festival: ${label}: ${r.report.waiting} entries wait for earlier ones the bundle lacks`
					);
				// Entries whose payload was refused, or that belong to another festival, bring nothing.
				const dropped = new Set(
					r.report.refusedPayloads.map((p) => `${p.author}/${p.logId}/${p.seqNum}`)
				).size;
				if (r.report.admitted - dropped <= 0) continue;
				valid++;
				println(ctx.io.stdout, r.id);
			}
			if (valid === 0) throw new CliError(`nothing valid in ${file} could be imported`);
			if (refused) {
				println(
					ctx.io.stderr,
					`festival: ${refused} ${refused === 1 ? 'entry or change was' : 'entries or changes were'} refused (see above); the rest was imported`
				);
				return EXIT_REFUSED;
			}
			return 0;
		});
	}
};

/** The `bundle` commands. */
export const bundleCommands: readonly Command[] = [bundleExport, bundleImport];
