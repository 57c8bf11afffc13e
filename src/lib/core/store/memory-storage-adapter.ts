/**
 * An automerge-repo storage adapter in memory, for tests and as a fallback where no durable
 * storage exists. automerge-repo ships only a test helper (`DummyStorageAdapter`) that joins
 * keys with "." and matches prefixes as strings, so `["a.b"]` and `["a", "b"]` collide and
 * the prefix `["ab"]` matches `["abc"]`; this one compares keys element by element.
 * @module
 */
import type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo/slim';

function startsWith(key: readonly string[], prefix: readonly string[]): boolean {
	if (prefix.length > key.length) return false;
	for (let i = 0; i < prefix.length; i++) if (key[i] !== prefix[i]) return false;
	return true;
}

/**
 * Key/value storage in a `Map`. `loadRange` returns matches in insertion order (as
 * automerge-repo's acceptance suite expects). Values are copied in and out.
 */
export class MemoryStorageAdapter implements StorageAdapterInterface {
	readonly #data = new Map<string, { key: StorageKey; data: Uint8Array }>();

	async load(key: StorageKey): Promise<Uint8Array | undefined> {
		return this.#data.get(JSON.stringify(key))?.data.slice();
	}

	async save(key: StorageKey, data: Uint8Array): Promise<void> {
		this.#data.set(JSON.stringify(key), { key: [...key], data: data.slice() });
	}

	async remove(key: StorageKey): Promise<void> {
		this.#data.delete(JSON.stringify(key));
	}

	async loadRange(keyPrefix: StorageKey): Promise<Chunk[]> {
		const out: Chunk[] = [];
		for (const { key, data } of this.#data.values()) {
			if (startsWith(key, keyPrefix)) out.push({ key: [...key], data: data.slice() });
		}
		return out;
	}

	async removeRange(keyPrefix: StorageKey): Promise<void> {
		for (const [k, { key }] of this.#data) if (startsWith(key, keyPrefix)) this.#data.delete(k);
	}

	/** Number of values held (for tests). */
	get size(): number {
		return this.#data.size;
	}
}
