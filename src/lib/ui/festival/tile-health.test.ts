import { describe, expect, it } from 'vitest';
import { TileHealth } from './tile-health.js';

describe('TileHealth', () => {
	it('starts loading and is shown after one tile', () => {
		const h = new TileHealth();
		expect(h.state).toBe('loading');
		h.failed();
		expect(h.loaded()).toBe('shown');
		expect(h.settled()).toBe('shown');
		expect(h.timedOut()).toBe('shown');
	});

	it('fails when the tiles in view all settled with errors', () => {
		const h = new TileHealth();
		h.failed();
		expect(h.state).toBe('loading');
		h.failed();
		expect(h.settled()).toBe('failed');
	});

	it('does not fail on a settle without any tile', () => {
		const h = new TileHealth();
		expect(h.settled()).toBe('loading');
	});

	it('fails when nothing arrived in time, and a late tile still shows the map', () => {
		const h = new TileHealth();
		expect(h.timedOut()).toBe('failed');
		expect(h.loaded()).toBe('shown');
	});

	it('starts over on reset', () => {
		const h = new TileHealth();
		h.failed();
		h.settled();
		expect(h.reset()).toBe('loading');
		expect(h.settled()).toBe('loading');
		h.loaded();
		expect(h.state).toBe('shown');
	});
});
