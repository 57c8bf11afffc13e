/**
 * One byte codec for every binary format of the core (bundles, sync messages, snapshots,
 * payloads): lib0-style writers and readers over canonical varu64s, and one error convention
 * ({@link CodecError}) that each format maps onto its own typed problems.
 * @module
 */
export { CodecError, type CodecCode, type Decoded } from './error.js';
export * from './reader.js';
export * from './writer.js';
