/**
 * Users are Ed25519 key pairs: the public key is the identity, a display name is just data.
 * A device keeps its own random discriminator that never leaves it, so importing one key on
 * two devices never makes them write the same log (log ids are derived per device).
 * @module
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { bytesEqual, fromHex, randomBytes, toHex } from '../bytes.js';
import { detectBackend, randomSecretKey } from '../crypto/ed25519.js';
import { err, ok, type Result } from '../result.js';

/** An author's public key as 64 lower-case hex characters. */
export type AuthorId = string & { readonly __brand: 'AuthorId' };
/** A device's discriminator as 32 lower-case hex characters. */
export type DeviceId = string & { readonly __brand: 'DeviceId' };

/** A key pair plus the optional profile others see: a display name, a short note, a contact. */
export interface Identity {
	readonly publicKey: Uint8Array;
	readonly secretKey: Uint8Array;
	readonly author: AuthorId;
	readonly name?: string;
	readonly note?: string;
	readonly contact?: string;
}

/** The profile fields an identity keeps beside its key (PROTOCOL.md, "People"). */
export interface IdentityDetails {
	readonly name?: string;
	readonly note?: string;
	readonly contact?: string;
}

/** What a device persists: the identity and this device's discriminator (never exported). */
export interface DeviceIdentity {
	readonly identity: Identity;
	readonly device: DeviceId;
}

/** Where a platform keeps the device identity (IndexedDB in the browser, a 0600 file in Node). */
export interface IdentityStore {
	load(): Promise<DeviceIdentity | undefined>;
	save(identity: DeviceIdentity): Promise<void>;
}

/** Codes of {@link parseIdentityText} and {@link parseIdentityFile} failures. */
export type IdentityProblem = 'format' | 'checksum' | 'key';

const TEXT_PREFIX = 'festival-key-1:';
const FILE_KIND = 'festival-identity';

/** Checks a string is 64 lower-case hex characters and brands it. */
export function parseAuthorId(s: string): AuthorId | undefined {
	return /^[0-9a-f]{64}$/.test(s) ? (s as AuthorId) : undefined;
}

/** Makes an identity from a 32-byte secret seed. */
export async function identityFromSecret(secretKey: Uint8Array, name?: string): Promise<Identity> {
	const backend = await detectBackend();
	const publicKey = await backend.publicKey(secretKey);
	return {
		publicKey,
		secretKey,
		author: toHex(publicKey) as AuthorId,
		...(name !== undefined ? { name } : {})
	};
}

/** Generates a fresh key pair. */
export function generateIdentity(name?: string): Promise<Identity> {
	return identityFromSecret(randomSecretKey(), name);
}

/** Generates a fresh device discriminator (16 random bytes). */
export function newDeviceId(): DeviceId {
	return toHex(randomBytes(16)) as DeviceId;
}

/** A copy of `identity` with a new display name. */
export function withName(identity: Identity, name: string): Identity {
	return { ...identity, name };
}

/** A copy of `identity` with exactly these profile fields (an empty or missing field is none). */
export function withDetails(identity: Identity, details: IdentityDetails): Identity {
	const { publicKey, secretKey, author } = identity;
	const out: { -readonly [K in keyof Identity]: Identity[K] } = { publicKey, secretKey, author };
	if (details.name) out.name = details.name;
	if (details.note) out.note = details.note;
	if (details.contact) out.contact = details.contact;
	return out;
}

function checksum(secret: Uint8Array): string {
	return toHex(blake2b(secret, { dkLen: 4 }));
}

/**
 * The text form a person can copy: `festival-key-1:<secret hex>:<checksum hex>`.
 * It holds the secret key: whoever has it can write as this user.
 */
export function identityToText(identity: Identity): string {
	return `${TEXT_PREFIX}${toHex(identity.secretKey)}:${checksum(identity.secretKey)}`;
}

/** Parses the text form; surrounding whitespace is ignored. */
export async function parseIdentityText(text: string): Promise<Result<Identity, IdentityProblem>> {
	const t = text.trim();
	if (!t.startsWith(TEXT_PREFIX)) return err('format', `a key text starts with "${TEXT_PREFIX}"`);
	const [secretHex, sum, ...rest] = t.slice(TEXT_PREFIX.length).split(':');
	if (secretHex === undefined || sum === undefined || rest.length > 0) {
		return err('format', 'a key text is festival-key-1:<64 hex>:<8 hex>');
	}
	const secret = /^[0-9a-fA-F]{64}$/.test(secretHex) ? fromHex(secretHex) : undefined;
	if (!secret) return err('key', 'the secret key must be 64 hex characters');
	if (sum.toLowerCase() !== checksum(secret))
		return err('checksum', 'the checksum does not match: the text was mistyped or cut');
	return ok(await identityFromSecret(secret));
}

/** The file form: JSON with kind, version, public and secret key, and the profile fields. */
export function identityToFile(identity: Identity): string {
	return (
		JSON.stringify(
			{
				kind: FILE_KIND,
				version: 1,
				public: identity.author,
				secret: toHex(identity.secretKey),
				...(identity.name !== undefined ? { name: identity.name } : {}),
				...(identity.note !== undefined ? { note: identity.note } : {}),
				...(identity.contact !== undefined ? { contact: identity.contact } : {})
			},
			null,
			2
		) + '\n'
	);
}

/** The largest key backup file read, in bytes (a real one is a few hundred). */
export const IDENTITY_FILE_MAX_BYTES = 16 * 1024;

/**
 * Parses the file form (also accepts the text form); the public key must match the secret.
 * Contents over {@link IDENTITY_FILE_MAX_BYTES} are refused unread.
 */
export async function parseIdentityFile(
	contents: string
): Promise<Result<Identity, IdentityProblem>> {
	if (contents.length > IDENTITY_FILE_MAX_BYTES)
		return err(
			'format',
			`a key backup is a small file, not over ${IDENTITY_FILE_MAX_BYTES / 1024} KiB`
		);
	if (contents.trim().startsWith(TEXT_PREFIX)) return parseIdentityText(contents);
	let json: unknown;
	try {
		json = JSON.parse(contents);
	} catch {
		return err('format', 'the identity file is neither JSON nor a key text');
	}
	if (typeof json !== 'object' || json === null)
		return err('format', 'the identity file must hold a JSON object');
	const o = json as Record<string, unknown>;
	if (o.kind !== FILE_KIND || o.version !== 1)
		return err('format', `not a ${FILE_KIND} version 1 file`);
	if (typeof o.secret !== 'string' || !/^[0-9a-fA-F]{64}$/.test(o.secret))
		return err('key', 'secret must be 64 hex characters');
	for (const f of ['name', 'note', 'contact'] as const)
		if (o[f] !== undefined && typeof o[f] !== 'string')
			return err('format', `${f} must be a string`);
	const base = await identityFromSecret(fromHex(o.secret)!);
	const identity = withDetails(base, {
		...(typeof o.name === 'string' ? { name: o.name } : {}),
		...(typeof o.note === 'string' ? { note: o.note } : {}),
		...(typeof o.contact === 'string' ? { contact: o.contact } : {})
	});
	if (
		typeof o.public === 'string' &&
		!bytesEqual(fromHex(o.public.toLowerCase()) ?? new Uint8Array(), identity.publicKey)
	) {
		return err('key', 'the public key does not belong to the secret key');
	}
	return ok(identity);
}

/**
 * The log id this device uses for a context (a festival id, say): the first 8 bytes of
 * BLAKE2b-256(device || context) as an unsigned 64-bit integer. Two devices of one author get
 * different log ids for the same context, so they never write the same log.
 */
export function logIdFor(device: DeviceId, context: string): bigint {
	const h = blake2b(new TextEncoder().encode(`${device}\u0000${context}`), { dkLen: 32 });
	let v = 0n;
	for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(h[i]!);
	return v;
}
