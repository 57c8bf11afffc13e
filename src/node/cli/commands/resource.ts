/**
 * `festival resource add FEST --name N --kind location|thing|skill|other [--policy first-come|manual]
 * [--lat X --lon Y] [--address A] [--url U] [--capacity N] [--available START/END]... [--description D]`
 *
 * Prints the new resource's id. Availability windows are ISO 8601 intervals `START/END`; times
 * without an offset are read in the festival's time zone. Place options (--lat/--lon,
 * --address, --url) are for locations only.
 * @module
 */
import {
	addResource,
	checkPlaceUrl,
	parseFrame,
	type Place,
	readMeta,
	RESOURCE_KINDS,
	type ResourceData,
	type ResourceKind,
	type TimeFrame
} from '../../../lib/core/index.js';
import {
	CliError,
	println,
	stringOption,
	UsageError,
	type Command,
	type OptionValues
} from '../command.js';
import { withSession } from '../session.js';
import { checkName } from './create.js';
import { policyChoices, policyFromCli } from '../policies.js';

/** All values of a repeatable string option. */
export function many(values: OptionValues, name: string): string[] {
	const v = values[name];
	if (v === undefined) return [];
	return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

function number(values: OptionValues, name: string, min: number, max: number): number | undefined {
	const raw = stringOption(values, name);
	if (raw === undefined) return undefined;
	const n = Number(raw);
	if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max)
		throw new CliError(`--${name} must be a number from ${min} to ${max}, not "${raw}"`);
	return n;
}

function place(values: OptionValues, kind: ResourceKind): Place | undefined {
	const lat = number(values, 'lat', -90, 90);
	const lon = number(values, 'lon', -180, 180);
	const address = stringOption(values, 'address');
	const url = stringOption(values, 'url');
	if ((lat === undefined) !== (lon === undefined))
		throw new CliError('--lat and --lon go together');
	const given = lat !== undefined || address !== undefined || url !== undefined;
	if (!given) return undefined;
	if (kind !== 'location')
		throw new CliError('--lat/--lon, --address and --url are for --kind location only');
	const checkedUrl = url === undefined ? undefined : checkPlaceUrl(url);
	if (checkedUrl && !checkedUrl.ok) throw new CliError(`--url: ${checkedUrl.error.reason}`);
	if (address !== undefined && !address.trim()) throw new CliError('--address must not be empty');
	return {
		...(lat !== undefined && lon !== undefined ? { lat, lon } : {}),
		...(address !== undefined ? { address: address.trim() } : {}),
		...(checkedUrl?.ok ? { url: checkedUrl.value } : {})
	};
}

const resourceAdd: Command = {
	name: ['resource', 'add'],
	args:
		'FEST --name N --kind location|thing|skill|other [--policy first-come|manual] [--lat X --lon Y] [--address A] [--url U] ' +
		'[--capacity N] [--available START/END]... [--description D]',
	summary: 'add a resource you own to a festival and print its id (policy default: manual)',
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
		description: { type: 'string' }
	},
	positionals: ['FEST'],
	async run(ctx) {
		const v = ctx.values;
		const rawName = stringOption(v, 'name');
		const kind = stringOption(v, 'kind');
		if (rawName === undefined) throw new UsageError('--name is required');
		if (kind === undefined)
			throw new UsageError(`--kind is required (${RESOURCE_KINDS.join(', ')})`);
		const name = checkName(rawName, 'resource name');
		if (!RESOURCE_KINDS.includes(kind as ResourceKind))
			throw new CliError(`--kind must be one of ${RESOURCE_KINDS.join(', ')}, not "${kind}"`);
		const rawPolicy = stringOption(v, 'policy') ?? 'manual';
		const policy = policyFromCli(rawPolicy);
		if (!policy)
			throw new CliError(
				`--policy must be one of ${policyChoices().join(', ')}, not "${rawPolicy}"`
			);
		const capacityRaw = stringOption(v, 'capacity');
		let capacity: number | undefined;
		if (capacityRaw !== undefined) {
			capacity = Number(capacityRaw);
			if (!/^\d+$/.test(capacityRaw.trim()) || !Number.isSafeInteger(capacity) || capacity < 1) {
				throw new CliError(`--capacity must be a whole number of at least 1, not "${capacityRaw}"`);
			}
		}
		const where = place(v, kind as ResourceKind);
		const description = stringOption(v, 'description');
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
			const data: ResourceData = {
				name,
				kind: kind as ResourceKind,
				policy,
				...(description ? { description } : {}),
				...(capacity !== undefined ? { capacity } : {}),
				...(availability.length ? { availability } : {}),
				...(where ? { place: where } : {})
			};
			const id = await f.change((d) => addResource(d, s.me.identity.author, data));
			println(ctx.io.stdout, id);
			return 0;
		});
	}
};

/** The `resource` commands. */
export const resourceCommands: readonly Command[] = [resourceAdd];
