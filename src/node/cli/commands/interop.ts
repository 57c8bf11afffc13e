/**
 * `festival export FEST --format ics|schedule-json [--location ID] [--agenda] [-o FILE]` and
 * `festival import schedule FILE`: festivals in the calendar and conference-schedule formats
 * other tools read (see src/lib/core/interop).
 *
 * Export writes to standard output unless `-o FILE` is given. `--location` (a resource id or a
 * unique prefix, in FEST or an ancestor) and `--agenda` (events you own or that use your
 * resources) narrow an iCalendar export. Import reads a frab/c3voc schedule.json (`-` is
 * standard input) into a new festival you own and prints its id; everything it skipped or
 * changed is listed on stderr, one line each. The exit code is 0 if a festival was created.
 * @module
 */
import {
	exportIcs,
	exportScheduleJson,
	type IcsScope,
	importSchedule,
	readTree,
	type ResourceId
} from '../../../lib/core/index.js';
import { describeFsError, writeFileAtomic } from '../../home.js';
import { CliError, flag, println, stringOption, UsageError, type Command } from '../command.js';
import { findItem, withSession } from '../session.js';

const FORMATS = ['ics', 'schedule-json'] as const;

const exportCommand: Command = {
	name: ['export'],
	args: 'FEST --format ics|schedule-json [--location ID] [--agenda] [-o FILE]',
	summary:
		'write FEST as iCalendar (all, one location, or your agenda) or schedule.json, to stdout or FILE',
	options: {
		format: { type: 'string' },
		location: { type: 'string' },
		agenda: { type: 'boolean' },
		output: { type: 'string', short: 'o' }
	},
	positionals: ['FEST'],
	async run(ctx) {
		const format = stringOption(ctx.values, 'format');
		if (format === undefined)
			throw new UsageError(`--format is required (${FORMATS.join(' or ')})`);
		if (!(FORMATS as readonly string[]).includes(format))
			throw new CliError(`--format must be ${FORMATS.join(' or ')}, not "${format}"`);
		const location = stringOption(ctx.values, 'location');
		const agenda = flag(ctx.values, 'agenda');
		if (location !== undefined && agenda)
			throw new UsageError('--location and --agenda do not go together');
		if (format !== 'ics' && (location !== undefined || agenda))
			throw new UsageError('--location and --agenda are for --format ics');
		const output = stringOption(ctx.values, 'output');
		const text = await withSession(ctx, async (s) => {
			const f = await s.festival(ctx.positionals[0]!);
			const model = readTree(await s.tree([f]));
			if (format === 'schedule-json') {
				const r = exportScheduleJson(model, f.id);
				if (!r.ok) throw new CliError(r.error.reason);
				return JSON.stringify(r.value, null, 2) + '\n';
			}
			let scope: IcsScope = { kind: 'festival' };
			if (agenda) scope = { kind: 'agenda', me: s.author };
			if (location !== undefined) {
				const ancestry = await s.ancestry(f);
				const places = ancestry.map(
					(g) => [g.id, model.festivals.get(g.id)?.resources ?? new Map()] as const
				);
				const where = ancestry
					.map((g) => String(g.doc.meta?.name ?? g.id.slice(0, 12)))
					.join(' or ');
				const found = findItem<unknown>(places, location, 'resource', where);
				scope = { kind: 'location', resource: (found.item as { id: ResourceId }).id };
			}
			const r = exportIcs(model, f.id, { scope });
			if (!r.ok) throw new CliError(r.error.reason);
			return r.value;
		});
		if (output === undefined || output === '-') {
			ctx.io.stdout.write(text);
			return 0;
		}
		try {
			await writeFileAtomic(ctx.path(output), text, 0o644);
		} catch (e) {
			throw new CliError(`cannot write ${output}: ${describeFsError(e)}`);
		}
		return 0;
	}
};

const importScheduleCommand: Command = {
	name: ['import', 'schedule'],
	args: 'FILE',
	summary:
		'import a schedule.json (frab, pretalx) into a new festival you own and print its id; problems on stderr',
	positionals: ['FILE'],
	async run(ctx) {
		const file = ctx.positionals[0]!;
		const text = await ctx.readText(file);
		return withSession(ctx, async (s) => {
			const r = await importSchedule(s.ctx, text);
			if (r.festival) s.track(r.festival);
			for (const p of r.problems)
				println(ctx.io.stderr, `festival: ${file}: ${p.where}: ${p.reason}`);
			if (!r.festival) throw new CliError(`nothing in ${file} could be imported`);
			println(ctx.io.stdout, r.festival.id);
			return 0;
		});
	}
};

/** The `export` and `import schedule` commands. */
export const interopCommands: readonly Command[] = [exportCommand, importScheduleCommand];
