/**
 * The signaling topic of a festival: a hash of its id, so a signaling server (which sees every
 * topic) never learns which festivals exist, while peers who know the id find each other.
 * @module
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { toHex } from '../bytes.js';
import type { FestivalId } from '../festival/document/ids.js';

/** `festival-` followed by 32 hex characters of BLAKE2b-128 over a labelled festival id. */
export function festivalTopic(id: FestivalId): string {
	return (
		'festival-' + toHex(blake2b(new TextEncoder().encode(`festival topic v1:${id}`), { dkLen: 16 }))
	);
}
