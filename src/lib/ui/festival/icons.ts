/**
 * The status icons StatusIcon.svelte draws (inline SVG: no font needs to have them).
 * @module
 */

/** A status icon: check, cross, warning, half (partly), waiting (three dots), dot, undo. */
export type IconName = 'check' | 'cross' | 'warning' | 'half' | 'waiting' | 'dot' | 'undo';
