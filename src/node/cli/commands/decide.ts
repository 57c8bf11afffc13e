/**
 * `festival decide FEST EVENT RESOURCE accept|deny [--reason R] [--force]`: the resource owner's
 * decision on one request. EVENT (in FEST or one of its held descendants) and RESOURCE are ids
 * or unique prefixes. Only the resource's owner may decide; the decision is written in the
 * festival holding the resource. Accepting over another accepted, overlapping request would be
 * a double booking and needs --force (both then show as a conflict).
 * @module
 */
import { decide } from '../../../lib/core/model/edits.js';
import {
	type EventId,
	type FestivalId,
	freeAt,
	readTree,
	toInstant,
	type DecisionInput,
	type Verdict
} from '../../../lib/core/index.js';
import { CliError, flag, stringOption, UsageError, type Command } from '../command.js';
import { orFail } from '../problems.js';
import { findItem, withSession } from '../session.js';

const short = (s: string) => `${s.slice(0, 12)}…`;

const decideCmd: Command = {
	name: ['decide'],
	args: 'FEST EVENT RESOURCE accept|deny [--reason R] [--force]',
	summary: 'as the resource’s owner, accept or deny an event’s request for it',
	options: { reason: { type: 'string' }, force: { type: 'boolean' } },
	positionals: ['FEST', 'EVENT', 'RESOURCE', 'accept|deny'],
	async run(ctx) {
		const [festArg, eventArg, resourceArg, verdictArg] = ctx.positionals as [
			string,
			string,
			string,
			string
		];
		if (verdictArg !== 'accept' && verdictArg !== 'deny')
			throw new UsageError(`the decision is accept or deny, not "${verdictArg}"`);
		const verdict: Verdict = verdictArg;
		const reason = stringOption(ctx.values, 'reason');
		return withSession(ctx, async (s) => {
			const f = await s.festival(festArg);
			const family = await s.family(f);
			const ancestors = new Set((await s.ancestry(f)).map((g) => g.id));
			const model = readTree(await s.tree([f]));
			// The event: in FEST, else in one of its descendants.
			const places = family
				.filter((g) => g.id === f.id || !ancestors.has(g.id))
				.map((g) => [g.id, model.festivals.get(g.id)?.events ?? new Map()] as const);
			const ev = findItem<{ id: EventId; title: string }>(
				places,
				eventArg,
				'event',
				`${String(f.doc.meta?.name)} or its sub-festivals`
			);
			const eventFestival: FestivalId = ev.festival;
			const want = resourceArg.trim().toLowerCase();
			const requests = model.requests.filter(
				(q) => q.festival === eventFestival && q.event === ev.item.id
			);
			const matches = requests.filter((q) => q.resource === want).length
				? requests.filter((q) => q.resource === want)
				: requests.filter((q) => q.resource.startsWith(want));
			if (matches.length === 0)
				throw new CliError(
					`event "${ev.item.title}" (${short(ev.item.id)}) does not request resource ${resourceArg}`
				);
			if (matches.length > 1)
				throw new CliError(
					`"${resourceArg}" matches ${matches.length} resources this event requests; give more of the id`
				);
			const q = matches[0]!;
			const rf = q.resourceFestival;
			const res = rf ? model.festivals.get(rf)?.resources.get(q.resource) : undefined;
			if (!rf || !res)
				throw new CliError(
					`resource ${short(q.resource)} is not in this home (import a bundle of the festival holding it)`
				);
			if (res.owner !== s.author) {
				throw new CliError(
					`only the owner of resource "${res.name}" (${short(res.owner)}) can decide on its requests; you are ${short(s.author)}`
				);
			}
			if (verdict === 'accept' && !flag(ctx.values, 'force')) {
				const free = freeAt(model, q.resource, q.frame, {
					festival: rf,
					ignore: { festival: eventFestival, event: ev.item.id },
					ignoreAvailability: true
				});
				if (!free.free) {
					const who = (free.holders ?? []).map(
						(h) => model.festivals.get(h.festival)?.events.get(h.event)?.title ?? short(h.event)
					);
					throw new CliError(
						`"${res.name}" is already accepted for an overlapping time (${who.join(', ') || free.reason}); deny that first, or use --force to record a conflict`
					);
				}
			}
			const holder = await s.open(rf);
			if (!holder)
				throw new CliError(`festival ${short(rf)} holding the resource is not in this home`);
			const input: DecisionInput = {
				resource: q.resource,
				event: ev.item.id,
				festival: eventFestival,
				verdict,
				frame: q.frame,
				at: toInstant(new Date()) ?? new Date().toISOString(),
				...(reason !== undefined ? { reason } : {})
			};
			orFail(await decide(s.host.editable(holder.id), input), input);
			return 0;
		});
	}
};

/** The `decide` command. */
export const decideCommands: readonly Command[] = [decideCmd];
