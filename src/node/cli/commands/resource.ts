/**
 * `festival resource add FEST --name N --kind location|thing|skill|other [--policy first-come|manual]
 * [--lat X --lon Y] [--address A] [--url U] [--capacity N|unlimited] [--requires RESOURCE]... [--available START/END]... [--description D]`
 *
 * Prints the new resource's id. `--capacity unlimited`: any number may hold it at once.
 * `--requires` (repeatable) names resources (of FEST or an ancestor) an event must hold too,
 * for the same time, for its hold on this one to count. Availability windows are ISO 8601 intervals `START/END`; times
 * without an offset are read in the festival's time zone. Place options (--lat/--lon,
 * --address, --url) are for locations only.
 * @module
 */
import { addResource } from '../../../lib/core/model/edits.js';
import { addGroupResource, readTree, type GroupId } from '../../../lib/core/index.js';
import { findGroup } from './group.js';
import {
	checkResource,
	readMeta,
	RESOURCE_KINDS,
	type PlaceInput,
	type ResourceInput,
	type ResourceKind,
	type TimeFrame,
	type ResourceId,
	parseFrame
} from '../../../lib/core/index.js';
import { findResource } from './settings.js';
import {
	CliError,
	println,
	stringOption,
	UsageError,
	type Command,
	type OptionValues
} from '../command.js';
import { withSession } from '../session.js';
import { policyChoices, policyFromCli } from '../policies.js';
import { orFail } from '../problems.js';

/** All values of a repeatable string option. */
export function many(values: OptionValues, name: string): string[] {
	const v = values[name];
	if (v === undefined) return [];
	return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** The place options as typed (checked by core with the rest of the resource). */
function place(values: OptionValues): PlaceInput | undefined {
	const p = {
		lat: stringOption(values, 'lat'),
		lon: stringOption(values, 'lon'),
		address: stringOption(values, 'address'),
		url: stringOption(values, 'url')
	};
	const given = Object.entries(p).filter(([, x]) => x !== undefined);
	return given.length ? Object.fromEntries(given) : undefined;
}

const resourceAdd: Command = {
	name: ['resource', 'add'],
	args:
		'FEST --name N --kind location|thing|skill|other [--policy first-come|manual] [--lat X --lon Y] [--address A] [--url U] ' +
		'[--capacity N|unlimited] [--requires RESOURCE]... [--available START/END]... [--description D] [--owner GROUP]',
	summary:
		'add a resource you own (or a group you belong to owns, with --owner) to a festival and print its id (policy default: manual)',
	options: {
		name: { type: 'string' },
		kind: { type: 'string' },
		policy: { type: 'string' },
		lat: { type: 'string' },
		lon: { type: 'string' },
		address: { type: 'string' },
		url: { type: 'string' },
		capacity: { type: 'string' },
		available: { type: 'string', multiple: true },
		requires: { type: 'string', multiple: true },
		description: { type: 'string' },
		owner: { type: 'string' }
	},
	positionals: ['FEST'],
	async run(ctx) {
		const v = ctx.values;
		const name = stringOption(v, 'name');
		const kind = stringOption(v, 'kind');
		if (name === undefined) throw new UsageError('--name is required');
		if (kind === undefined)
			throw new UsageError(`--kind is required (${RESOURCE_KINDS.join(', ')})`);
		const rawPolicy = stringOption(v, 'policy') ?? 'manual';
		const policy = policyFromCli(rawPolicy);
		if (!policy)
			throw new CliError(
				`--policy must be one of ${policyChoices().join(', ')}, not "${rawPolicy}"`
			);
		const capacity = stringOption(v, 'capacity');
		const description = stringOption(v, 'description');
		const where = place(v);
		const input: ResourceInput = {
			name,
			kind: kind as ResourceKind,
			policy,
			...(description !== undefined ? { description } : {}),
			...(capacity !== undefined ? { capacity } : {}),
			...(where ? { place: where } : {})
		};
		orFail(checkResource(input), input, WORDING); // before the home is opened
		return withSession(ctx, async (s) => {
			const f = await s.festival(ctx.positionals[0]!);
			const meta = readMeta(f.doc.meta);
			const tz = meta.ok ? meta.value.tz : 'UTC';
			const availability: TimeFrame[] = many(v, 'available').map((w) => {
				const parts = w.split('/');
				if (parts.length !== 2)
					throw new CliError(
						`--available "${w}" is not START/END (like 2026-07-01T09:00/2026-07-01T18:00)`
					);
				const frame = parseFrame(parts[0]!, parts[1]!, tz);
				if (!frame.ok) throw new CliError(`--available ${w}: ${frame.error.reason}`);
				return frame.value;
			});
			const requires: ResourceId[] = [];
			for (const r of many(v, 'requires')) requires.push(await findResource(s, f, r));
			const full = {
				...input,
				...(availability.length ? { availability } : {}),
				...(requires.length ? { requires } : {})
			};
			const owner = stringOption(v, 'owner');
			let group: { id: GroupId; heads: readonly GroupId[] } | undefined;
			if (owner !== undefined) {
				const g = findGroup(readTree(await s.tree([f])), owner);
				if (!g.members.some((m) => m.key === s.author))
					throw new CliError(
						`you are not a member of group "${g.name}", so it cannot own what you add`
					);
				group = { id: g.id, heads: g.heads };
			}
			const author = s.me.identity.author;
			const at = s.host.editable(f.id);
			const id = orFail(
				group
					? await addGroupResource(at, author, full, group.id, group.heads)
					: await addResource(at, author, full),
				full,
				WORDING
			);
			println(ctx.io.stdout, id);
			return 0;
		});
	}
};

const WORDING = { name: 'resource name', options: { capacity: '--capacity' } } as const;

/** The `resource` commands. */
export const resourceCommands: readonly Command[] = [resourceAdd];
