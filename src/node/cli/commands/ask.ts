/**
 * `festival ask FEST RESOURCE [--start ISO --end ISO]`: asks for a resource (of FEST or an
 * ancestor) for oneself, a personal request (a ticket, a badge, a tool for the weekend), and
 * prints its id. Without a frame it is for as long as the festival lasts. Its owner decides
 * it with `festival decide FEST REQUEST RESOURCE accept|deny`, as for an event.
 * @module
 */
import { edits, parseFrame, readMeta, readTree } from '../../../lib/core/index.js';
import { CliError, println, stringOption, UsageError, type Command } from '../command.js';
import { orFail } from '../problems.js';
import { withSession } from '../session.js';
import { findResource } from './settings.js';

const ask: Command = {
	name: ['ask'],
	args: 'FEST RESOURCE [--start ISO --end ISO]',
	summary: 'ask for a resource for yourself (a ticket, a badge, a tool) and print the request id',
	options: { start: { type: 'string' }, end: { type: 'string' } },
	positionals: ['FEST', 'RESOURCE'],
	async run(ctx) {
		const start = stringOption(ctx.values, 'start');
		const end = stringOption(ctx.values, 'end');
		if ((start === undefined) !== (end === undefined))
			throw new UsageError('--start and --end go together');
		return withSession(ctx, async (s) => {
			const f = await s.festival(ctx.positionals[0]!);
			const resource = await findResource(s, f, ctx.positionals[1]!);
			const model = readTree(await s.tree([f]));
			const holder = [...model.festivals.values()].find((g) => g.resources.has(resource))!;
			const res = holder.resources.get(resource)!;
			let frame;
			if (start !== undefined && end !== undefined) {
				const meta = readMeta(f.doc.meta);
				const parsed = parseFrame(start, end, meta.ok ? meta.value.tz : 'UTC');
				if (!parsed.ok) throw new CliError(parsed.error.reason);
				frame = parsed.value;
			}
			const input = {
				resource,
				festival: holder.id,
				name: res.name,
				...(frame ? { frame } : {})
			};
			const id = orFail(await edits.ask(s.host.editable(f.id), s.me.identity.author, input), input);
			println(ctx.io.stdout, id);
			return 0;
		});
	}
};

/** The `ask` command. */
export const askCommands: readonly Command[] = [ask];
