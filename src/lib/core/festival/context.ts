/**
 * What a {@link Festival} runs with: who edits, on which device, with which storage, and how.
 * @module
 */
import type { StorageAdapterInterface } from '@automerge/automerge-repo/slim';
import type { DeviceId, Identity } from '../identity/identity.js';
import type { CryptoOptions } from '../log/sign.js';
import type { Preparer } from './ingest/prepare.js';

/** Who is editing, on which device, with which storage. */
export interface FestivalContext {
	readonly identity: Identity;
	readonly device: DeviceId;
	readonly storage: StorageAdapterInterface;
	readonly crypto?: CryptoOptions;
	/** Delay before a burst of local changes is sealed into an entry (ms, default 1000). */
	readonly sealDelayMs?: number;
	/** Where entries from elsewhere are verified and decoded (default: this thread); see prepare.ts. */
	readonly preparer?: Preparer;
	/** Apply large ingests in slices of about this many ms, yielding between them (default: at once). */
	readonly applySliceMs?: number;
}
