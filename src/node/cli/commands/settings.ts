/**
 * `festival settings FEST [--name N] [--tz ZONE] [--description D] [--events-need RESOURCE|none]`:
 * shows a festival's settings, or changes them (only its creator may; options left out keep
 * their value, an empty description removes it). `--events-need` names the resource (a
 * ticket, in FEST or an ancestor) an event's owner must hold for the event to count; `none`
 * lifts the rule. `festival forget FEST`: removes a festival from this home.
 * @module
 */
import {
	edits,
	metaCreator,
	readMeta,
	readTree,
	type ResourceId
} from '../../../lib/core/index.js';
import { CliError, println, stringOption, type Command } from '../command.js';
import { orFail } from '../problems.js';
import { findItem, withSession, type Session } from '../session.js';

const short = (s: string) => s.slice(0, 8);

const settings: Command = {
	name: ['settings'],
	args: 'FEST [--name N] [--tz ZONE] [--description D] [--events-need RESOURCE|none]',
	summary:
		"show a festival's settings, or change them (its creator only): name, time zone, description, the ticket events need",
	options: {
		name: { type: 'string' },
		tz: { type: 'string' },
		description: { type: 'string' },
		'events-need': { type: 'string' }
	},
	positionals: ['FEST'],
	async run(ctx) {
		return withSession(ctx, async (s) => {
			const f = await s.festival(ctx.positionals[0]!);
			const meta = readMeta(f.doc.meta);
			if (!meta.ok)
				throw new CliError(`this festival's settings do not read: ${meta.error.reason}`);
			const now = meta.value;
			const creator = metaCreator(f.doc);
			const given = (['name', 'tz', 'description'] as const).filter(
				(k) => stringOption(ctx.values, k) !== undefined
			);
			const need = stringOption(ctx.values, 'events-need');
			if (given.length === 0 && need === undefined) {
				const view = readTree(await s.tree([f])).festivals.get(f.id);
				const ticket = view?.meta?.eventsNeed;
				println(ctx.io.stdout, `name: ${now.name}`);
				println(ctx.io.stdout, `time zone: ${now.tz}`);
				println(ctx.io.stdout, `description: ${now.description ?? ''}`);
				println(ctx.io.stdout, `creator: ${creator ?? '(unknown)'}`);
				println(ctx.io.stdout, `events need: ${ticket ?? 'none'}`);
				return 0;
			}
			if (creator !== s.author)
				throw new CliError(
					`only the festival's creator (${short(creator ?? '?')}) can change its settings; you are ${short(s.author)}`
				);
			if (need !== undefined) {
				const ticket = need === 'none' ? undefined : await findResource(s, f, need);
				orFail(await edits.editEventsNeed(s.host.editable(f.id), s.me.identity.author, ticket), {});
				println(
					ctx.io.stdout,
					ticket ? `events now need resource ${ticket}` : 'events need no ticket any more'
				);
				if (given.length === 0) return 0;
			}
			const description = stringOption(ctx.values, 'description') ?? now.description ?? '';
			const input = {
				name: stringOption(ctx.values, 'name') ?? now.name,
				tz: stringOption(ctx.values, 'tz') ?? now.tz,
				...(description ? { description } : {})
			};
			orFail(await edits.editSettings(s.host.editable(f.id), s.me.identity.author, input), input, {
				name: 'festival name'
			});
			println(ctx.io.stdout, `changed ${given.join(', ')} of "${input.name}"`);
			return 0;
		});
	}
};

/** A resource (id or unique prefix) of `f` or one of its ancestors. */
export async function findResource(
	s: Session,
	f: Awaited<ReturnType<Session['festival']>>,
	arg: string
): Promise<ResourceId> {
	const ancestry = await s.ancestry(f);
	const model = readTree(await s.tree([f]));
	const places = ancestry.map(
		(g) => [g.id, model.festivals.get(g.id)?.resources ?? new Map()] as const
	);
	const where = ancestry.map((g) => String(g.doc.meta?.name ?? g.id.slice(0, 12))).join(' or ');
	return (findItem<{ id: ResourceId }>(places, arg, 'resource', where).item as { id: ResourceId })
		.id;
}

const forget: Command = {
	name: ['forget'],
	args: 'FEST',
	summary:
		'remove a festival and everything it holds from this home (peers keep theirs; sub-festivals stay)',
	options: {},
	positionals: ['FEST'],
	async run(ctx) {
		return withSession(ctx, async (s) => {
			const id = await s.resolve(ctx.positionals[0]!);
			const name = (await s.list()).find((x) => x.id === id)?.name ?? id;
			await s.host.forget(id);
			println(ctx.io.stdout, `removed "${name}" (${id.slice(0, 12)}…) from this home`);
			return 0;
		});
	}
};

/** `settings` and `forget`. */
export const settingsCommands: readonly Command[] = [settings, forget];
