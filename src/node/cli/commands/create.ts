/**
 * `festival create NAME [--tz ZONE]` and `festival list [--json]`.
 * @module
 */
import { Festival, isTimeZone } from '../../../lib/core/index.js';
import {
	CliError,
	flag,
	println,
	stringOption,
	type Command,
	type CommandContext
} from '../command.js';
import { withSession } from '../session.js';

/**
 * The time zone of a new festival: `--tz`, else `TZ`, else this system's zone, else UTC.
 * Times typed without an offset are read in it.
 */
export function chooseTimeZone(ctx: CommandContext): string {
	const given = stringOption(ctx.values, 'tz');
	if (given !== undefined) {
		if (!isTimeZone(given))
			throw new CliError(
				`unknown time zone "${given}" (use an IANA name like Europe/Berlin, or UTC)`
			);
		return given;
	}
	const env = ctx.io.env.TZ;
	if (env && isTimeZone(env)) return env;
	const system = Intl.DateTimeFormat().resolvedOptions().timeZone;
	return system && isTimeZone(system) ? system : 'UTC';
}

/** A festival or resource name: not blank, at most `max` characters. */
export function checkName(name: string, what: string, max = 200): string {
	const n = name.trim();
	if (!n) throw new CliError(`the ${what} must not be empty`);
	if (n.length > max) throw new CliError(`the ${what} is longer than ${max} characters`);
	return n;
}

const create: Command = {
	name: ['create'],
	args: 'NAME [--tz ZONE] [--description D]',
	summary:
		'create a festival and print its id (times without an offset are read in ZONE; default: this system’s)',
	options: { tz: { type: 'string' }, description: { type: 'string' } },
	positionals: ['NAME'],
	async run(ctx) {
		const name = checkName(ctx.positionals[0]!, 'festival name');
		const tz = chooseTimeZone(ctx);
		const description = stringOption(ctx.values, 'description');
		return withSession(ctx, async (s) => {
			const f = s.track(
				await Festival.create(s.ctx, { name, tz, ...(description ? { description } : {}) })
			);
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
