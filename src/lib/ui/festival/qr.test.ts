import { describe, expect, it } from 'vitest';
import { qrPath } from './qr.js';

describe('qrPath', () => {
	it('draws a festival link with a quiet zone', () => {
		const link = `https://fest.example/f/${'ab'.repeat(32)}`;
		const q = qrPath(link);
		// 88 bytes at level M need version 5 (37 modules) or more; plus 2 × 4 quiet modules.
		expect(q.size).toBeGreaterThanOrEqual(37 + 8);
		expect((q.size - 8 - 17) % 4).toBe(0);
		// The top-left finder pattern: its corner module is dark, the quiet zone is not drawn.
		expect(q.d.startsWith('M4 4h1v1h-1z')).toBe(true);
		expect(q.d).not.toMatch(/M[0-3] /);
	});
});
