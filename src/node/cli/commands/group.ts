/**
 * Groups (communal owners, PROTOCOL.md "Groups"):
 * - `festival group create FEST NAME` prints the new group's id (you are its first admin);
 * - `festival group add FEST GROUP KEY [--admin]` adds a member (an admin with --admin);
 * - `festival group rm FEST GROUP KEY` removes one;
 * - `festival group list FEST` lists the groups with their members.
 * GROUP is a group id or a unique prefix. Only the group's creator and its admins may add or
 * remove members (a member may remove itself); every peer ignores the changes of anyone else.
 * @module
 */
import {
	changeMember,
	createGroup,
	readTree,
	type GroupId,
	type TreeModel
} from '../../../lib/core/index.js';
import type { ResolvedGroup } from '../../../lib/core/festival/read/groups.js';
import { CliError, flag, println, type Command } from '../command.js';
import { orFail } from '../problems.js';
import { withSession, type Session } from '../session.js';

const short = (s: string) => `${s.slice(0, 12)}…`;

/** The group GROUP names (an id or unique prefix) in the tree of FEST. */
export function findGroup(model: TreeModel, arg: string): ResolvedGroup {
	const want = arg.trim().toLowerCase();
	if (!/^[0-9a-f]+$/.test(want)) throw new CliError(`"${arg}" is not a group id`);
	const hits = [...model.groups.groups.values()].filter((g) => g.exists && g.id.startsWith(want));
	if (hits.length === 0) throw new CliError(`unknown group ${arg} (not in this festival's tree)`);
	if (hits.length > 1)
		throw new CliError(`"${arg}" matches ${hits.length} groups; give more of the id`);
	return hits[0]!;
}

async function modelOf(s: Session, festArg: string) {
	const f = await s.festival(festArg);
	return { f, model: readTree(await s.tree([f])) };
}

const create: Command = {
	name: ['group', 'create'],
	args: 'FEST NAME',
	summary: 'create a group (a communal owner) with you as its first admin, and print its id',
	options: {},
	positionals: ['FEST', 'NAME'],
	async run(ctx) {
		const [festArg, name] = ctx.positionals as [string, string];
		return withSession(ctx, async (s) => {
			const f = await s.festival(festArg);
			const id = orFail(await createGroup(s.host.editable(f.id), s.me.identity.author, name), {
				name
			});
			println(ctx.io.stdout, id);
			return 0;
		});
	}
};

function member(change: 'add' | 'rm'): Command {
	return {
		name: ['group', change],
		args: change === 'add' ? 'FEST GROUP KEY [--admin]' : 'FEST GROUP KEY',
		summary:
			change === 'add'
				? 'as an admin of a group, add a member (an admin too with --admin)'
				: 'as an admin of a group, remove a member (or remove yourself)',
		options: change === 'add' ? { admin: { type: 'boolean' } } : {},
		positionals: ['FEST', 'GROUP', 'KEY'],
		async run(ctx) {
			const [festArg, groupArg, keyArg] = ctx.positionals as [string, string, string];
			const key = keyArg.trim().toLowerCase();
			if (!/^[0-9a-f]{64}$/.test(key))
				throw new CliError(`"${keyArg}" is not a public key (64 hex characters)`);
			return withSession(ctx, async (s) => {
				const { f, model } = await modelOf(s, festArg);
				const g = findGroup(model, groupArg);
				const me = g.members.find((m) => m.key === s.author);
				const leaving = change === 'rm' && key === s.author && me;
				if (!me?.admin && !leaving)
					throw new CliError(
						`only the creator of group "${g.name}" or its admins can change its members; you are ${short(s.author)}`
					);
				if (change === 'rm' && !g.members.some((m) => m.key === key))
					throw new CliError(`${short(key)} is not a member of group "${g.name}"`);
				const admin = change === 'add' && flag(ctx.values, 'admin');
				orFail(
					await changeMember(
						s.host.editable(f.id),
						s.me.identity.author,
						g.id as GroupId,
						change === 'add' ? 'add' : 'remove',
						key,
						g.heads,
						admin
					),
					{ member: key }
				);
				return 0;
			});
		}
	};
}

const list: Command = {
	name: ['group', 'list'],
	args: 'FEST',
	summary: 'list the groups of a festival’s tree with their members',
	options: {},
	positionals: ['FEST'],
	async run(ctx) {
		return withSession(ctx, async (s) => {
			const { f, model } = await modelOf(s, ctx.positionals[0]!);
			const people = model.festivals.get(f.id)?.people;
			for (const g of model.groups.groups.values()) {
				if (!g.exists) continue;
				println(ctx.io.stdout, `${g.id}  ${g.name}`);
				for (const m of g.members)
					println(
						ctx.io.stdout,
						`  ${m.key}  ${people?.get(m.key)?.name ?? ''}${m.admin ? '  (admin)' : ''}`
					);
			}
			return 0;
		});
	}
};

export const groupCommands: readonly Command[] = [create, member('add'), member('rm'), list];
