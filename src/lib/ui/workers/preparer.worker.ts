/// <reference lib="webworker" />
/**
 * The preparer worker: verifies and decodes entries from peers and bundles off the page's
 * thread (signatures, hashes, Automerge change decoding, write-rule summaries; see
 * core/festival/ingest/prepare.ts). The page keeps link checks, ordering and the document.
 * @module
 */
import { servePreparer, type PortLike } from '../../core/festival/ingest/remote-preparer.js';

servePreparer(self as unknown as PortLike);
