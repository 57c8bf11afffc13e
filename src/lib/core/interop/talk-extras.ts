/**
 * Speakers and links of a talk, which a festival event has no fields for: a schedule.json
 * import keeps them as the last paragraphs of the event's description (`Speakers: Ann, Bo`,
 * `Links: https://a.example https://b.example`), and the export reads them back out, so a
 * schedule goes through the festival and out again with its persons and links.
 * @module
 */

const SPEAKERS = 'Speakers: ';
const LINKS = 'Links: ';

/** A web address a schedule may carry as a link: http or https only. */
export function linkUrl(s: unknown): string | undefined {
	if (typeof s !== 'string') return undefined;
	const t = s.trim();
	if (!/^https?:\/\//i.test(t) || /\s/.test(t)) return undefined;
	try {
		return new URL(t).href === '' ? undefined : t;
	} catch {
		return undefined;
	}
}

/** The description paragraph naming the speakers (none: undefined). */
export function speakersParagraph(persons: readonly string[]): string | undefined {
	return persons.length ? SPEAKERS + persons.join(', ') : undefined;
}

/** The description paragraph holding the links (none: undefined). */
export function linksParagraph(links: readonly string[]): string | undefined {
	return links.length ? LINKS + links.join(' ') : undefined;
}

/** A description split into its own text and the speakers and links it ends with. */
export interface TalkExtras {
	readonly text: string;
	readonly persons: readonly string[];
	readonly links: readonly string[];
}

/** Splits the speakers and links paragraphs off the end of a description. */
export function splitDescription(description: string | undefined): TalkExtras {
	const paragraphs = (description ?? '').split('\n\n');
	let persons: string[] = [];
	let links: string[] = [];
	for (;;) {
		const last = paragraphs.at(-1);
		if (last?.startsWith(LINKS) && links.length === 0) {
			const urls = last.slice(LINKS.length).split(/\s+/).map(linkUrl);
			if (urls.some((u) => u === undefined)) break;
			links = urls as string[];
		} else if (last?.startsWith(SPEAKERS) && persons.length === 0) {
			persons = last
				.slice(SPEAKERS.length)
				.split(', ')
				.map((p) => p.trim())
				.filter(Boolean);
		} else break;
		paragraphs.pop();
	}
	return { text: paragraphs.join('\n\n').trim(), persons, links };
}
