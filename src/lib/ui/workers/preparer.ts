/**
 * The page's side of the preparer worker (preparer.worker.ts): a {@link Preparer} that sends
 * batches to it, or prepares in the page when workers are not available.
 * @module
 */
import { localPreparer, type Preparer } from '../../core/festival/ingest/prepare.js';
import { RemotePreparer, type PortLike } from '../../core/festival/ingest/remote-preparer.js';

/** Where incoming entries are verified, for the sync status. */
export interface PreparerThreadStatus {
	/** Whether a worker does it (false: this page does, more slowly for the page). */
	readonly inWorker: boolean;
	/** Batches the worker has verified. */
	readonly batches: number;
	/** Why the worker is not used, when it is not. */
	readonly problem?: string;
}

/** The preparer the festivals use, and where it runs. */
export interface PreparerThread {
	readonly preparer: Preparer;
	status(): PreparerThreadStatus;
}

/** Starts the preparer worker; falls back to this thread where it cannot start. */
export function startPreparerThread(): PreparerThread {
	const here = localPreparer();
	const inPage = (problem: string): PreparerThread => ({
		preparer: here,
		status: () => ({ inWorker: false, batches: 0, problem })
	});
	if (typeof Worker === 'undefined') return inPage('this browser has no Web Workers');
	let remote: RemotePreparer;
	try {
		const worker = new Worker(new URL('./preparer.worker.ts', import.meta.url), {
			type: 'module',
			name: 'festival-preparer'
		});
		remote = new RemotePreparer(worker as unknown as PortLike, here);
	} catch (e) {
		return inPage(e instanceof Error ? e.message : String(e));
	}
	return {
		preparer: remote,
		status: () => ({
			inWorker: !remote.broken,
			batches: remote.remoteBatches,
			...(remote.broken ? { problem: remote.broken } : {})
		})
	};
}
