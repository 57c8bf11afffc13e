/**
 * What a peer knows about the integrity of a festival beyond its document: logs whose author
 * signed two histories (forks, "equivocation") and entries whose payload it refused. The read
 * model is a pure function of documents, so this travels with the document object: the engine
 * attaches it to every document it holds ({@link attachIntegrity}) and `parseFestival` reads it
 * ({@link integrityOf}), ignoring what void logs wrote and listing the notes as problems.
 * @module
 */
import type { AuthorId } from '../../identity/identity.js';
import { actorFor } from '../document/ids.js';

/** One note for the people reading a festival: where, and why. */
export interface IntegrityNote {
	readonly where: string;
	readonly reason: string;
}

/** Integrity facts about one festival on this peer. */
export interface Integrity {
	/**
	 * Automerge actors (author key + log id, 80 hex) whose log is forked: everything they wrote
	 * counts for nothing, on every peer that knows of the fork.
	 */
	readonly voidActors: ReadonlySet<string>;
	/** What was refused or voided, for people (bounded). */
	readonly notes: readonly IntegrityNote[];
}

const registry = new WeakMap<object, Integrity>();

/** Records the integrity facts that hold for a document object. */
export function attachIntegrity(doc: object, integrity: Integrity): void {
	if (integrity.voidActors.size || integrity.notes.length) registry.set(doc, integrity);
}

/** The integrity facts recorded for a document object, if any. */
export function integrityOf(doc: object): Integrity | undefined {
	return registry.get(doc);
}

/** How many notes a festival keeps (the first ones; later ones are counted in the last). */
export const MAX_NOTES = 200;

/**
 * What an engine remembers of misbehaviour: authors flagged with their reasons, forked logs
 * (void actors) and notes for people (the first {@link MAX_NOTES}, each once).
 */
export class IntegrityLedger {
	/** Authors who broke a write rule or forked a log, with the reasons. */
	readonly misbehaving = new Map<string, string[]>();
	/** Actors whose log is forked, and notes for people. */
	readonly integrity: { voidActors: Set<string>; notes: IntegrityNote[] } = {
		voidActors: new Set(),
		notes: []
	};
	readonly #noted = new Set<string>();

	/** Flags an author, with the reason. */
	flag(author: string, reason: string): void {
		const list = this.misbehaving.get(author) ?? [];
		list.push(reason);
		this.misbehaving.set(author, list);
	}

	/** Adds a note for people, once: true if it is new (and kept). */
	note(where: string, reason: string): boolean {
		const key = `${where}\n${reason}`;
		if (this.#noted.has(key) || this.#noted.size >= MAX_NOTES) return false;
		this.#noted.add(key);
		this.integrity.notes.push({ where, reason });
		return true;
	}

	/**
	 * Voids a forked log: its actor, a report entry, its author flagged, a note. False if the
	 * log was void already.
	 */
	voidLog(
		author: string,
		logId: bigint,
		reason: string,
		report?: { voidLogs: { author: string; logId: bigint; reason: string }[] }
	): boolean {
		const actor = actorFor(author as AuthorId, logId);
		if (this.integrity.voidActors.has(actor)) return false;
		this.integrity.voidActors.add(actor);
		report?.voidLogs.push({ author, logId, reason });
		this.flag(author, reason);
		this.note(
			`log ${author.slice(0, 8)}/${logId}`,
			`${reason}; everything this log wrote is ignored`
		);
		return true;
	}
}
