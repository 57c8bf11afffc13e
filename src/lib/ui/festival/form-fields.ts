/**
 * Tying a form's error to the field at fault: which input a problem's field path names, and
 * the attributes (`aria-invalid`, `aria-describedby`) that say so to assistive technology.
 * @module
 */
import { tick } from 'svelte';

/** The input id suffix for a problem's dotted field path (`availability.0.end` → `w0-end`). */
export function inputOf(field: string | undefined): string | undefined {
	if (field === undefined) return undefined;
	const w = /^availability\.(\d+)(?:\.(start|end))?/.exec(field);
	if (w) return `w${w[1]}-${w[2] ?? 'start'}`;
	if (field === 'place') return 'lat';
	if (field.startsWith('place.')) return field.slice('place.'.length);
	if (field === '') return 'name';
	const r = /^repeat(?:\.(\w+)(?:\.(\d+))?)?/.exec(field);
	if (r) {
		if (r[1] === 'except') return `repeat-except-${r[2] ?? '0'}`;
		if (r[1] === 'days') return 'repeat-day-mon';
		return r[1] === 'until' || r[1] === 'count' ? `repeat-${r[1]}` : 'repeat-freq';
	}
	return field.split('.')[0];
}

/** Attributes for an input: invalid and described by the error when it is the one at fault. */
export function invalidIf(
	bad: string | undefined,
	input: string,
	errorId: string
): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
	return bad === input ? { 'aria-invalid': 'true', 'aria-describedby': errorId } : {};
}

/** Focuses the input of a form at fault (by its id), once the page shows the error. */
export function focusInput(formId: string, input: string | undefined): void {
	if (input === undefined) return;
	void tick().then(() => document.getElementById(`${formId}-${input}`)?.focus());
}
