import { describe, expect, it } from 'vitest';
import { ago, peersText } from './format.js';
import { defaultSignalingUrl, signalingUrlProblem } from './settings.js';

describe('sync status words', () => {
	it('says how long ago', () => {
		const now = Date.UTC(2026, 6, 1, 12);
		expect(ago(undefined, now)).toBe('never');
		expect(ago(now - 2000, now)).toBe('just now');
		expect(ago(now - 12_000, now)).toBe('12 s ago');
		expect(ago(now - 5 * 60_000, now)).toBe('5 min ago');
		expect(ago(now - 3 * 3600_000, now)).toBe('3 h ago');
		expect(ago(now - 3 * 86400_000, now)).not.toMatch(/ago/);
	});
	it('counts peers', () => {
		expect(peersText(0)).toBe('0 peers');
		expect(peersText(1)).toBe('1 peer');
	});
});

describe('signaling URL', () => {
	it('defaults to the page origin, ws or wss', () => {
		expect(defaultSignalingUrl({ protocol: 'http:', host: '127.0.0.1:5173' })).toBe(
			'ws://127.0.0.1:5173/'
		);
		expect(defaultSignalingUrl({ protocol: 'https:', host: 'fest.example' })).toBe(
			'wss://fest.example/'
		);
	});
	it('accepts ws and wss URLs only', () => {
		expect(signalingUrlProblem('wss://signal.example.org/')).toBeUndefined();
		expect(signalingUrlProblem('ws://127.0.0.1:4444')).toBeUndefined();
		expect(signalingUrlProblem('https://signal.example.org/')).toMatch(/ws:\/\//);
		expect(signalingUrlProblem('not a url')).toMatch(/not a URL/);
	});
});
