/**
 * What a peer knows about the integrity of a festival beyond its document: logs whose author
 * signed two histories (forks, "equivocation") and entries whose payload it refused. The read
 * model is a pure function of documents, so this travels with the document object: the engine
 * attaches it to every document it holds ({@link attachIntegrity}) and `parseFestival` reads it
 * ({@link integrityOf}), ignoring what void logs wrote and listing the notes as problems.
 * @module
 */

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
