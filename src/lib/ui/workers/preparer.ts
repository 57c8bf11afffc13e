/**
 * The page's side of the preparer workers (preparer.worker.ts): a {@link Preparer} that sends
 * batches to them, or prepares in the page when workers are not available. One worker starts
 * with the page; a large batch (a festival file, a newcomer's first sync) starts more, one per
 * core up to {@link MAX_WORKERS}, and is split across them.
 * @module
 */
import { localPreparer, type Preparer } from '../../core/festival/ingest/prepare.js';
import { PreparerPool } from '../../core/festival/ingest/preparer-pool.js';
import { RemotePreparer, type PortLike } from '../../core/festival/ingest/remote-preparer.js';

/** At most this many preparer workers (each holds its own Automerge). */
export const MAX_WORKERS = 4;

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
	const start = (): RemotePreparer =>
		new RemotePreparer(
			new Worker(new URL('./preparer.worker.ts', import.meta.url), {
				type: 'module',
				name: 'festival-preparer'
			}) as unknown as PortLike,
			here
		);
	let first: RemotePreparer;
	try {
		first = start();
	} catch (e) {
		return inPage(e instanceof Error ? e.message : String(e));
	}
	const cores = Math.min(MAX_WORKERS, globalThis.navigator?.hardwareConcurrency ?? 1);
	const others: RemotePreparer[] = [];
	const pool = new PreparerPool(first, () => {
		try {
			for (let i = 1; i < cores; i++) others.push(start());
		} catch {
			// More workers would not start: the ones that did share the batches.
		}
		return others;
	});
	return {
		preparer: pool,
		status: () => ({
			inWorker: !first.broken,
			batches: [first, ...others].reduce((n, r) => n + r.remoteBatches, 0),
			...(first.broken ? { problem: first.broken } : {})
		})
	};
}
