/**
 * `festival show FEST [--json]`: the festival as its people see it (the read model after the
 * ownership filter): resources with their owners, events with their requests' statuses
 * (pending, accepted, denied, conflict, withdrawn) with their histories (who decided or
 * withdrew, when, why), each event's derived `status.state` (confirmed, partly, waiting,
 * denied, conflict, none), its series (`series: [{id, owner, title, occurrences: [{event,
 * index, start, end, status, label}]}]`; each occurrence's event has `series: {id, index}`), and its people: each owner by the name they published
 * (with the short key where names could be confused; PROTOCOL.md, "People"), every full key
 * under `people`. `--json` prints the read model (`people: [{key, name, label}]`, `ownerName`
 * beside every `owner`; `unadmitted`: events whose owner holds no ticket the festival needs;
 * `personal`: people's requests for themselves); without it, a summary with times in the festival's zone.
 * @module
 */
import { type FestivalView, readFestival, seriesOf, wallTime } from '../../../lib/core/index.js';
import { CliError, flag, println, type Command, type Writer } from '../command.js';
import { withSession } from '../session.js';

const short = (s: string) => s.slice(0, 8);
const DID = { accept: 'accepted', deny: 'denied', withdraw: 'withdrew' } as const;

function when(iso: string, tz: string): string {
	const w = wallTime(Date.parse(iso), tz);
	const two = (n: number) => String(n).padStart(2, '0');
	return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}`;
}

/** Writes the readable summary of a festival. */
export function printSummary(out: Writer, v: FestivalView, me: string): void {
	const labels = new Map(v.people.map((p) => [p.key, p.label]));
	for (const g of v.groups ?? []) labels.set(g.id, `group ${g.name}`);
	const who = (owner: string) => (owner === me ? 'you' : (labels.get(owner) ?? `${short(owner)}…`));
	println(out, `${v.name}  (${v.id})`);
	println(
		out,
		`  time zone ${v.tz}${v.parent ? `, inside ${short(v.parent)}` : ''}${v.forkedFrom ? `, forked from ${short(v.forkedFrom)}` : ''}`
	);
	println(out, `resources (${v.resources.length}):`);
	for (const r of v.resources) {
		const extra = [
			r.capacity !== undefined ? `capacity ${r.capacity}` : '',
			r.place?.address ?? '',
			r.place?.url ?? ''
		]
			.filter(Boolean)
			.join(', ');
		println(
			out,
			`  ${r.id}  ${r.name}  [${r.kind}, ${r.policy}]  owner ${who(r.owner)}${extra ? `  ${extra}` : ''}`
		);
	}
	const names = new Map(v.resources.map((r) => [r.id, r.name]));
	println(out, `events (${v.events.length}):`);
	for (const e of v.events) {
		println(
			out,
			`  ${e.id}  ${when(e.start, v.tz)} – ${when(e.end, v.tz)}  ${e.title}  (${e.status.label})  owner ${who(e.owner)}${e.series ? `  repeats (series ${short(e.series.id)}, #${e.series.index + 1})` : ''}`
		);
		for (const q of e.requests) {
			println(
				out,
				`      ${names.get(q.resource) ?? q.resource}: ${q.status}${q.reason ? ` (${q.reason})` : ''}`
			);
			for (const h of q.history)
				println(
					out,
					`        ${when(h.at, v.tz)}  ${who(h.by)} ${DID[h.verdict]}${h.reason ? ` (${h.reason})` : ''}`
				);
		}
	}
	if (v.eventsNeed) println(out, `events need: ${names.get(v.eventsNeed) ?? v.eventsNeed}`);
	if (v.unadmitted?.length) {
		println(out, `not admitted, their owners hold no ticket (${v.unadmitted.length}):`);
		for (const e of v.unadmitted)
			println(out, `  ${e.id}  ${when(e.start, v.tz)}  ${e.title}  owner ${who(e.owner)}`);
	}
	if (v.personal?.length) {
		println(out, `personal requests (${v.personal.length}):`);
		for (const p of v.personal)
			println(
				out,
				`  ${p.id}  ${names.get(p.resource) ?? p.resource} for ${who(p.person)}: ${p.status}${p.reason ? ` (${p.reason})` : ''}`
			);
	}
	if (v.people.length) {
		println(out, `people (${v.people.length}):`);
		for (const p of v.people)
			println(out, `  ${p.key}  ${p.name ?? '(no name published)'}${p.key === me ? ' (you)' : ''}`);
	}
	if (v.children.length) {
		println(out, `sub-festivals (${v.children.length}):`);
		for (const c of v.children) println(out, `  ${c.id}  ${c.name}`);
	}
	if (v.problems.length) {
		println(out, `skipped (${v.problems.length}):`);
		for (const p of v.problems) println(out, `  ${p.where}: ${p.reason}`);
	}
}

const show: Command = {
	name: ['show'],
	args: 'FEST [--json]',
	summary:
		'show a festival: resources, events and the status of each request (--json: the read model)',
	options: { json: { type: 'boolean' } },
	positionals: ['FEST'],
	async run(ctx) {
		return withSession(ctx, async (s) => {
			const f = await s.festival(ctx.positionals[0]!);
			const view = readFestival(await s.tree([f]), f.id);
			if (!view) throw new CliError(`festival ${f.id} cannot be read`);
			// Beside the view: its series, each occurrence with its event's status (PROTOCOL.md, "Series").
			const json = { ...view, series: seriesOf(view.events) };
			if (flag(ctx.values, 'json')) println(ctx.io.stdout, JSON.stringify(json, null, 2));
			else printSummary(ctx.io.stdout, view, s.author);
			return 0;
		});
	}
};

/** The `show` command. */
export const showCommands: readonly Command[] = [show];
