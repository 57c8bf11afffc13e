/** Storage: entries by author / log / seq over automerge-repo storage adapters. */
export * from './log-store.js';
export * from './memory-log-store.js';
export * from './memory-storage-adapter.js';
export * from './storage-log-store.js';
