/**
 * Golden bytes: every format encodes known values to exactly the bytes captured from the
 * encoders before they moved onto the codec, and decodes those bytes back to the values.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes.js';
import { readBundle, writeBundle } from '../festival/files/bundle.js';
import { decodeChanges, encodeChanges, changeCount } from '../festival/ingest/payload.js';
import { readSnapshot, writeSnapshot } from '../festival/files/snapshot.js';
import { readMessage, writeEntries, writeGraft, writeHave, writePrune } from '../sync/messages.js';
import * as G from './golden.fixture.js';

const golden = (name: keyof typeof G.GOLDEN) => fromHex(G.GOLDEN[name])!;

describe('golden bytes', () => {
	it('payload', () => {
		expect(toHex(encodeChanges(G.CHANGES))).toBe(G.GOLDEN.payload);
		expect(decodeChanges(golden('payload'))).toEqual({ ok: true, value: G.CHANGES });
		expect(changeCount(golden('payload'))).toBe(2);
	});

	it('bundle', () => {
		expect(toHex(writeBundle(G.BUNDLE))).toBe(G.GOLDEN.bundle);
		expect(toHex(writeBundle([]))).toBe(G.GOLDEN.emptyBundle);
		expect(readBundle(golden('bundle'))).toEqual({ ok: true, value: G.BUNDLE });
		expect(readBundle(golden('emptyBundle'))).toEqual({ ok: true, value: [] });
	});

	it('sync messages', () => {
		expect(toHex(writeHave(G.FID_A, G.HAVE_LOGS, true))).toBe(G.GOLDEN.have);
		expect(toHex(writeHave(G.FID_B, []))).toBe(G.GOLDEN.haveEmpty);
		expect(toHex(writeEntries(G.FID_A, G.ENTRY_ITEMS, true))).toBe(G.GOLDEN.entriesPush);
		expect(toHex(writeEntries(G.FID_B, [], false))).toBe(G.GOLDEN.entriesReply);
		expect(toHex(writePrune(G.FID_A))).toBe(G.GOLDEN.prune);
		expect(toHex(writeGraft(G.FID_B))).toBe(G.GOLDEN.graft);
		const have = { type: 'have', festival: G.FID_A, logs: G.HAVE_LOGS, noSnapshot: true };
		expect(readMessage(golden('have'))).toEqual({ ok: true, value: have });
		expect(readMessage(golden('haveEmpty'))).toEqual({
			ok: true,
			value: { type: 'have', festival: G.FID_B, logs: [], noSnapshot: false }
		});
		expect(readMessage(golden('entriesPush'))).toEqual({
			ok: true,
			value: { type: 'entries', festival: G.FID_A, push: true, entries: G.ENTRY_ITEMS }
		});
		expect(readMessage(golden('entriesReply'))).toEqual({
			ok: true,
			value: { type: 'entries', festival: G.FID_B, push: false, entries: [] }
		});
		expect(readMessage(golden('prune'))).toEqual({
			ok: true,
			value: { type: 'prune', festival: G.FID_A }
		});
		expect(readMessage(golden('graft'))).toEqual({
			ok: true,
			value: { type: 'graft', festival: G.FID_B }
		});
	});

	it('snapshot', () => {
		expect(toHex(writeSnapshot(G.SNAPSHOT))).toBe(G.GOLDEN.snapshot);
		expect(readSnapshot(golden('snapshot'))).toEqual({ ok: true, value: G.SNAPSHOT });
		expect(readMessage(golden('snapshot'))).toEqual({
			ok: true,
			value: { type: 'snapshot', snapshot: G.SNAPSHOT }
		});
	});
});
