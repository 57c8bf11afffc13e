import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSeen, saveSeen, SEEN_KEY } from './seen.js';

class MemoryStorage {
	readonly m = new Map<string, string>();
	getItem(k: string) {
		return this.m.get(k) ?? null;
	}
	setItem(k: string, v: string) {
		this.m.set(k, v);
	}
	removeItem(k: string) {
		this.m.delete(k);
	}
}

describe('peers seen', () => {
	let store: MemoryStorage;
	beforeEach(() => {
		store = new MemoryStorage();
		(globalThis as { localStorage?: unknown }).localStorage = store;
	});
	afterEach(() => {
		delete (globalThis as { localStorage?: unknown }).localStorage;
	});

	it('keeps the most recent peers, newest first', () => {
		saveSeen(
			[
				{ id: 'a', lastSeen: 1 },
				{ id: 'b', lastSeen: 3 },
				{ id: 'c', lastSeen: 2 }
			],
			2
		);
		expect(loadSeen()).toEqual([
			{ id: 'b', lastSeen: 3 },
			{ id: 'c', lastSeen: 2 }
		]);
	});

	it('ignores garbage in storage', () => {
		store.setItem(SEEN_KEY, '{not json');
		expect(loadSeen()).toEqual([]);
		store.setItem(SEEN_KEY, JSON.stringify([{ id: 5 }, { id: 'ok', lastSeen: 7 }, null]));
		expect(loadSeen()).toEqual([{ id: 'ok', lastSeen: 7 }]);
	});
});
