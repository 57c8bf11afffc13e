/**
 * Words and icons for requests' statuses and history steps (never colour alone).
 * @module
 */
import type { HistoryView, RequestStatus } from '../../core/index.js';
import type { IconName } from './icons.js';

/** A request's status in words. */
export const STATUS_WORDS: Readonly<Record<RequestStatus, string>> = {
	pending: 'waiting for owner',
	accepted: 'accepted',
	denied: 'denied',
	conflict: 'conflict',
	withdrawn: 'withdrawn'
};

/** An icon (StatusIcon.svelte) beside each status's words. */
export const STATUS_ICONS: Readonly<Record<RequestStatus, IconName>> = {
	pending: 'waiting',
	accepted: 'check',
	denied: 'cross',
	conflict: 'warning',
	withdrawn: 'undo'
};

/** What a history step did, in words. */
export const DID: Readonly<Record<HistoryView['verdict'], string>> = {
	accept: 'accepted',
	deny: 'denied',
	withdraw: 'withdrew'
};
