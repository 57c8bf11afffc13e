import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	// The preparer worker imports Automerge (wasm): an ES module worker, like the page.
	worker: { format: 'es' },
	test: {
		include: [
			'src/**/*.test.ts',
			'tests/sim/**/*.test.ts',
			'tests/lint/**/*.test.ts',
			'tests/nat/**/*.test.ts',
			'bench/**/*.test.ts'
		],
		environment: 'node',
		testTimeout: 30_000
	}
});
