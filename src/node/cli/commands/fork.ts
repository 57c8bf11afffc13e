/**
 * `festival fork FEST NAME` and `festival child add FEST NAME`.
 *
 * A fork starts with everything FEST has now, keeps every owner, and goes its own way; it
 * keeps FEST's parent, so its events may still request the resources of FEST's ancestors.
 * A child festival is listed in FEST, and its events may request FEST's resources.
 * @module
 */
import { println, type Command } from '../command.js';
import { withSession } from '../session.js';
import { checkName } from './create.js';

const fork: Command = {
	name: ['fork'],
	args: 'FEST NAME',
	summary: 'fork a festival at its current state and print the new festival id',
	positionals: ['FEST', 'NAME'],
	async run(ctx) {
		const name = checkName(ctx.positionals[1]!, 'festival name');
		return withSession(ctx, async (s) => {
			const f = await s.festival(ctx.positionals[0]!);
			const made = await s.host.fork(f.id, name);
			println(ctx.io.stdout, made.id);
			return 0;
		});
	}
};

const childAdd: Command = {
	name: ['child', 'add'],
	args: 'FEST NAME',
	summary:
		'create a child festival of FEST (its events may request FEST’s resources) and print its id',
	positionals: ['FEST', 'NAME'],
	async run(ctx) {
		const name = checkName(ctx.positionals[1]!, 'festival name');
		return withSession(ctx, async (s) => {
			const f = await s.festival(ctx.positionals[0]!);
			const child = await s.host.addChild(f.id, name);
			println(ctx.io.stdout, child.id);
			return 0;
		});
	}
};

/** The `fork` and `child add` commands. */
export const forkCommands: readonly Command[] = [fork, childAdd];
