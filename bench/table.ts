/** The bench's figures as a text table (the console) or a Markdown table (the README). Pure. */
import type { Figure } from './aggregate.js';

/**
 * A number as the table shows it: from 100 up as a whole number with thousands separators,
 * below that to two decimals (two significant digits under 0.1).
 */
export function fmt(n: number | undefined): string {
	if (n === undefined) return '';
	if (!Number.isFinite(n)) return String(n);
	const a = Math.abs(n);
	if (a >= 100 || Number.isInteger(n)) return Math.round(n).toLocaleString('en');
	return a !== 0 && a < 0.1 ? n.toPrecision(2) : n.toFixed(2);
}

/** The cells of one figure: figure, median, min–max, baseline, ratio, target, pass. */
export function cells(f: Figure): string[] {
	return [
		f.name,
		`${fmt(f.value)} ${f.unit}`,
		f.runs > 1 ? `${fmt(f.min)}–${fmt(f.max)}` : '',
		f.baseline === undefined ? '' : `${fmt(f.baseline)} ${f.unit}`,
		f.ratio === undefined
			? ''
			: fmt(f.ratio) + (f.worst !== undefined ? ` (worst ${fmt(f.worst)})` : ''),
		f.target ?? '',
		f.pass === undefined ? '' : f.pass ? 'pass' : 'FAIL'
	];
}

const HEAD = ['figure', 'median', 'min–max', 'baseline', 'ratio', 'target', ''];

/** Aligned columns for a terminal. */
export function table(figures: readonly Figure[]): string {
	const rows = figures.map(cells);
	const widths = HEAD.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
	const line = (r: string[]) =>
		r
			.map((c, i) => c.padEnd(widths[i]!))
			.join('  ')
			.trimEnd();
	return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A Markdown table (pipes in names escaped). */
export function markdown(figures: readonly Figure[]): string {
	const row = (r: string[]) => `| ${r.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
	return [
		row([...HEAD.slice(0, -1), 'pass']),
		row(HEAD.map(() => '---')),
		...figures.map((f) => row(cells(f)))
	].join('\n');
}
