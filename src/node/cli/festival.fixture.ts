/**
 * What the festival CLI tests share: the shape of `show --json` they read, homes that exchange
 * bundles as files, and small helpers for times and request statuses.
 */
import { cliHomes, type CliPerson } from './homes.fixture.js';

/** The part of `festival show --json` the tests read. */
export interface Show {
	id: string;
	name: string;
	resources: { id: string; name: string; kind: string; owner: string; policy: string }[];
	events: {
		id: string;
		title: string;
		start: string;
		end: string;
		owner: string;
		requests: { resource: string; festival: string; status: string; reason?: string }[];
	}[];
}

/** A person of {@link festivalHomes}. */
export type Person = CliPerson<Show>;

/** A temporary folder of homes (see cliHomes) that send festivals to each other as bundles. */
export function festivalHomes(name: string) {
	const homes = cliHomes<Show>(name);
	return {
		homes,
		person: (who: string) => homes.person(who),
		/** Exports `fest` from `from` and imports it into `to`; returns the imported ids. */
		send: (from: Person, fest: string, to: Person) => homes.send(from, fest, to)
	};
}

/** 1 July 2026 at `h`:`m` UTC. */
export const HOUR = (h: number, m = 0) =>
	`2026-07-01T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`;

/** The `[status, reason]` of each request of `event`. */
export const status = (s: Show, event: string) =>
	s.events.find((e) => e.id === event)!.requests.map((r) => [r.status, r.reason ?? null]);
