/**
 * Long lists shown a page at a time (the Events tab, the inbox): the first page, then more on
 * request ({@link MoreButton}), so a festival of 10,000 events opens its tabs as fast as one of
 * a hundred, and what comes after a list (the form to add an event) stays within reach.
 * @module
 */

/** Items shown at first, and added by each "show more". */
export const PAGE = 100;

/** How many items of a list are shown; see the module comment. */
export class Pager {
	/** Items shown (at most; fewer when the list is shorter). */
	limit = $state(PAGE);
	readonly page: number;

	constructor(page = PAGE) {
		this.page = page;
		this.limit = page;
	}

	/** The items of `items` to show. */
	slice<T>(items: readonly T[]): readonly T[] {
		return items.length > this.limit ? items.slice(0, this.limit) : items;
	}

	/** Shows another page; returns the index of the first item it adds. */
	more(): number {
		const first = this.limit;
		this.limit += this.page;
		return first;
	}
}
