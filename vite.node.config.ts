/**
 * Builds the Node programs to JavaScript in `dist/node/` (`npm run build` runs it after the web
 * app's build): `cli.js`, the `festival` command that `bin/festival.js` runs (the headless peer
 * and the signaling server are its `peer` and `signaling` commands), and `serve.js`, the static
 * server with signaling that `npm start` runs, and `verify-worker.js`, the worker threads that
 * verify large batches of entries. Our own code is bundled; every package in
 * `dependencies` and Node's builtins stay imports, resolved from node_modules at run time (so
 * Automerge loads its wasm as it does from the sources).
 *
 * All output sits in `dist/node/` itself, no sub-folders: code that finds files relative to
 * `import.meta.url` (serve.ts finds `build/` two folders up) then finds them from the output
 * as from `src/node/`.
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

/** The project folder, so the build is the same from any working directory. */
const root = fileURLToPath(new URL('.', import.meta.url));
const runtime = Object.keys(pkg.dependencies);
const builtins = new Set(builtinModules);

/** A Node builtin or a runtime dependency (the package itself or a subpath of it). */
function isExternal(id: string): boolean {
	if (id.startsWith('node:') || builtins.has(id)) return true;
	return runtime.some((name) => id === name || id.startsWith(name + '/'));
}

export default defineConfig({
	root,
	// No public/ copying, no .env loading: this build is for Node only.
	publicDir: false,
	envDir: false,
	logLevel: 'warn',
	build: {
		ssr: true,
		outDir: 'dist/node',
		emptyOutDir: true,
		target: 'node20',
		minify: false,
		sourcemap: true,
		reportCompressedSize: false,
		rolldownOptions: {
			input: {
				cli: root + 'src/node/cli/main.ts',
				serve: root + 'src/node/serve.ts',
				// Started as worker threads by verify-pool.ts, from beside it.
				'verify-worker': root + 'src/node/crypto/verify-worker.ts'
			},
			external: isExternal,
			// Packages are imported for what they export, not for side effects: an import of
			// one that nothing uses (core's entry point re-exports the network) is dropped, so
			// a command loads only what it runs.
			treeshake: { moduleSideEffects: 'no-external' },
			output: {
				format: 'es',
				entryFileNames: '[name].js',
				chunkFileNames: '[name]-[hash].js'
			}
		}
	},
	ssr: {
		target: 'node',
		// Bundle whatever is not external above (nothing from node_modules is expected).
		noExternal: true
	}
});
