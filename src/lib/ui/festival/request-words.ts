/**
 * Words and symbols for requests' statuses and history steps (never colour alone).
 * @module
 */
import type { HistoryView, RequestStatus } from '../../core/index.js';

/** A request's status in words. */
export const STATUS_WORDS: Readonly<Record<RequestStatus, string>> = {
	pending: 'waiting for owner',
	accepted: 'accepted',
	denied: 'denied',
	conflict: 'conflict',
	withdrawn: 'withdrawn'
};

/** A symbol beside each status's words. */
export const STATUS_SYMBOLS: Readonly<Record<RequestStatus, string>> = {
	pending: '…',
	accepted: '✓',
	denied: '✕',
	conflict: '⚠',
	withdrawn: '↩'
};

/** What a history step did, in words. */
export const DID: Readonly<Record<HistoryView['verdict'], string>> = {
	accept: 'accepted',
	deny: 'denied',
	withdraw: 'withdrew'
};
