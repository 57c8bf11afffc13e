/**
 * No import cycles in `src`: walks the relative (and `$lib/`) imports of every non-test
 * `.ts` file (`.svelte.ts` included) and fails on any cycle, printing it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LIB = join(SRC, 'lib');

/** Every non-test TypeScript module under `dir`. */
function modules(dir: string, out: string[] = []): string[] {
	for (const e of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, e.name);
		if (e.isDirectory()) modules(p, out);
		else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts'))
			out.push(p);
	}
	return out;
}

const SPECIFIER =
	/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])((?:\.{1,2}\/|\$lib\/)[^'"]+)\1/gm;

/** The modules a file imports, as absolute paths (imports of non-TypeScript files left out). */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8')
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/^\s*\/\/.*$/gm, '');
	const out = new Set<string>();
	for (const m of text.matchAll(SPECIFIER)) {
		const spec = m[2]!;
		const base = spec.startsWith('$lib/') ? join(LIB, spec.slice(5)) : resolve(dirname(file), spec);
		for (const c of [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')])
			if (c.endsWith('.ts') && existsSync(c) && statSync(c).isFile()) {
				out.add(c);
				break;
			}
	}
	return [...out];
}

/**
 * The cycles of a directed graph: one per strongly connected component with more than one
 * node (or a node importing itself), each as a path that returns to its start.
 */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
	let next = 0;
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const components: string[][] = [];
	const visit = (v: string): void => {
		index.set(v, next);
		low.set(v, next++);
		stack.push(v);
		onStack.add(v);
		for (const w of graph.get(v) ?? []) {
			if (!graph.has(w)) continue;
			if (!index.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
		}
		if (low.get(v) === index.get(v)) {
			const c: string[] = [];
			let w: string;
			do {
				w = stack.pop()!;
				onStack.delete(w);
				c.push(w);
			} while (w !== v);
			if (c.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(c);
		}
	};
	for (const v of graph.keys()) if (!index.has(v)) visit(v);
	// Within each component, follow edges inside it from its first node back to it.
	return components.map((c) => {
		const inside = new Set(c);
		const start = c[c.length - 1]!;
		const path = [start];
		const seen = new Set([start]);
		const walk = (v: string): boolean => {
			for (const w of graph.get(v) ?? []) {
				if (w === start) {
					path.push(w);
					return true;
				}
				if (!inside.has(w) || seen.has(w)) continue;
				seen.add(w);
				path.push(w);
				if (walk(w)) return true;
				path.pop();
			}
			return false;
		};
		walk(start);
		return path;
	});
}

describe('import cycles', () => {
	it('finds a cycle and prints it as a path', () => {
		const g = new Map([
			['a', ['b']],
			['b', ['c']],
			['c', ['a', 'd']],
			['d', []]
		]);
		expect(findCycles(g)).toEqual([['a', 'b', 'c', 'a']]);
		expect(findCycles(new Map([['a', ['a']]]))).toEqual([['a', 'a']]);
		expect(
			findCycles(
				new Map([
					['a', ['b']],
					['b', []]
				])
			)
		).toEqual([]);
	});

	it('src has none', () => {
		const graph = new Map(modules(SRC).map((f) => [f, importsOf(f)]));
		expect(graph.size).toBeGreaterThan(100);
		const cycles = findCycles(graph).map((c) => c.map((f) => relative(SRC, f)).join(' -> '));
		expect(cycles, `import cycles in src:\n${cycles.join('\n')}`).toEqual([]);
	});
});
