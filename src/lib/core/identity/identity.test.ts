import { describe, expect, it } from 'vitest';
import {
	generateIdentity,
	identityToFile,
	identityToText,
	logIdFor,
	newDeviceId,
	parseAuthorId,
	IDENTITY_FILE_MAX_BYTES,
	parseIdentityFile,
	parseIdentityText,
	withDetails,
	withName
} from './identity.js';

describe('identity', () => {
	it('generates distinct key pairs with a 64-hex author id', async () => {
		const a = await generateIdentity('Alice');
		const b = await generateIdentity();
		expect(a.author).toMatch(/^[0-9a-f]{64}$/);
		expect(a.author).not.toBe(b.author);
		expect(a.name).toBe('Alice');
		expect(parseAuthorId(a.author)).toBe(a.author);
		expect(parseAuthorId('xyz')).toBeUndefined();
	});

	it('round-trips through the text form and the file form', async () => {
		const a = withName(await generateIdentity(), 'Alice');
		const t = await parseIdentityText(`  ${identityToText(a)}\n`);
		expect(t.ok && t.value.author).toBe(a.author);
		const f = await parseIdentityFile(identityToFile(a));
		expect(f.ok && f.value.author).toBe(a.author);
		expect(f.ok && f.value.name).toBe('Alice');
		const viaFile = await parseIdentityFile(identityToText(a));
		expect(viaFile.ok && viaFile.value.author).toBe(a.author);
	});

	it('keeps the note and contact in the file form, and drops empty fields', async () => {
		const a = withDetails(await generateIdentity(), {
			name: 'Alice',
			note: 'sound crew',
			contact: 'alice@example.org'
		});
		const f = await parseIdentityFile(identityToFile(a));
		expect(f.ok && [f.value.name, f.value.note, f.value.contact]).toEqual([
			'Alice',
			'sound crew',
			'alice@example.org'
		]);
		const cleared = withDetails(a, { name: 'Alice', note: '' });
		expect(cleared.note).toBeUndefined();
		expect(cleared.contact).toBeUndefined();
		expect(cleared.secretKey).toBe(a.secretKey);
		expect(identityToFile(cleared)).not.toContain('note');
	});

	it('refuses a file whose note or contact is not a string', async () => {
		const a = await generateIdentity();
		for (const field of ['note', 'contact']) {
			const json = JSON.parse(identityToFile(a)) as Record<string, unknown>;
			json[field] = { evil: true };
			const r = await parseIdentityFile(JSON.stringify(json));
			expect(r.ok).toBe(false);
			expect(!r.ok && r.error.reason).toBe(`${field} must be a string`);
		}
	});

	it('rejects mistyped and malformed key texts with a reason', async () => {
		const a = await generateIdentity();
		const text = identityToText(a);
		const typo = text.slice(0, 20) + (text[20] === 'a' ? 'b' : 'a') + text.slice(21);
		for (const [input, code] of [
			[typo, 'checksum'],
			[text.slice(0, -3), 'checksum'],
			['hello', 'format'],
			['festival-key-1:zz:00000000', 'key'],
			['festival-key-1:abc', 'format']
		] as const) {
			const r = await parseIdentityText(input);
			expect(r.ok).toBe(false);
			expect(!r.ok && r.error.code).toBe(code);
		}
	});

	it('rejects malformed identity files and a public key that does not match', async () => {
		const a = await generateIdentity();
		const b = await generateIdentity();
		const mixed = JSON.parse(identityToFile(a));
		mixed.public = b.author;
		for (const input of [
			'{',
			'[]',
			'{"kind":"other"}',
			JSON.stringify({ ...mixed, secret: 'no' }),
			JSON.stringify(mixed)
		]) {
			const r = await parseIdentityFile(input);
			expect(r.ok).toBe(false);
			expect(!r.ok && r.error.reason.length).toBeGreaterThan(5);
		}
	});

	it('refuses a file too big for a key backup, even one that would parse', async () => {
		const a = await generateIdentity('Ada');
		const padded = identityToFile(a) + ' '.repeat(IDENTITY_FILE_MAX_BYTES);
		const r = await parseIdentityFile(padded);
		expect(!r.ok && r.error.reason).toMatch(/small file, not over 16 KiB/);
		expect((await parseIdentityFile(identityToFile(a))).ok).toBe(true);
	});

	it('gives two devices of one key different log ids for the same festival', () => {
		const d1 = newDeviceId();
		const d2 = newDeviceId();
		expect(d1).not.toBe(d2);
		expect(logIdFor(d1, 'fest')).not.toBe(logIdFor(d2, 'fest'));
		expect(logIdFor(d1, 'fest')).toBe(logIdFor(d1, 'fest'));
		expect(logIdFor(d1, 'fest')).not.toBe(logIdFor(d1, 'other'));
		expect(logIdFor(d1, 'fest')).toBeLessThan(2n ** 64n);
	});
});
