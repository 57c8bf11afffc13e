/**
 * `npm run bench`: runs every figure, prints a table, writes bench/results.json.
 * Each figure stands beside a baseline measured in the same run.
 */
import { writeFileSync } from 'node:fs';
import type { Figure } from './figure.js';
import { logBench } from './log.bench.js';
import { editOpenBench, ingestBench } from './festival.bench.js';
import { syncBench } from './sync.bench.js';
import { gossipBench } from './gossip.bench.js';
import { scheduleBench } from './schedule.bench.js';
import { natBench } from './nat.bench.js';
import { linksBench } from './links.bench.js';

const suites: [string, () => Promise<Figure[]>][] = [
	['log', logBench],
	['edit', editOpenBench],
	['ingest', ingestBench],
	['sync', syncBench],
	['gossip', gossipBench],
	['schedule', scheduleBench],
	['nat', natBench],
	['links', linksBench]
];

const only = process.argv[2];
const figures: Figure[] = [];
for (const [name, run] of suites) {
	if (only && only !== name) continue;
	process.stderr.write(`running ${name}...\n`);
	figures.push(...(await run()));
}

const fmt = (n: number | undefined) =>
	n === undefined ? '' : Number.isInteger(n) ? String(n) : n.toFixed(2);
const rows = figures.map((f) => [
	f.name,
	`${fmt(f.value)} ${f.unit}`,
	f.baseline === undefined ? '' : `${fmt(f.baseline)} ${f.unit}`,
	fmt(f.ratio),
	f.target ?? '',
	f.pass === undefined ? '' : f.pass ? 'pass' : 'FAIL'
]);
const head = ['figure', 'value', 'baseline', 'ratio', 'target', ''];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) =>
	r
		.map((c, i) => c.padEnd(widths[i]!))
		.join('  ')
		.trimEnd();
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(figures, null, 2) + '\n');
