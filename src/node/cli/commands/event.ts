/**
 * `festival event add FEST --title T --start ISO --end ISO [--request RESOURCE]... [--tag T]...
 * [--description D]`: adds an event you own and prints its id.
 *
 * Times without an offset are read in the festival's time zone. A requested resource (an id
 * or a unique prefix of one) may live in FEST or in any of its ancestors; the request records
 * the festival holding it. Afterwards this identity's policies run, so a request for one's own
 * first-come resource is decided at once.
 * @module
 */
import {
	addEvent,
	type FestivalId,
	parseFrame,
	readMeta,
	readTree,
	type RequestData,
	type ResourceId
} from '../../../lib/core/index.js';
import { CliError, println, stringOption, UsageError, type Command } from '../command.js';
import { applyPolicies, treeOf } from '../policies.js';
import { findItem, withSession } from '../session.js';
import { many } from './resource.js';

const eventAdd: Command = {
	name: ['event', 'add'],
	args: 'FEST --title T --start ISO --end ISO [--request RESOURCE]... [--tag T]... [--description D]',
	summary: 'add an event you own (requesting resources of FEST or its ancestors) and print its id',
	options: {
		title: { type: 'string' },
		start: { type: 'string' },
		end: { type: 'string' },
		request: { type: 'string', multiple: true },
		tag: { type: 'string', multiple: true },
		description: { type: 'string' }
	},
	positionals: ['FEST'],
	async run(ctx) {
		const v = ctx.values;
		const title = stringOption(v, 'title')?.trim();
		const start = stringOption(v, 'start');
		const end = stringOption(v, 'end');
		if (title === undefined) throw new UsageError('--title is required');
		if (start === undefined || end === undefined)
			throw new UsageError('--start and --end are required');
		if (!title) throw new CliError('the title must not be empty');
		if (title.length > 300) throw new CliError('the title is longer than 300 characters');
		const tags = many(v, 'tag').map((t) => t.trim());
		const badTag = tags.find((t) => !t || t.length > 50);
		if (badTag !== undefined)
			throw new CliError(`a tag must be 1 to 50 characters, not "${badTag}"`);
		const description = stringOption(v, 'description');
		return withSession(ctx, async (s) => {
			const f = await s.festival(ctx.positionals[0]!);
			const meta = readMeta(f.doc.meta);
			const frame = parseFrame(start, end, meta.ok ? meta.value.tz : 'UTC');
			if (!frame.ok) throw new CliError(frame.error.reason);
			const ancestry = await s.ancestry(f);
			const model = readTree(await treeOf(s, [f]));
			const places = ancestry.map(
				(g) => [g.id, model.festivals.get(g.id)?.resources ?? new Map()] as const
			);
			const where = ancestry.map((g) => String(g.doc.meta?.name ?? g.id.slice(0, 12))).join(' or ');
			const requests: RequestData[] = [];
			for (const r of many(v, 'request')) {
				const found = findItem<unknown>(places, r, 'resource', where);
				const resource = (found.item as { id: ResourceId }).id;
				if (requests.some((q) => q.resource === resource))
					throw new CliError(`resource ${r} is requested twice`);
				requests.push({ resource, festival: found.festival as FestivalId });
			}
			const id = await f.change((d) =>
				addEvent(d, s.me.identity.author, {
					title,
					start: frame.value.start,
					end: frame.value.end,
					tags,
					requests,
					...(description ? { description } : {})
				})
			);
			await applyPolicies(s, [f]);
			println(ctx.io.stdout, id);
			return 0;
		});
	}
};

/** The `event` commands. */
export const eventCommands: readonly Command[] = [eventAdd];
