import { describe, expect, it } from 'vitest';
import { cleanInviteName, INVITE_NAME_MAX, inviteLink, invitedName } from './invite.js';
import { qrPath } from './qr.js';

const ID = 'ab'.repeat(32);

describe('invite links', () => {
	it("carry the festival's name in the fragment, and give it back", () => {
		const link = inviteLink('https://app.example', ID, 'Summer & Camp #1');
		expect(link).toBe(`https://app.example/f/${ID}#name=Summer%20%26%20Camp%20%231`);
		expect(invitedName(new URL(link).hash)).toBe('Summer & Camp #1');
		expect(inviteLink('https://app.example', ID, '  ')).toBe(`https://app.example/f/${ID}`);
	});

	it('read the name as untrusted text: hidden characters dropped, clipped', () => {
		expect(invitedName('#name=Evil%E2%80%AEgnp.exe')).toBe('Evil gnp.exe');
		expect(invitedName('#name=a%00b%0A%0Ac%E2%80%8B')).toBe('a b c');
		const long = invitedName(`#name=${'x'.repeat(500)}`)!;
		expect([...long]).toHaveLength(INVITE_NAME_MAX);
		expect(long.endsWith('…')).toBe(true);
		expect(invitedName('#name=%20%E2%80%8F')).toBeUndefined();
		expect(invitedName('')).toBeUndefined();
		expect(invitedName('#other=1')).toBeUndefined();
		expect(cleanInviteName('<script>')).toBe('<script>');
	});

	it('the longest name still makes a QR code', () => {
		const link = inviteLink('https://festival.example.org', ID, '🎪'.repeat(500));
		expect(invitedName(new URL(link).hash)).toHaveLength(2 * (INVITE_NAME_MAX - 1) + 1);
		expect(qrPath(link).size).toBeGreaterThan(21);
	});
});
