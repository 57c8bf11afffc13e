/**
 * Bundles: festivals as a file of signed entries, how they travel without a network.
 *
 * ```
 * bundle   = magic "FESTBNDL" (8 bytes) • version (varu64, 1) • count (varu64) • count × festival
 * festival = id (32 bytes: the genesis change hash) • count (varu64) • count × entry
 * entry    = length (varu64) • entry bytes • payload length (varu64) • payload bytes
 * ```
 * A payload length of 0 means the entry travels without its payload (a festival payload is
 * never empty). Each festival's entries are in log order (each log by seq), though ingest
 * accepts any order. Nothing in a bundle is trusted: {@link readBundle} only checks the
 * framing (never throws, refuses truncation, trailing bytes, counts that cannot fit in the
 * bytes given, oversize entries or payloads, a festival listed twice) and ingest verifies
 * every entry's signature, links and payload hash and applies the write rules, so a tampered
 * entry in a well-formed bundle is refused there, with a reason, while the honest ones go in.
 *
 * What goes into a bundle is the caller's choice; {@link collectBundle} (bundle-tree.ts)
 * takes a festival with its ancestors, so an imported child festival can show and request
 * the resources of its parents.
 * @module
 */
import { fromHex, toHex } from '../../bytes.js';
import {
	decode,
	encode,
	fail,
	readBytes,
	readCount,
	readMagic,
	readVarBigUint,
	writeBytes,
	writeVarBytes,
	writeVarUint,
	type CodecCode,
	type Decoder
} from '../../codec/index.js';
import { MAX_ENTRY_SIZE, MAX_PAYLOAD_SIZE } from '../../log/entry.js';
import { err, ok, type Result } from '../../result.js';
import type { EntryItem } from '../ingest/payload.js';
import { parseFestivalId, type FestivalId } from '../document/ids.js';

/** The 8 bytes every bundle starts with: ASCII "FESTBNDL". */
export const BUNDLE_MAGIC = new TextEncoder().encode('FESTBNDL');
/** The bundle format version written and read here. */
export const BUNDLE_VERSION = 1;

/** One festival in a bundle: its id and entries (with payloads). */
export interface BundleFestival {
	readonly id: FestivalId;
	readonly entries: readonly EntryItem[];
}

/** Why a bundle was refused. */
export type BundleProblem = 'magic' | 'version' | 'truncated' | 'malformed' | 'too-large';

/** Encodes festivals as a bundle. Throws (RangeError) only for a festival id that is not 64 hex. */
export function writeBundle(festivals: readonly BundleFestival[]): Uint8Array {
	let size = 32;
	for (const f of festivals) {
		size += 41;
		for (const e of f.entries) size += e.bytes.length + (e.payload?.length ?? 0) + 18;
	}
	return encode((w) => {
		writeBytes(w, BUNDLE_MAGIC);
		writeVarUint(w, BUNDLE_VERSION);
		writeVarUint(w, festivals.length);
		for (const f of festivals) {
			const id = parseFestivalId(f.id) && fromHex(f.id);
			if (!id) throw new RangeError(`not a festival id: ${String(f.id).slice(0, 80)}`);
			writeBytes(w, id);
			writeVarUint(w, f.entries.length);
			for (const e of f.entries) {
				writeVarBytes(w, e.bytes);
				writeVarBytes(w, e.payload ?? new Uint8Array(0));
			}
		}
	}, size);
}

/** How the codec's refusals read as bundle problems. */
const PROBLEM: Record<CodecCode, BundleProblem> = {
	truncated: 'truncated',
	'too-long': 'too-large',
	'bad-magic': 'magic',
	'bad-version': 'version',
	'bad-varint': 'malformed',
	'trailing-bytes': 'malformed',
	'bad-tag': 'malformed',
	invalid: 'malformed'
};

/**
 * Reads bundle bytes; never throws (see the module comment for what is refused). Each entry and
 * payload is a copy with a buffer of its own, not a view into `bytes`: storing or posting a view
 * copies its whole buffer (structured clone), so an IndexedDB write per entry of a view would
 * copy the whole bundle each time.
 */
export function readBundle(bytes: Uint8Array): Result<BundleFestival[], BundleProblem> {
	const r = decode(bytes, read, 'last festival');
	if (r.ok) return ok(r.value);
	const { code, reason } = r.error;
	return err(PROBLEM[code], code === 'truncated' ? `the bundle is truncated: ${reason}` : reason);
}

function read(d: Decoder): BundleFestival[] {
	readMagic(d, BUNDLE_MAGIC, 'festival bundle (it does not start with "FESTBNDL")');
	const at = d.pos;
	const version = readVarBigUint(d, 'bundle version');
	if (version !== BigInt(BUNDLE_VERSION)) {
		const why = `bundle version ${version} is not supported (this program reads version ${BUNDLE_VERSION})`;
		fail(d, 'bad-version', why, at);
	}
	// A festival takes at least 33 bytes (id and an entry count), an entry at least 3.
	const nf = readCount(d, 'festival count', { each: 33 });
	const out: BundleFestival[] = [];
	const seen = new Set<string>();
	for (let i = 0; i < nf; i++) {
		const idAt = d.pos;
		const id = toHex(readBytes(d, 32, `id of festival ${i + 1}`)) as FestivalId;
		if (seen.has(id)) fail(d, 'invalid', `festival ${id.slice(0, 12)}… is listed twice`, idAt);
		seen.add(id);
		const ne = readCount(d, `entry count of festival ${i + 1}`, { each: 3 });
		const entries: EntryItem[] = [];
		for (let j = 0; j < ne; j++) {
			const where = `entry ${j + 1} of festival ${i + 1}`;
			const el = readCount(d, `length of ${where}`, { limit: MAX_ENTRY_SIZE });
			if (el === 0) fail(d, 'invalid', `${where} is empty`, d.pos - 1);
			const entry = readBytes(d, el, where).slice();
			const pl = readCount(d, `payload length of ${where}`, { limit: MAX_PAYLOAD_SIZE });
			const payload = readBytes(d, pl, `payload of ${where}`).slice();
			entries.push(pl ? { bytes: entry, payload } : { bytes: entry });
		}
		out.push({ id, entries });
	}
	return out;
}
