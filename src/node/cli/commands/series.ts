/**
 * Repeating events on the command line: the `--repeat` options of `event add` read into a
 * rule (checked by core), and `festival event series-rm FEST EVENT [--following]`, which removes
 * the series an occurrence belongs to (or that occurrence and the ones after it).
 * @module
 */
import { readTree, type EventId, type RepeatInput } from '../../../lib/core/index.js';
import { removeSeries } from '../../../lib/core/model/edits.js';
import {
	CliError,
	flag,
	println,
	stringOption,
	UsageError,
	type Command,
	type OptionValues
} from '../command.js';
import { findItem, withSession } from '../session.js';
import { many } from './resource.js';

/**
 * The rule `--repeat daily|weekly [--until DATE | --count N] [--on mon,wed] [--except DATE]...`
 * as typed, or undefined without `--repeat` (then the other options are a usage error).
 */
export function repeatOption(v: OptionValues): RepeatInput | undefined {
	const freq = stringOption(v, 'repeat');
	const until = stringOption(v, 'until');
	const count = stringOption(v, 'count');
	const on = stringOption(v, 'on');
	const except = many(v, 'except');
	if (freq === undefined) {
		if (until !== undefined || count !== undefined || on !== undefined || except.length)
			throw new UsageError('--until, --count, --on and --except go with --repeat daily|weekly');
		return undefined;
	}
	if (on !== undefined && freq !== 'weekly') throw new UsageError('--on goes with --repeat weekly');
	return {
		freq: freq.trim().toLowerCase() as RepeatInput['freq'],
		...(until !== undefined ? { until } : {}),
		...(count !== undefined ? { count } : {}),
		...(on !== undefined
			? {
					days: on
						.split(',')
						.map((d) => d.trim().toLowerCase().slice(0, 3))
						.filter(Boolean) as RepeatInput['days'] & string[]
				}
			: {}),
		...(except.length ? { except } : {})
	};
}

const short = (s: string) => s.slice(0, 8);

/** `event series-rm FEST EVENT [--following]`. */
export const seriesRemove: Command = {
	name: ['event', 'series-rm'],
	args: 'FEST EVENT [--following]',
	summary:
		'remove the series EVENT is an occurrence of (--following: EVENT and the occurrences after it)',
	options: { following: { type: 'boolean' } },
	positionals: ['FEST', 'EVENT'],
	async run(ctx) {
		const [festArg, eventArg] = ctx.positionals as [string, string];
		return withSession(ctx, async (s) => {
			const f = await s.festival(festArg);
			const here = readTree(await s.tree([f])).festivals.get(f.id);
			const name = String(f.doc.meta?.name ?? f.id.slice(0, 12));
			const found = findItem([[f.id, here?.events ?? new Map()]] as const, eventArg, 'event', name);
			const e = found.item;
			if (!e.series) throw new CliError(`event "${e.title}" is not an occurrence of a series`);
			if (e.owner !== s.author)
				throw new CliError(
					`only its owner (${short(e.owner)}) can remove the series of "${e.title}"; you are ${short(s.author)}`
				);
			const from = flag(ctx.values, 'following') ? e.series.index : 0;
			const n = await removeSeries(s.host.editable(f.id), s.me.identity.author, e.series.id, from);
			println(
				ctx.io.stdout,
				`removed ${n} ${n === 1 ? 'occurrence' : 'occurrences'} of "${e.title}" (${short(e.id as EventId)})`
			);
			return 0;
		});
	}
};
