/**
 * `festival decide FEST EVENT RESOURCE accept|deny|withdraw [--reason R] [--force]`: the
 * resource owner's decision on one request. EVENT (in FEST or one of its held descendants) and
 * RESOURCE are ids or unique prefixes. Only the resource's owner may decide; the decision is
 * written in the festival holding the resource. Deciding again changes the decision (the
 * earlier ones stay in its history); `withdraw` takes an acceptance back. Accepting over another
 * accepted, overlapping request would be a double booking and needs --force (both then show as
 * a conflict).
 *
 * `festival request withdraw FEST EVENT RESOURCE [--reason R]`: the event's owner takes a
 * request back (it stays, withdrawn, and holds nothing).
 * @module
 */
import { decide, withdrawRequest } from '../../../lib/core/model/edits.js';
import {
	type EventId,
	type FestivalId,
	decideAsMember,
	freeAt,
	mayDecide,
	readTree,
	toInstant,
	type DecisionInput,
	type Verdict
} from '../../../lib/core/index.js';
import {
	CliError,
	flag,
	stringOption,
	UsageError,
	type Command,
	type CommandContext
} from '../command.js';
import { orFail } from '../problems.js';
import { findItem, withSession, type Session } from '../session.js';

const short = (s: string) => `${s.slice(0, 12)}…`;

/** Finds the request of EVENT (in FEST or a descendant) for RESOURCE, with what it needs. */
async function findRequest(s: Session, festArg: string, eventArg: string, resourceArg: string) {
	const f = await s.festival(festArg);
	const family = await s.family(f);
	const ancestors = new Set((await s.ancestry(f)).map((g) => g.id));
	const model = readTree(await s.tree([f]));
	// The event: in FEST, else in one of its descendants.
	const places = family
		.filter((g) => g.id === f.id || !ancestors.has(g.id))
		.map((g) => [g.id, model.festivals.get(g.id)?.events ?? new Map()] as const);
	const ev = findItem<{ id: EventId; title: string; owner: string }>(
		places,
		eventArg,
		'event',
		`${String(f.doc.meta?.name)} or its sub-festivals`
	);
	const want = resourceArg.trim().toLowerCase();
	const requests = model.requests.filter(
		(q) => q.festival === ev.festival && q.event === ev.item.id
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
	return { model, ev, eventFestival: ev.festival as FestivalId, q: matches[0]! };
}

const decideCmd: Command = {
	name: ['decide'],
	args: 'FEST EVENT RESOURCE accept|deny|withdraw [--reason R] [--force]',
	summary:
		'as the resource’s owner, accept or deny an event’s request for it, or change or withdraw a decision',
	options: { reason: { type: 'string' }, force: { type: 'boolean' } },
	positionals: ['FEST', 'EVENT', 'RESOURCE', 'accept|deny|withdraw'],
	async run(ctx) {
		const [festArg, eventArg, resourceArg, verdictArg] = ctx.positionals as [
			string,
			string,
			string,
			string
		];
		if (verdictArg !== 'accept' && verdictArg !== 'deny' && verdictArg !== 'withdraw')
			throw new UsageError(`the decision is accept, deny or withdraw, not "${verdictArg}"`);
		const verdict: Verdict = verdictArg;
		const reason = stringOption(ctx.values, 'reason');
		return withSession(ctx, async (s) => {
			const { model, ev, eventFestival, q } = await findRequest(s, festArg, eventArg, resourceArg);
			const rf = q.resourceFestival;
			const res = rf ? model.festivals.get(rf)?.resources.get(q.resource) : undefined;
			if (!rf || !res)
				throw new CliError(
					`resource ${short(q.resource)} is not in this home (import a bundle of the festival holding it)`
				);
			const group = res.group !== undefined ? model.groups.groups.get(res.group) : undefined;
			if (res.group !== undefined && !mayDecide(model.groups, res, s.author)) {
				throw new CliError(
					`only the members of group "${group?.name ?? short(res.group)}", which owns resource "${res.name}", can decide on its requests; you are ${short(s.author)}`
				);
			}
			if (res.group === undefined && res.owner !== s.author) {
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
			const at = s.host.editable(holder.id);
			orFail(
				res.group !== undefined
					? await decideAsMember(at, s.me.identity.author, res.group, input, group?.heads ?? [])
					: await decide(at, input),
				input
			);
			return 0;
		});
	}
};

const withdrawCmd: Command = {
	name: ['request', 'withdraw'],
	args: 'FEST EVENT RESOURCE [--reason R]',
	summary: 'as the event’s owner, take back its request for a resource',
	options: { reason: { type: 'string' } },
	positionals: ['FEST', 'EVENT', 'RESOURCE'],
	async run(ctx: CommandContext) {
		const [festArg, eventArg, resourceArg] = ctx.positionals as [string, string, string];
		const reason = stringOption(ctx.values, 'reason');
		return withSession(ctx, async (s) => {
			const { ev, eventFestival, q } = await findRequest(s, festArg, eventArg, resourceArg);
			if (ev.item.owner !== s.author)
				throw new CliError(
					`only the owner of event "${ev.item.title}" (${short(ev.item.owner)}) can withdraw its requests; you are ${short(s.author)}`
				);
			if (q.status === 'withdrawn' && q.history.at(-1)?.by === s.author)
				throw new CliError(`the request is withdrawn already`);
			await withdrawRequest(
				s.host.editable(eventFestival),
				ev.item.id,
				q.resource,
				new Date(),
				reason
			);
			return 0;
		});
	}
};

/** The `decide` and `request withdraw` commands. */
export const decideCommands: readonly Command[] = [decideCmd, withdrawCmd];
