/**
 * The bamboo entry (AljoschaMeyer/bamboo, "Entry Encoding"): in this order
 * 1. tag: one byte, 0 = normal entry, 1 = end of log
 * 2. author: 32-byte Ed25519 public key
 * 3. log id: varu64
 * 4. sequence number: varu64, starting at 1
 * 5. lipmaa link: hash of entry lipmaa(n), present iff n > 1 and lipmaa(n) != n - 1
 * 6. backlink: hash of entry n - 1, present iff n > 1
 * 7. payload size: varu64
 * 8. payload hash
 * 9. signature: 64-byte Ed25519 over all preceding bytes
 * Hashes use the log's hash suite (YAMF by default, see hash.ts).
 * @module
 */
import { bytesEqual } from '../bytes.js';
import { err, ok, type Result } from '../result.js';
import { hasLipmaaLink } from './lipmaa.js';
import { YAMF, type HashSuite } from './hash.js';
import { readVaru64, varu64Length, writeVaru64 } from './varu64.js';

/**
 * Largest payload this implementation accepts: 4 MiB. A festival entry carries one burst of
 * Automerge changes; anything larger is split by the writer, and a claimed size above this is
 * refused before any hashing, so a hostile entry cannot make a peer allocate or hash gigabytes.
 */
export const MAX_PAYLOAD_SIZE = 4 * 1024 * 1024;

/** Ed25519 key and signature sizes (RFC 8032 §5.1). */
export const AUTHOR_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;

/**
 * Largest entry encoding any container of entries (a bundle, a sync message) accepts: 1 KiB.
 * A bamboo entry is at most 322 bytes (tag 1, author 32, log id and seq 9 each, lipmaa link,
 * backlink and payload hash 66 each as YAMF, payload size 9, signature 64), and
 * {@link decodeEntry} refuses anything longer; the cap leaves room for a longer hash suite
 * while a hostile length is refused by the container before any entry is decoded.
 */
export const MAX_ENTRY_SIZE = 1024;

/** The fields of a bamboo entry. */
export interface EntryFields {
	readonly endOfLog: boolean;
	readonly author: Uint8Array;
	readonly logId: bigint;
	readonly seqNum: number;
	/** Encoded hash (prefix + digest) of entry lipmaa(seqNum), when the encoding has one. */
	readonly lipmaaLink?: Uint8Array;
	/** Encoded hash of entry seqNum - 1, for seqNum > 1. */
	readonly backlink?: Uint8Array;
	readonly payloadSize: number;
	/** Encoded hash of the payload. */
	readonly payloadHash: Uint8Array;
}

/** A complete entry: fields, signature, and its encoding. */
export interface Entry extends EntryFields {
	readonly signature: Uint8Array;
	/** The full encoding, signature included. */
	readonly bytes: Uint8Array;
	/** Length of the signed prefix of `bytes` (everything but the signature). */
	readonly signedLength: number;
}

/** Failure codes of {@link decodeEntry}. */
export type DecodeProblem =
	| 'truncated'
	| 'non-canonical'
	| 'tag'
	| 'seq-zero'
	| 'seq-range'
	| 'log-id-range'
	| 'hash-format'
	| 'payload-size'
	| 'trailing';

/** Encodes the signed part of an entry (everything but the signature). */
export function encodeUnsigned(f: EntryFields): Uint8Array {
	return encodeUnsignedInto(f, 0);
}

/**
 * Encodes the signed part of an entry at the start of a new array `room` bytes longer than
 * it (the signature's room, when signing: the entry is then made in one array, no copy).
 */
export function encodeUnsignedInto(f: EntryFields, room: number): Uint8Array {
	checkLinks(f);
	let len = 1 + AUTHOR_LENGTH + varu64Length(f.logId) + varu64Length(f.seqNum);
	if (f.lipmaaLink) len += f.lipmaaLink.length;
	if (f.backlink) len += f.backlink.length;
	len += varu64Length(f.payloadSize) + f.payloadHash.length;
	const out = new Uint8Array(len + room);
	out[0] = f.endOfLog ? 1 : 0;
	out.set(f.author, 1);
	let o = writeVaru64(out, 1 + AUTHOR_LENGTH, f.logId);
	o = writeVaru64(out, o, f.seqNum);
	if (f.lipmaaLink) {
		out.set(f.lipmaaLink, o);
		o += f.lipmaaLink.length;
	}
	if (f.backlink) {
		out.set(f.backlink, o);
		o += f.backlink.length;
	}
	o = writeVaru64(out, o, f.payloadSize);
	out.set(f.payloadHash, o);
	return out;
}

function checkLinks(f: EntryFields): void {
	if (f.author.length !== AUTHOR_LENGTH) throw new RangeError('author must be 32 bytes');
	if (!Number.isSafeInteger(f.seqNum) || f.seqNum < 1) throw new RangeError('seqNum must be >= 1');
	if (hasLipmaaLink(f.seqNum) !== (f.lipmaaLink !== undefined)) {
		throw new RangeError(
			`entry ${f.seqNum} ${hasLipmaaLink(f.seqNum) ? 'needs' : 'must not have'} a lipmaa link`
		);
	}
	if (f.seqNum > 1 !== (f.backlink !== undefined)) {
		throw new RangeError(
			`entry ${f.seqNum} ${f.seqNum > 1 ? 'needs' : 'must not have'} a backlink`
		);
	}
}

/** Appends the signature to the signed part, giving a full {@link Entry}. */
export function assembleEntry(
	fields: EntryFields,
	unsigned: Uint8Array,
	signature: Uint8Array
): Entry {
	const bytes = new Uint8Array(unsigned.length + SIGNATURE_LENGTH);
	bytes.set(unsigned);
	bytes.set(signature, unsigned.length);
	return entryOf(fields, bytes, unsigned.length);
}

/**
 * The {@link Entry} of `fields` whose full encoding is `bytes`, signed part first
 * (`signedLength` bytes), then the signature.
 */
export function entryOf(fields: EntryFields, bytes: Uint8Array, signedLength: number): Entry {
	// Written out rather than spread: this runs once per signed entry.
	const entry: { -readonly [K in keyof Entry]: Entry[K] } = {
		endOfLog: fields.endOfLog,
		author: fields.author,
		logId: fields.logId,
		seqNum: fields.seqNum,
		payloadSize: fields.payloadSize,
		payloadHash: fields.payloadHash,
		signature: bytes.subarray(signedLength, signedLength + SIGNATURE_LENGTH),
		bytes,
		signedLength
	};
	if (fields.lipmaaLink) entry.lipmaaLink = fields.lipmaaLink;
	if (fields.backlink) entry.backlink = fields.backlink;
	return entry;
}

function readHash(
	bytes: Uint8Array,
	o: number,
	suite: HashSuite,
	what: string
): Result<Uint8Array, DecodeProblem> {
	if (o + 2 > bytes.length) return err('truncated', `ends inside the ${what}`);
	if (bytes[o] !== suite.prefix[0] || bytes[o + 1] !== suite.prefix[1]) {
		return err(
			'hash-format',
			`the ${what} is not a ${suite.name.toUpperCase()} hash (expected prefix ${suite.prefix.map((b) => b.toString(16).padStart(2, '0')).join(' ')})`
		);
	}
	if (o + suite.encodedLength > bytes.length) return err('truncated', `ends inside the ${what}`);
	return ok(bytes.subarray(o, o + suite.encodedLength));
}

/**
 * Decodes an entry from untrusted bytes. Never throws: returns a typed problem with a reason a
 * person can read. Checks the structure only; signatures and links are checked by verify.ts.
 */
export function decodeEntry(
	bytes: Uint8Array,
	suite: HashSuite = YAMF
): Result<Entry, DecodeProblem> {
	if (bytes.length === 0) return err('truncated', 'the entry is empty');
	const tag = bytes[0]!;
	if (tag > 1) return err('tag', `unknown tag ${tag} (0 = entry, 1 = end of log)`);
	if (bytes.length < 1 + AUTHOR_LENGTH) return err('truncated', 'ends inside the author key');
	const author = bytes.subarray(1, 1 + AUTHOR_LENGTH);
	let o = 1 + AUTHOR_LENGTH;
	let logId: bigint;
	// One-byte varu64s (values below 248, the common case) read without a result object.
	const l0 = bytes[o];
	if (l0 !== undefined && l0 < 248) {
		logId = BigInt(l0);
		o += 1;
	} else {
		const r = readVaru64(bytes, o);
		if (!r.ok) return err(r.error.code, `log id: ${r.error.reason}`);
		logId = r.value.value;
		o += r.value.length;
	}
	let seqNum: number;
	const s0 = bytes[o];
	if (s0 !== undefined && s0 < 248) {
		seqNum = s0;
		o += 1;
	} else {
		const seq = readVaru64(bytes, o);
		if (!seq.ok) return err(seq.error.code, `sequence number: ${seq.error.reason}`);
		if (seq.value.value > BigInt(Number.MAX_SAFE_INTEGER)) {
			return err(
				'seq-range',
				`sequence number ${seq.value.value} is beyond what this implementation supports (2^53 - 1)`
			);
		}
		seqNum = Number(seq.value.value);
		o += seq.value.length;
	}
	if (seqNum === 0) return err('seq-zero', 'sequence number 0: bamboo logs start at 1');
	let lipmaaLink: Uint8Array | undefined;
	if (hasLipmaaLink(seqNum)) {
		const h = readHash(bytes, o, suite, 'lipmaa link');
		if (!h.ok) return h;
		lipmaaLink = h.value;
		o += h.value.length;
	}
	let backlink: Uint8Array | undefined;
	if (seqNum > 1) {
		const h = readHash(bytes, o, suite, 'backlink');
		if (!h.ok) return h;
		backlink = h.value;
		o += h.value.length;
	}
	let payloadSize: number;
	const p0 = bytes[o];
	if (p0 !== undefined && p0 < 248) {
		payloadSize = p0;
		o += 1;
	} else {
		const size = readVaru64(bytes, o);
		if (!size.ok) return err(size.error.code, `payload size: ${size.error.reason}`);
		if (size.value.value > BigInt(MAX_PAYLOAD_SIZE)) {
			return err(
				'payload-size',
				`payload size ${size.value.value} is over the limit of ${MAX_PAYLOAD_SIZE} bytes`
			);
		}
		payloadSize = Number(size.value.value);
		o += size.value.length;
	}
	const payloadHash = readHash(bytes, o, suite, 'payload hash');
	if (!payloadHash.ok) return payloadHash;
	o += payloadHash.value.length;
	const signedLength = o;
	if (o + SIGNATURE_LENGTH > bytes.length) return err('truncated', 'ends inside the signature');
	if (o + SIGNATURE_LENGTH < bytes.length) {
		return err('trailing', `${bytes.length - o - SIGNATURE_LENGTH} bytes after the signature`);
	}
	// Written out rather than spread: this runs once per entry received.
	const entry: { -readonly [K in keyof Entry]: Entry[K] } = {
		endOfLog: tag === 1,
		author,
		logId,
		seqNum,
		payloadSize,
		payloadHash: payloadHash.value,
		signature: bytes.subarray(o, o + SIGNATURE_LENGTH),
		bytes,
		signedLength
	};
	if (lipmaaLink) entry.lipmaaLink = lipmaaLink;
	if (backlink) entry.backlink = backlink;
	return ok(entry);
}

/** Whether two entries are the same bytes. */
export function sameEntry(a: Entry, b: Entry): boolean {
	return bytesEqual(a.bytes, b.bytes);
}
