/**
 * UTC instants as numbers for the read model: a festival's frames repeat the same few thousand
 * instants, and a read compares each of them many times (sorting, overlaps, decisions for the
 * current frame), so each text is parsed once.
 * @module
 */

/** Parsed instants by text; forgotten whole once it holds {@link MAX} (a bound, not an LRU). */
const parsed = new Map<string, number>();
const MAX = 200_000;

/** `Date.parse(s)`, each distinct text parsed once. */
export function instant(s: string): number {
	let t = parsed.get(s);
	if (t === undefined) {
		if (parsed.size >= MAX) parsed.clear();
		t = Date.parse(s);
		parsed.set(s, t);
	}
	return t;
}

/** Whether two frames are the same stretch of time (the texts may differ). */
export function sameFrame(
	a: { readonly start: string; readonly end: string },
	b: { readonly start: string; readonly end: string }
): boolean {
	return instant(a.start) === instant(b.start) && instant(a.end) === instant(b.end);
}

/** Whether `inner` lies within `outer` (as the model's `within`, with each instant parsed once). */
export function inside(
	inner: { readonly start: string; readonly end: string },
	outer: { readonly start: string; readonly end: string }
): boolean {
	return instant(outer.start) <= instant(inner.start) && instant(inner.end) <= instant(outer.end);
}
