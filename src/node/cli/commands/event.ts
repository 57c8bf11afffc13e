/**
 * `festival event add FEST --title T --start ISO --end ISO [--request RESOURCE]... [--tag T]...
 * [--description D] [--repeat daily|weekly (--until DATE | --count N) [--on mon,wed]
 * [--except DATE]...]`: adds an event you own and prints its id; with `--repeat`, a series
 * (one event per occurrence, each requesting on its own; the rule's dates are the festival's)
 * and prints each occurrence's id, one a line. `event series-rm FEST EVENT [--following]`
 * removes the series of an occurrence (or this occurrence and the following ones).
 *
 * Times without an offset are read in the festival's time zone. A requested resource (an id
 * or a unique prefix of one) may live in FEST or in any of its ancestors; the request records
 * the festival holding it; what a requested resource requires is requested too. Afterwards this identity's policies run, so a request for one's own
 * first-come resource is decided at once.
 * @module
 */
import {
	readTree,
	checkEvent,
	readMeta,
	type EventInput,
	type RequestData,
	parseFrame,
	type FestivalId,
	type ResourceId
} from '../../../lib/core/index.js';
import { addEvent, addSeries } from '../../../lib/core/model/edits.js';
import { CliError, println, stringOption, UsageError, type Command } from '../command.js';
import { orFail } from '../problems.js';
import { findItem, withSession } from '../session.js';
import { many } from './resource.js';
import { repeatOption, seriesRemove } from './series.js';

const eventAdd: Command = {
	name: ['event', 'add'],
	args: 'FEST --title T --start ISO --end ISO [--request RESOURCE]... [--tag T]... [--description D] [--repeat daily|weekly (--until DATE | --count N) [--on mon,wed] [--except DATE]...]',
	summary:
		'add an event you own (requesting resources of FEST or its ancestors) and print its id; --repeat: a series, one id per occurrence',
	options: {
		title: { type: 'string' },
		start: { type: 'string' },
		end: { type: 'string' },
		request: { type: 'string', multiple: true },
		tag: { type: 'string', multiple: true },
		description: { type: 'string' },
		repeat: { type: 'string' },
		until: { type: 'string' },
		count: { type: 'string' },
		on: { type: 'string' },
		except: { type: 'string', multiple: true }
	},
	positionals: ['FEST'],
	async run(ctx) {
		const v = ctx.values;
		const title = stringOption(v, 'title');
		const start = stringOption(v, 'start');
		const end = stringOption(v, 'end');
		if (title === undefined) throw new UsageError('--title is required');
		if (start === undefined || end === undefined)
			throw new UsageError('--start and --end are required');
		const tags = many(v, 'tag');
		const description = stringOption(v, 'description');
		// The title and tags, checked before the home is opened (the times need its zone).
		const early: EventInput = {
			title,
			start: '2000-01-01T00:00:00Z',
			end: '2000-01-01T00:00:01Z',
			tags,
			requests: [],
			...(description !== undefined ? { description } : {})
		};
		orFail(checkEvent(early), early);
		const repeat = repeatOption(v);
		return withSession(ctx, async (s) => {
			const f = await s.festival(ctx.positionals[0]!);
			const meta = readMeta(f.doc.meta);
			const tz = meta.ok ? meta.value.tz : 'UTC';
			const frame = parseFrame(start, end, tz);
			if (!frame.ok) throw new CliError(frame.error.reason);
			const ancestry = await s.ancestry(f);
			const model = readTree(await s.tree([f]));
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
			// What the requested resources require is requested too (and what that requires...).
			const holderOf = (rid: ResourceId) => places.find(([, rs]) => rs.has(rid));
			for (let i = 0; i < requests.length; i++) {
				const held = holderOf(requests[i]!.resource);
				const needs = (held?.[1].get(requests[i]!.resource) as { requires?: ResourceId[] })
					?.requires;
				for (const need of needs ?? []) {
					const at = holderOf(need);
					if (at && !requests.some((q) => q.resource === need))
						requests.push({ resource: need, festival: at[0] as FestivalId });
				}
			}
			const input: EventInput = { ...early, ...frame.value, requests };
			// Through the host: the owner's policies (this identity's resources) decide at once.
			if (repeat) {
				const at = s.host.editable(f.id);
				const added = orFail(await addSeries(at, s.me.identity.author, input, repeat, tz), {
					...input,
					repeat
				});
				for (const id of added.events) println(ctx.io.stdout, id);
				return 0;
			}
			const id = orFail(await addEvent(s.host.editable(f.id), s.me.identity.author, input), input);
			println(ctx.io.stdout, id);
			return 0;
		});
	}
};

/** The `event` commands. */
export const eventCommands: readonly Command[] = [eventAdd, seriesRemove];
