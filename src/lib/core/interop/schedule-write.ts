/**
 * Writing a read schedule.json (schedule-import.ts) into a festival: rooms become the
 * importer's first-come locations, talks its events, decided at once in file order; and
 * {@link importSchedule}, reading and writing into a new festival.
 * @module
 */
import { addEvent, addResource, decide, type FestivalDoc } from '../festival/document/doc.js';
import { Festival, type FestivalContext } from '../festival/festival.js';
import type { EventId, FestivalId, ResourceId } from '../festival/document/ids.js';
import type { AuthorId } from '../identity/identity.js';
import type { ResourceData } from '../festival/document/schema.js';
import { readSchedule, type ImportProblem, type SchedulePlan } from './schedule-import.js';

/**
 * Rooms or talks written per Automerge change: a change must fit in one log entry (4 MiB).
 * With the text limits, 50 talks take at most 50 × 10,700 characters (3 bytes each in
 * UTF-8 at worst), about 1.6 MB, and 50 rooms far less.
 */
const BATCH = 50;

/** What {@link writeSchedule} made. */
export interface ScheduleWritten {
	/** Resource ids by room name. */
	readonly rooms: ReadonlyMap<string, ResourceId>;
	/** Event ids, in the order of the plan's talks. */
	readonly events: readonly EventId[];
	/** Talks whose room was taken by an overlapping earlier talk. */
	readonly problems: ImportProblem[];
}

/** How {@link writeSchedule} paces its changes (an app keeps its page responsive with them). */
export interface WritePace {
	/**
	 * A change stops taking talks once it has spent this long (ms) on them (it takes at least
	 * one, and at most 50): a page's main thread is not held for long by one change.
	 */
	readonly sliceMs?: number;
	/** Awaited between changes: an app gives the browser its turn (input, rendering) there. */
	readonly pause?: () => Promise<void>;
	/** The clock the slices are measured with (ms). */
	readonly now?: () => number;
	/**
	 * What one change may spend before its first pause, committing included (ms): a change that
	 * took longer leaves its followers fewer talks in proportion (committing a change costs more
	 * as the document grows), one that took less lets them take twice as many again.
	 */
	readonly changeMs?: number;
}

/** Where {@link writeSchedule} writes: a {@link Festival}, or an app's wrapper around one. */
export interface ScheduleTarget {
	readonly id: FestivalId;
	/** Makes one local change (see {@link Festival.change}). */
	change<T>(fn: (d: FestivalDoc) => T): Promise<T>;
}

/**
 * Writes a plan into a festival (normally a new one, made with the plan's name and zone):
 * rooms as first-come locations owned by `author`, talks as `author`'s events requesting
 * their room, each accepted unless an earlier talk of the plan holds the room then.
 */
export async function writeSchedule(
	f: ScheduleTarget,
	author: AuthorId,
	plan: SchedulePlan,
	now = new Date(),
	pace: WritePace = {}
): Promise<ScheduleWritten> {
	const rooms = new Map<string, ResourceId>();
	const events: EventId[] = [];
	const problems: ImportProblem[] = [];
	const clock = pace.now ?? (() => Date.now());
	const slice = pace.sliceMs ?? Infinity;
	let made = 0;
	/** How many items the next change may take at most. */
	let cap = BATCH;
	/**
	 * Writes `items` from `from` in one change: up to {@link BATCH} of them (fewer while changes
	 * overrun `changeMs`), fewer once the change has spent `sliceMs`; returns where the next
	 * change starts.
	 */
	const batch = async <I>(
		items: readonly I[],
		from: number,
		write: (d: FestivalDoc, item: I) => void
	): Promise<number> => {
		if (made++ > 0) await pace.pause?.();
		let next = from;
		const t0 = clock();
		// Up to its first pause, a change is what holds the page: the write and its commit.
		const done = f.change((d) => {
			const t1 = clock();
			const end = Math.min(items.length, from + cap);
			do write(d, items[next++]!);
			while (next < end && clock() - t1 < slice);
		});
		const spent = clock() - t0;
		if (pace.changeMs !== undefined) {
			const count = next - from;
			cap =
				spent > pace.changeMs
					? Math.max(1, Math.floor((count * pace.changeMs) / spent))
					: Math.min(BATCH, Math.max(cap, count * 2));
		}
		await done;
		return next;
	};
	// In batches: one Automerge change must fit in one log entry's payload.
	for (let from = 0; from < plan.rooms.length;) {
		from = await batch(plan.rooms, from, (d, room) => {
			const data: ResourceData = {
				name: room.name,
				kind: 'location',
				policy: 'first-come',
				...(room.description ? { description: room.description } : {}),
				...(room.url ? { place: { url: room.url } } : {})
			};
			rooms.set(room.name, addResource(d, author, data));
		});
	}
	// The importer owns the rooms and decides at once, first come first served in file order:
	// a talk gets its room unless an earlier talk of the file holds it then.
	const held = new Map<string, [number, number][]>();
	const at = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
	for (let from = 0; from < plan.talks.length;) {
		from = await batch(plan.talks, from, (d, t) => {
			const resource = rooms.get(t.room)!;
			const frame = { start: t.start, end: t.end };
			const event = addEvent(d, author, {
				title: t.title,
				...frame,
				tags: t.tags,
				requests: [{ resource, festival: f.id }],
				...(t.description ? { description: t.description } : {})
			});
			events.push(event);
			const span: [number, number] = [Date.parse(t.start), Date.parse(t.end)];
			const list = held.get(t.room) ?? [];
			const taken = list.some(([s, e]) => s < span[1] && span[0] < e);
			if (taken)
				problems.push({
					where: t.where,
					reason: `"${t.title.slice(0, 40)}": imported, but ${t.room} was taken (an earlier talk overlaps)`
				});
			else {
				list.push(span);
				held.set(t.room, list);
			}
			decide(d, {
				resource,
				event,
				festival: f.id,
				verdict: taken ? 'deny' : 'accept',
				frame,
				at,
				...(taken ? { reason: 'taken' } : {})
			});
		});
	}
	return { rooms, events, problems };
}

/** The outcome of {@link importSchedule}. */
export interface ScheduleImport {
	/** The new festival, if anything could be imported. */
	readonly festival?: Festival;
	readonly written?: ScheduleWritten;
	/** Everything not imported as it stood, in document order, then the taken rooms. */
	readonly problems: readonly ImportProblem[];
}

/** Reads a schedule.json text and imports it into a new festival of `ctx`'s identity. */
export async function importSchedule(
	ctx: FestivalContext,
	input: string,
	now = new Date()
): Promise<ScheduleImport> {
	const read = readSchedule(input);
	if (!read.plan) return { problems: read.problems };
	const festival = await Festival.create(ctx, {
		name: read.plan.name,
		tz: read.plan.tz,
		now,
		...(read.plan.description ? { description: read.plan.description } : {})
	});
	const written = await writeSchedule(festival, ctx.identity.author, read.plan, now);
	return { festival, written, problems: [...read.problems, ...written.problems] };
}
