/**
 * The browser's {@link IdentityStore}: one record in IndexedDB holding the secret key, the
 * profile (name, note, contact) and this device's id. The public key is derived again on load, so a damaged
 * record cannot pair a secret with a foreign public key.
 * @module
 */
import {
	type DeviceId,
	type DeviceIdentity,
	identityFromSecret,
	type IdentityStore,
	withDetails
} from '../core/index.js';

const STORE = 'identity';
const KEY = 'device';

interface StoredIdentity {
	version: 1;
	secret: Uint8Array;
	name?: string;
	note?: string;
	contact?: string;
	device: string;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
	});
}

function openDb(name: string, factory: IDBFactory): Promise<IDBDatabase> {
	const req = factory.open(name, 1);
	req.onupgradeneeded = () => {
		if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
	};
	return request(req);
}

function isStored(v: unknown): v is StoredIdentity {
	const o = v as Partial<StoredIdentity> | null;
	return (
		typeof o === 'object' &&
		o !== null &&
		o.version === 1 &&
		o.secret instanceof Uint8Array &&
		o.secret.length === 32 &&
		typeof o.device === 'string' &&
		/^[0-9a-f]{32}$/.test(o.device) &&
		(o.name === undefined || typeof o.name === 'string') &&
		(o.note === undefined || typeof o.note === 'string') &&
		(o.contact === undefined || typeof o.contact === 'string')
	);
}

/** The device identity in the IndexedDB database `dbName` (default `festival-identity`). */
export class IndexedDbIdentityStore implements IdentityStore {
	#db: Promise<IDBDatabase> | undefined;

	constructor(
		readonly dbName = 'festival-identity',
		private readonly factory: IDBFactory = globalThis.indexedDB
	) {}

	#open(): Promise<IDBDatabase> {
		this.#db ??= openDb(this.dbName, this.factory).catch((e: unknown) => {
			this.#db = undefined;
			throw e;
		});
		return this.#db;
	}

	async load(): Promise<DeviceIdentity | undefined> {
		const db = await this.#open();
		const v: unknown = await request(db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY));
		if (v === undefined) return undefined;
		if (!isStored(v))
			throw new Error('the stored identity is damaged; restore it from a key backup');
		const identity = withDetails(await identityFromSecret(v.secret), {
			...(v.name === undefined ? {} : { name: v.name }),
			...(v.note === undefined ? {} : { note: v.note }),
			...(v.contact === undefined ? {} : { contact: v.contact })
		});
		return { identity, device: v.device as DeviceId };
	}

	async save(d: DeviceIdentity): Promise<void> {
		const db = await this.#open();
		const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
		tx.objectStore(STORE).put(toRecord(d), KEY);
		await done(tx);
	}

	/**
	 * Stores `candidate` unless an identity is already stored, in one transaction, and returns
	 * the identity that is stored afterwards: two tabs opening at once end up with one key.
	 */
	async createIfMissing(candidate: DeviceIdentity): Promise<DeviceIdentity> {
		const db = await this.#open();
		const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
		const store = tx.objectStore(STORE);
		const existing: unknown = await request(store.get(KEY));
		if (existing === undefined) store.put(toRecord(candidate), KEY);
		await done(tx);
		if (existing === undefined) return candidate;
		const loaded = await this.load();
		if (!loaded) throw new Error('the stored identity disappeared while loading');
		return loaded;
	}
}

function toRecord(d: DeviceIdentity): StoredIdentity {
	return {
		version: 1,
		secret: new Uint8Array(d.identity.secretKey),
		device: d.device,
		...(d.identity.name !== undefined ? { name: d.identity.name } : {}),
		...(d.identity.note !== undefined ? { note: d.identity.note } : {}),
		...(d.identity.contact !== undefined ? { contact: d.identity.contact } : {})
	};
}

function done(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
		tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write was aborted'));
	});
}
