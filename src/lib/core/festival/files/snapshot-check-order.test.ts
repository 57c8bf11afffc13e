/**
 * When the newcomer's snapshot check (snapshot-check.ts) does its work: each change checked as
 * soon as it is read (in a festival's own document), and the event loop turning while it
 * checks, so that a verifier handing out its work as answers come back keeps working.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { BatchVerifier } from '../../log/sign.js';
import { verifyChunk } from '../../log/verify-batch.js';
import { addEvent } from '../document/doc.js';
import { Festival } from '../festival.js';
import { People } from '../people.fixture.js';
import { talk } from '../talk.fixture.js';
import { CHECK_SLICE, checkSnapshot } from './snapshot-check.js';

/** What happened, in order: a change read, a change checked, the verifier's turn for a chunk. */
const events: ('read' | 'check' | 'turn')[] = [];

// Every change is read by readColumns (plain changes straight, others through readChange), and
// checked by checkSummary (from its columns) or checkChange (from its ops).
vi.mock('../ingest/change-parse.js', async (load) => {
	const real = await load<typeof import('../ingest/change-parse.js')>();
	return {
		...real,
		readColumns: (...a: Parameters<typeof real.readColumns>) => {
			events.push('read');
			return real.readColumns(...a);
		}
	};
});
vi.mock('../document/rules.js', async (load) => {
	const real = await load<typeof import('../document/rules.js')>();
	return {
		...real,
		checkChange: (...a: Parameters<typeof real.checkChange>) => {
			events.push('check');
			return real.checkChange(...a);
		},
		checkSummary: (...a: Parameters<typeof real.checkSummary>) => {
			events.push('check');
			return real.checkSummary(...a);
		}
	};
});

const people = new People();
afterAll(() => people.close());

/** A verifier like the Node programs' pool: a chunk at a time, each on a later turn of the event loop. */
const stepping: BatchVerifier = {
	threshold: 1,
	async verifyMany(items, suite) {
		const out = [];
		for (let i = 0; i < items.length; i += 8) {
			await new Promise((r) => setTimeout(r, 0));
			events.push('turn');
			out.push(...(await verifyChunk(items.slice(i, i + 8), { suite })));
		}
		return out;
	}
};

describe('checkSnapshot, in time', () => {
	it('checks each change of a festival as it reads it, and lets a verifier work between slices of changes', async () => {
		const alice = await people.person('Alice');
		const f = await Festival.create(alice, { name: 'Fest' });
		const changes = CHECK_SLICE * 2 + 10;
		for (let i = 1; i < changes; i++) {
			await f.change((d) => addEvent(d, alice.identity.author, talk(`Talk ${i}`)));
			if (i % 50 === 0) await f.seal();
		}
		const snap = await f.snapshot();
		events.length = 0;
		const r = await checkSnapshot(snap, f.id, { batchVerifier: stepping });
		expect(r.ok).toBe(true);
		const reads = events.filter((e) => e === 'read').length;
		expect(reads).toBe(changes);
		// read, then checked at once (the genesis is checked by the genesis rule, not checkChange)
		const order = events.filter((e) => e !== 'turn');
		expect(order.slice(0, 5)).toEqual(['read', 'read', 'check', 'read', 'check']);
		expect(order.lastIndexOf('read')).toBe(order.length - 2);
		// the verifier had turns between slices, not only once every change was checked
		expect(events.indexOf('turn')).toBeGreaterThan(0);
		expect(events.indexOf('turn')).toBeLessThan(events.lastIndexOf('check'));
	}, 60_000);
});
