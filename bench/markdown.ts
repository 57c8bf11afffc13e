/**
 * `npx tsx bench/markdown.ts`: bench/results.json as the Markdown table of the README's
 * benchmark section.
 */
import { readFileSync } from 'node:fs';
import type { Figure } from './aggregate.js';
import { markdown } from './table.js';

const figures = JSON.parse(
	readFileSync(new URL('./results.json', import.meta.url), 'utf8')
) as Figure[];
console.log(markdown(figures));
