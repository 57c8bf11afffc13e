// Lint rules, checked by `npm test`. Besides the usual TypeScript and Svelte rules, the
// layering of ARCHITECTURE.md is written here as rules, so an import across a layer fails:
// - core (src/lib/core) is platform-neutral: no UI, no Node programs, no Svelte, no node:*;
// - the log layer (src/lib/core/log) knows nothing of store, festival or sync;
// - the codec (src/lib/core/codec) knows nothing of store, festival, sync or net;
// - the UI (src/lib/ui, src/routes) imports nothing Node-only.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Node's built-in modules (matched as exact names) and Node-only packages. */
const nodeOnlyPaths = [
	'assert',
	'buffer',
	'child_process',
	'crypto',
	'dgram',
	'dns',
	'events',
	'fs',
	'fs/promises',
	'http',
	'https',
	'net',
	'os',
	'path',
	'process',
	'stream',
	'url',
	'util',
	'worker_threads',
	'zlib',
	'ws',
	'node-datachannel'
].map((name) => ({ name, message: 'this layer runs in browsers too: nothing Node-only' }));

const uiAndNode = [
	{ group: ['**/ui/**', '$lib/ui', '$lib/ui/**'], message: 'core must not import the UI' },
	{
		group: ['**/node/**', '$lib/../node/**'],
		message: 'core must not import Node programs (src/node)'
	}
];
const svelteAndApp = [
	{ group: ['svelte', 'svelte/*', '$app/*', '$service-worker'], message: 'core is not Svelte code' }
];
const nodeOnly = [
	{
		group: ['node:*', 'node-datachannel/*'],
		message: 'this layer runs in browsers too: nothing Node-only'
	}
];

/** Files that run only under the test runner may use Node built-ins. */
const testFiles = ['**/*.test.ts', '**/*.fixture.ts', '**/*-tests.ts', '**/test-*.ts'];

/** A layer below store, festival, sync and net (core's rules, and none of those imports). */
function lowLayer(files, message) {
	return {
		files: [files],
		ignores: testFiles,
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: nodeOnlyPaths,
					patterns: [
						...uiAndNode,
						...svelteAndApp,
						...nodeOnly,
						{ group: ['**/store/**', '**/festival/**', '**/sync/**', '**/net/**'], message }
					]
				}
			]
		}
	};
}

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'dist/',
			'node_modules/',
			'scratch/',
			'test-results/',
			'playwright-report/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// Rune classes build plain Maps and Sets inside $derived and keep non-reactive
			// caches on purpose; what must be reactive is $state, so this rule only adds noise.
			'svelte/prefer-svelte-reactivity': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	// Layering rules (ARCHITECTURE.md, "Layers").
	{
		files: ['src/lib/core/**/*.ts'],
		ignores: testFiles,
		rules: {
			'no-restricted-imports': [
				'error',
				{ paths: nodeOnlyPaths, patterns: [...uiAndNode, ...svelteAndApp, ...nodeOnly] }
			]
		}
	},
	{
		files: testFiles.map((glob) => `src/lib/core/${glob}`),
		rules: {
			'no-restricted-imports': ['error', { patterns: [...uiAndNode, ...svelteAndApp] }]
		}
	},
	lowLayer(
		'src/lib/core/log/**/*.ts',
		'the log layer knows nothing of store, festival, sync or net'
	),
	lowLayer('src/lib/core/codec/**/*.ts', 'the codec knows only bytes and varu64s (log/varu64.ts)'),
	{
		files: ['src/lib/ui/**/*', 'src/routes/**/*'],
		ignores: testFiles,
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: nodeOnlyPaths,
					patterns: [
						{ group: ['**/node/**'], message: 'the UI must not import Node programs (src/node)' },
						...nodeOnly
					]
				}
			]
		}
	}
);
