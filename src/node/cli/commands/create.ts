/**
 * `festival create NAME [--tz ZONE]` and `festival list [--json]`.
 * @module
 */
import {
	checkName as checkNameInput,
	checkNewFestival,
	checkWith,
	isTimeZone,
	TimeZone
} from '../../../lib/core/index.js';
import { flag, println, stringOption, type Command, type CommandContext } from '../command.js';
import { orFail } from '../problems.js';
import { withSession } from '../session.js';

/**
 * The time zone of a new festival: `--tz`, else `TZ`, else this system's zone, else UTC.
 * Times typed without an offset are read in it.
 */
export function chooseTimeZone(ctx: CommandContext): string {
	const given = stringOption(ctx.values, 'tz');
	if (given !== undefined) return orFail(checkWith(TimeZone, given), given, { name: 'time zone' });
	const env = ctx.io.env.TZ;
	if (env && isTimeZone(env)) return env;
	const system = Intl.DateTimeFormat().resolvedOptions().timeZone;
	return system && isTimeZone(system) ? system : 'UTC';
}

/** A festival's name as typed, checked by core: trimmed, or a CliError naming `what`. */
export function checkName(name: string, what: string): string {
	return orFail(checkNameInput(name), name, { name: what });
}

const create: Command = {
	name: ['create'],
	args: 'NAME [--tz ZONE] [--description D]',
	summary:
		'create a festival and print its id (times without an offset are read in ZONE; default: this system’s)',
	options: { tz: { type: 'string' }, description: { type: 'string' } },
	positionals: ['NAME'],
	async run(ctx) {
		const description = stringOption(ctx.values, 'description');
		const input = {
			name: ctx.positionals[0]!,
			tz: chooseTimeZone(ctx),
			...(description !== undefined ? { description } : {})
		};
		const checked = orFail(checkNewFestival(input), input, { name: 'festival name' });
		return withSession(ctx, async (s) => {
			const f = await s.host.create(checked);
			println(ctx.io.stdout, f.id);
			return 0;
		});
	}
};

const list: Command = {
	name: ['list'],
	args: '[--json]',
	summary: 'list the festivals in this home: id, name (and parent)',
	options: { json: { type: 'boolean' } },
	async run(ctx) {
		return withSession(ctx, async (s) => {
			const all = await s.list();
			if (flag(ctx.values, 'json')) {
				println(
					ctx.io.stdout,
					JSON.stringify(all.map((f) => ({ id: f.id, name: f.name, parent: f.parent ?? null })))
				);
			} else {
				for (const f of all)
					println(
						ctx.io.stdout,
						`${f.id}  ${f.name}${f.parent ? `  (in ${f.parent.slice(0, 12)}…)` : ''}`
					);
			}
			return 0;
		});
	}
};

/** The `create` and `list` commands. */
export const createCommands: readonly Command[] = [create, list];
