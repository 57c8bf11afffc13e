import { describe, expect, it } from 'vitest';
import type { FestivalId } from '../festival/document/ids.js';
import { festivalTopic } from './topic.js';

describe('festivalTopic', () => {
	it('is stable, distinct per festival, and does not contain the id', () => {
		const a = 'ab'.repeat(32) as FestivalId;
		const b = 'cd'.repeat(32) as FestivalId;
		expect(festivalTopic(a)).toBe(festivalTopic(a));
		expect(festivalTopic(a)).not.toBe(festivalTopic(b));
		expect(festivalTopic(a)).toMatch(/^festival-[0-9a-f]{32}$/);
		expect(festivalTopic(a)).not.toContain(a.slice(0, 16));
	});
});
