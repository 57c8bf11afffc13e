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
import { MAX_PAYLOAD_SIZE } from '../../log/entry.js';
import { readVaru64, varu64Length, writeVaru64 } from '../../log/varu64.js';
import { err, ok, type Result } from '../../result.js';
import type { EntryItem } from '../ingest/engine.js';
import { parseFestivalId, type FestivalId } from '../document/ids.js';

/** The 8 bytes every bundle starts with: ASCII "FESTBNDL". */
export const BUNDLE_MAGIC = new TextEncoder().encode('FESTBNDL');
/** The bundle format version written and read here. */
export const BUNDLE_VERSION = 1;
/**
 * Largest entry (header) accepted: a bamboo entry with YAMF hashes is at most about 330 bytes;
 * anything much larger is not an entry.
 */
export const MAX_BUNDLE_ENTRY = 1024;

/** One festival in a bundle: its id and entries (with payloads). */
export interface BundleFestival {
	readonly id: FestivalId;
	readonly entries: readonly EntryItem[];
}

/** Why a bundle was refused. */
export type BundleProblem = 'magic' | 'version' | 'truncated' | 'malformed' | 'too-large';

/** Encodes festivals as a bundle. Throws (RangeError) only for a festival id that is not 64 hex. */
export function writeBundle(festivals: readonly BundleFestival[]): Uint8Array {
	let len = BUNDLE_MAGIC.length + varu64Length(BUNDLE_VERSION) + varu64Length(festivals.length);
	for (const f of festivals) {
		len += 32 + varu64Length(f.entries.length);
		for (const e of f.entries) {
			const p = e.payload?.length ?? 0;
			len += varu64Length(e.bytes.length) + e.bytes.length + varu64Length(p) + p;
		}
	}
	const out = new Uint8Array(len);
	out.set(BUNDLE_MAGIC, 0);
	let o = writeVaru64(out, BUNDLE_MAGIC.length, BUNDLE_VERSION);
	o = writeVaru64(out, o, festivals.length);
	for (const f of festivals) {
		const id = parseFestivalId(f.id) && fromHex(f.id);
		if (!id) throw new RangeError(`not a festival id: ${String(f.id).slice(0, 80)}`);
		out.set(id, o);
		o += 32;
		o = writeVaru64(out, o, f.entries.length);
		for (const e of f.entries) {
			o = writeVaru64(out, o, e.bytes.length);
			out.set(e.bytes, o);
			o += e.bytes.length;
			const p = e.payload ?? new Uint8Array(0);
			o = writeVaru64(out, o, p.length);
			out.set(p, o);
			o += p.length;
		}
	}
	return out;
}

/** Reads bundle bytes; never throws. Entries are views into `bytes`. */
export function readBundle(bytes: Uint8Array): Result<BundleFestival[], BundleProblem> {
	try {
		return read(bytes);
	} catch (e) {
		// Defensive: the reader is written not to throw; should it, the input is still refused.
		return err(
			'malformed',
			`not a readable bundle (${e instanceof Error ? e.message : String(e)})`
		);
	}
}

class Cursor {
	o = 0;
	constructor(readonly bytes: Uint8Array) {}
	get left(): number {
		return this.bytes.length - this.o;
	}
}

/**
 * Reads a count or length named `what`: above `limit` it is too large for this format; above
 * the bytes left after it divided by `each` (the least bytes one item takes) it cannot fit
 * (a truncated or lying bundle).
 */
function count(
	c: Cursor,
	what: string,
	each: number,
	limit = Number.MAX_SAFE_INTEGER
): Result<number, BundleProblem> {
	const v = readVaru64(c.bytes, c.o);
	if (!v.ok) {
		return v.error.code === 'truncated'
			? err('truncated', `the bundle is truncated: it ends inside the ${what}`)
			: err('malformed', `the ${what} is not a canonical varu64`);
	}
	c.o += v.value.length;
	const n = v.value.value;
	if (n > BigInt(limit)) return err('too-large', `the ${what} is ${n}, over the limit of ${limit}`);
	if (n > BigInt(Math.floor(c.left / each)))
		return err(
			'truncated',
			`the bundle is truncated: the ${what} is ${n}, more than the bytes left can hold`
		);
	return ok(Number(n));
}

function read(bytes: Uint8Array): Result<BundleFestival[], BundleProblem> {
	if (bytes.length < BUNDLE_MAGIC.length) {
		const prefix = BUNDLE_MAGIC.subarray(0, bytes.length).every((b, i) => bytes[i] === b);
		return prefix && bytes.length > 0
			? err('truncated', 'the bundle is truncated: it ends inside its magic bytes')
			: err('magic', 'not a festival bundle (it does not start with "FESTBNDL")');
	}
	if (!BUNDLE_MAGIC.every((b, i) => bytes[i] === b))
		return err('magic', 'not a festival bundle (it does not start with "FESTBNDL")');
	const c = new Cursor(bytes);
	c.o = BUNDLE_MAGIC.length;
	const version = readVaru64(bytes, c.o);
	if (!version.ok) {
		return version.error.code === 'truncated'
			? err('truncated', 'the bundle is truncated: it ends before its version')
			: err('malformed', 'the bundle version is not a canonical varu64');
	}
	c.o += version.value.length;
	if (version.value.value !== BigInt(BUNDLE_VERSION)) {
		return err(
			'version',
			`bundle version ${version.value.value} is not supported (this program reads version ${BUNDLE_VERSION})`
		);
	}
	// A festival takes at least 33 bytes (id and an entry count), an entry at least 3.
	const nf = count(c, 'festival count', 33);
	if (!nf.ok) return nf;
	const out: BundleFestival[] = [];
	const seen = new Set<string>();
	for (let i = 0; i < nf.value; i++) {
		if (c.left < 32)
			return err(
				'truncated',
				`the bundle is truncated: it ends inside the id of festival ${i + 1}`
			);
		const id = toHex(bytes.subarray(c.o, c.o + 32)) as FestivalId;
		c.o += 32;
		if (seen.has(id)) return err('malformed', `festival ${id.slice(0, 12)}… is listed twice`);
		seen.add(id);
		const ne = count(c, `entry count of festival ${i + 1}`, 3);
		if (!ne.ok) return ne;
		const entries: EntryItem[] = [];
		for (let j = 0; j < ne.value; j++) {
			const where = `entry ${j + 1} of festival ${i + 1}`;
			const el = count(c, `length of ${where}`, 1, MAX_BUNDLE_ENTRY);
			if (!el.ok) return el;
			if (el.value === 0) return err('malformed', `${where} is empty`);
			const entry = bytes.subarray(c.o, c.o + el.value);
			c.o += el.value;
			const pl = count(c, `payload length of ${where}`, 1, MAX_PAYLOAD_SIZE);
			if (!pl.ok) return pl;
			const payload = bytes.subarray(c.o, c.o + pl.value);
			c.o += pl.value;
			entries.push(pl.value ? { bytes: entry, payload } : { bytes: entry });
		}
		out.push({ id, entries });
	}
	if (c.left > 0) return err('malformed', `${c.left} stray bytes after the last festival`);
	return ok(out);
}
