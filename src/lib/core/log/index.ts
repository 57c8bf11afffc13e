/** The bamboo log core: varu64, hash suites, lipmaa links, entries, signing and verification. */
export * from './varu64.js';
export * from './hash.js';
export * from './lipmaa.js';
export * from './entry.js';
export * from './sign.js';
export * from './verify.js';
export * from './log.js';
export * from './verify-log.js';
export * from './verify-batch.js';
