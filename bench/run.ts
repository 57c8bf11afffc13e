/**
 * `npm run bench [SUITE...] [--quick] [--runs N]`: prepares each suite, runs it several times
 * (5, or 3 for the slow scale suites; `--runs N` or BENCH_RUNS for all), prints a table of the
 * figures (median, least–greatest, baseline, ratio, target, pass) and writes
 * bench/results.json. Each figure stands beside a baseline measured in the same run.
 * `--quick` (or BENCH_QUICK=1): a tenth of the scale sizes, 2 runs (1 for scale suites), for
 * developing the bench; its figures' names carry the smaller sizes.
 */
import { writeFileSync } from 'node:fs';
import { aggregate, type Figure, type Sample } from './aggregate.js';
import type { Suite } from './figure.js';
import { logSuite } from './log.bench.js';
import { p2pandaSuite } from './p2panda.bench.js';
import { editSuite, ingestSuite } from './festival.bench.js';
import { syncSuite } from './sync.bench.js';
import { gossipScaleSuite, gossipSuite } from './gossip.bench.js';
import { listScaleSuite, scheduleScaleSuite, scheduleSuite } from './schedule.bench.js';
import { natSuite } from './nat.bench.js';
import { linksSuite } from './links.bench.js';
import { scaleFestivalSuite } from './scale.bench.js';
import { deviceSuite } from './device.bench.js';
import { appDeviceSuite } from './app-device.bench.js';
import { removeShared } from './fixture.js';
import { table } from './table.js';

const suites: Suite[] = [
	logSuite,
	p2pandaSuite,
	editSuite,
	ingestSuite,
	syncSuite,
	gossipSuite,
	scheduleSuite,
	natSuite,
	linksSuite,
	scaleFestivalSuite,
	gossipScaleSuite,
	deviceSuite,
	appDeviceSuite,
	scheduleScaleSuite,
	listScaleSuite
];

const args = process.argv.slice(2);
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
const runsAt = args.indexOf('--runs');
const runsArg = runsAt >= 0 ? args[runsAt + 1] : process.env.BENCH_RUNS;
const only = args.filter((a, i) => !a.startsWith('--') && (runsAt < 0 || i !== runsAt + 1));
const unknown = only.filter((n) => !suites.some((s) => s.name === n));
if (unknown.length) {
	console.error(
		`unknown suite(s): ${unknown.join(', ')}; suites: ${suites.map((s) => s.name).join(', ')}`
	);
	process.exit(2);
}
const runsFor = (s: Suite) =>
	runsArg ? Math.max(1, Number(runsArg)) : quick ? (s.scale ? 1 : 2) : s.scale ? 3 : 5;

const figures: Figure[] = [];
const failed: string[] = [];
const save = () =>
	writeFileSync(
		new URL('./results.json', import.meta.url),
		JSON.stringify(figures, null, 2) + '\n'
	);

/** Adds a suite's runs, folded into figures, to `figures` (the runs done so far if one fails). */
async function runSuite(suite: Suite): Promise<void> {
	process.stderr.write(`${suite.name}: preparing...\n`);
	const prepared = await suite.prepare({ quick });
	if (!prepared) return;
	const runs: Sample[][] = [];
	try {
		const n = runsFor(suite);
		for (let i = 0; i < n; i++) {
			process.stderr.write(`${suite.name}: run ${i + 1} of ${n}\n`);
			runs.push(await prepared.run());
		}
	} finally {
		await prepared.close?.();
		// What the failed suite measured still counts (runs says how many).
		figures.push(...aggregate(runs));
	}
}

try {
	for (const suite of suites) {
		if (only.length && !only.includes(suite.name)) continue;
		try {
			await runSuite(suite);
			// Written after each suite too, so a run stopped midway keeps what it measured.
			save();
		} catch (e) {
			// One suite failing (a browser that hung, a server that did not start) does not lose the others.
			failed.push(suite.name);
			process.stderr.write(
				`${suite.name}: FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`
			);
		}
	}
} finally {
	await removeShared();
}

console.log(table(figures));
save();
if (failed.length) console.error(`suites that failed: ${failed.join(', ')}`);
process.exit(failed.length ? 1 : 0);
