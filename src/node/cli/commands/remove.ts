/**
 * `festival event rm FEST EVENT` and `festival resource rm FEST RESOURCE`: remove an event or
 * resource you own (an id or a unique prefix of one, in FEST). A removed resource stays as a
 * tombstone so that events that requested it say it was removed; see festival/document/doc.ts.
 * @module
 */
import { removeEvent, removeResource } from '../../../lib/core/model/edits.js';
import { type EventId, type ResourceId, readTree } from '../../../lib/core/index.js';
import { CliError, println, type Command } from '../command.js';
import { findItem, withSession } from '../session.js';

const short = (s: string) => s.slice(0, 8);

function removeCommand(kind: 'event' | 'resource'): Command {
	const ARG = kind === 'event' ? 'EVENT' : 'RESOURCE';
	return {
		name: [kind, 'rm'],
		args: `FEST ${ARG}`,
		summary: `remove ${kind === 'event' ? 'an event' : 'a resource'} you own from FEST`,
		options: {},
		positionals: ['FEST', ARG],
		async run(ctx) {
			const [festArg, itemArg] = ctx.positionals as [string, string];
			return withSession(ctx, async (s) => {
				const f = await s.festival(festArg);
				const model = readTree(await s.tree([f]));
				const here = model.festivals.get(f.id);
				const items: ReadonlyMap<
					string,
					{ id: string; owner: string; title?: string; name?: string }
				> = (kind === 'event' ? here?.events : here?.resources) ?? new Map();
				const found = findItem(
					[[f.id, items]] as const,
					itemArg,
					kind,
					String(f.doc.meta?.name ?? f.id.slice(0, 12))
				);
				const item = found.item;
				const label = item.title ?? item.name ?? '';
				if (item.owner !== s.author) {
					throw new CliError(
						`only its owner (${short(item.owner)}) can remove ${kind} "${label}"; you are ${short(s.author)}`
					);
				}
				if (kind === 'event') await removeEvent(s.host.editable(f.id), item.id as EventId);
				else await removeResource(s.host.editable(f.id), item.id as ResourceId);
				println(ctx.io.stdout, `removed ${kind} "${label}" (${short(item.id)})`);
				return 0;
			});
		}
	};
}

/** `event rm` and `resource rm`. */
export const removeCommands: readonly Command[] = [
	removeCommand('event'),
	removeCommand('resource')
];
