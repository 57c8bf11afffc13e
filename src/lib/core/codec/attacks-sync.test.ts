/** Hostile input against what peers send: sync messages and snapshots. */
import { describe, expect, it } from 'vitest';
import { readSnapshot, writeSnapshot } from '../festival/files/snapshot.js';
import { MAX_ENTRY_SIZE, MAX_PAYLOAD_SIZE } from '../log/entry.js';
import { readMessage, writeEntries, writeGraft, writeHave, writePrune } from '../sync/messages.js';
import { commonAttacks, verdict, type Target } from './attack-kit.fixture.js';
import { ENTRY_ITEMS, FID_A, HAVE_LOGS, SNAPSHOT } from './golden.fixture.js';
import { encode, writeBytes, writeVarUint } from './index.js';

const U64_MAX = 2n ** 64n - 1n;
type Field = number | bigint | Uint8Array;

/** Fields written in order: numbers as varu64s, byte arrays as they are. */
const bytesOf = (...fields: Field[]) =>
	encode((e) => {
		for (const f of fields) {
			if (f instanceof Uint8Array) writeBytes(e, f);
			else writeVarUint(e, f);
		}
	});
const ID = new Uint8Array(32).fill(0xa1);
const SIG = new Uint8Array(64).fill(5);

const message = (good: Uint8Array): Target<'message'> => ({
	good,
	read: readMessage,
	truncated: ['message'],
	trailing: 'message'
});
const m = (...fields: Field[]) => verdict(message(new Uint8Array(2)), bytesOf(...fields));

describe('sync message attacks', () => {
	describe('HAVE', () => commonAttacks(() => message(writeHave(FID_A, HAVE_LOGS, true))));
	describe('ENTRIES', () => commonAttacks(() => message(writeEntries(FID_A, ENTRY_ITEMS, true))));
	describe('PRUNE', () => commonAttacks(() => message(writePrune(FID_A))));
	describe('GRAFT', () => commonAttacks(() => message(writeGraft(FID_A))));
	describe('SNAPSHOT', () => commonAttacks(() => message(writeSnapshot(SNAPSHOT))));

	it('unknown or overlong message types, unknown flags: refused', () => {
		expect(m(5, ID)).toBe('message: unknown message type 5');
		expect(m(1001, ID)).toBe('message: unknown message type 1001');
		expect(m(U64_MAX, ID)).toBe('message: unknown message type 18446744073709551615');
		expect(m(Uint8Array.of(0xf8, 0), ID)).toMatch(/message type is not a canonical varu64/);
		expect(m(0, ID, 2, 0)).toBe('message: unknown flags 2');
		expect(m(1, ID, 2, 0)).toBe('message: unknown push flag 2');
	});

	it('huge declared counts are refused before anything is allocated', () => {
		const t = Date.now();
		expect(m(0, ID, 0, 2n ** 50n)).toMatch(/log count is 1125899906842624, more than the 0 bytes/);
		expect(m(1, ID, 0, 2n ** 50n, 0, 0)).toMatch(/entry count is 1125899906842624, more than/);
		expect(m(0, ID, 0, U64_MAX)).toMatch(/log count is 18446744073709551615, over the limit/);
		expect(Date.now() - t).toBeLessThan(1000);
	});

	it('HAVE: an overflowing seq, too many or disordered missing seqs', () => {
		const log = (...rest: Field[]) => m(0, ID, 0, 1, ID, 0, ...rest, new Uint8Array(40));
		expect(log(2n ** 53n)).toMatch(/the seq is 9007199254740992, more than 9007199254740991/);
		const tip = new Uint8Array(8);
		expect(m(0, ID, 0, 1, ID, 0, 100, tip, 65)).toMatch(
			/missing count is 65, over the limit of 64/
		);
		expect(m(0, ID, 0, 1, ID, 0, 3, tip, 4, 1, 2, 3, 3)).toMatch(/missing count is 4, over.* 3/);
		expect(m(0, ID, 0, 1, ID, 0, 9, tip, 2, 5, 5)).toBe(
			'message: missing seq 5 is not in order up to 9'
		);
		expect(m(0, ID, 0, 1, ID, 0, 9, tip, 1, 0)).toMatch(/missing seq 0 is not in order/);
		expect(m(0, ID, 0, 1, ID, 0, 9, tip, 1, 10)).toMatch(/missing seq 10 is not in order/);
	});

	it('ENTRIES: an entry over MAX_ENTRY_SIZE, a payload over MAX_PAYLOAD_SIZE: refused', () => {
		const entry = (len: number) => writeEntries(FID_A, [{ bytes: new Uint8Array(len) }], false);
		expect(verdict(message(entry(1)), entry(MAX_ENTRY_SIZE))).toBe('ok');
		expect(verdict(message(entry(1)), entry(MAX_ENTRY_SIZE + 1))).toBe(
			`message: the entry length is ${MAX_ENTRY_SIZE + 1}, over the limit of ${MAX_ENTRY_SIZE}`
		);
		expect(m(1, ID, 0, 1, 1, 7, MAX_PAYLOAD_SIZE + 2)).toBe(
			`message: the payload length is ${MAX_PAYLOAD_SIZE + 1}, over ${MAX_PAYLOAD_SIZE}`
		);
	});

	it('ENTRIES: a length prefix larger than the rest: refused', () => {
		expect(m(1, ID, 0, 1, 200, new Uint8Array(5))).toMatch(/entry length is 200, more than the 5/);
		expect(m(1, ID, 0, 1, 1, 7, 100, new Uint8Array(5))).toBe('message: ends inside the payload');
	});
});

describe('snapshot attacks', () => {
	const snapshot: Target<'snapshot'> = {
		good: writeSnapshot(SNAPSHOT),
		read: readSnapshot,
		truncated: ['snapshot'],
		trailing: 'snapshot'
	};
	commonAttacks(() => snapshot);
	const s = (...fields: Field[]) => verdict(snapshot, bytesOf(...fields));

	it('another message type: not a snapshot', () => {
		expect(s(0, ID, 0, 0)).toBe('snapshot: not a snapshot message');
		expect(s(2000, ID, 0, 0)).toBe('snapshot: unknown message type 2000');
	});

	it('a document length larger than the rest, huge log and entry counts: refused', () => {
		expect(s(4, ID, 2n ** 40n, new Uint8Array(9))).toMatch(/document length is 1099511627776/);
		expect(s(4, ID, 0, 2n ** 40n)).toMatch(/log count is 1099511627776, more than the 0 bytes/);
		expect(s(4, ID, 1, 9, 1, ID, 0, 2n ** 40n)).toMatch(/entry count is 1099511627776, more/);
	});

	it('an unknown entry tag, an overflowing change count, an overlong log id: refused', () => {
		const log = (...entry: Field[]) => s(4, ID, 0, 1, ID, 0, 1, ...entry);
		expect(log(2, 1, SIG)).toBe('snapshot: an entry tag is 0 or 1, not 2');
		expect(log(1, 1_000_001, SIG)).toMatch(/change count is 1000001, more than 1000000/);
		expect(log(1, U64_MAX, SIG)).toMatch(/change count is 18446744073709551615/);
		expect(s(4, ID, 0, 1, ID, Uint8Array.of(0xf8, 3), 0)).toMatch(/log id is not a canonical/);
		expect(log(0, 1, SIG)).toBe('ok');
	});
});
