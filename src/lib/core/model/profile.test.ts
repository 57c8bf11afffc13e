import { describe, expect, it } from 'vitest';
import { checkProfile, cleanText, nameKey, readProfile } from './profile.js';

describe('profile input', () => {
	it('takes a name, a note and a contact, trimmed; empty ones are left out', () => {
		expect(checkProfile({ name: ' Alice ', note: '', contact: ' a@x ' })).toEqual({
			ok: true,
			value: { name: 'Alice', contact: 'a@x' }
		});
	});

	it('refuses an empty or over-long name, and control, direction or invisible characters', () => {
		const codes = (input: Parameters<typeof checkProfile>[0]) => {
			const r = checkProfile(input);
			return r.ok ? [] : r.problems.map((p) => `${p.field}:${p.code}`);
		};
		expect(codes({ name: '  ' })).toEqual(['name:required']);
		expect(codes({ name: 'x'.repeat(81) })).toEqual(['name:too-long']);
		expect(codes({ name: 'Ali\u202Ece' })).toEqual(['name:hidden-characters']);
		expect(codes({ name: 'Al\u200Bice' })).toEqual(['name:hidden-characters']);
		expect(codes({ name: 'Alice', note: 'line\nbreak' })).toEqual(['note:hidden-characters']);
		expect(codes({ name: 'Alice', contact: 'x'.repeat(201) })).toEqual(['contact:too-long']);
	});
});

describe('stored profiles', () => {
	it('are cleaned and cut; without a name left there is none', () => {
		expect(readProfile({ name: '\u2067Bob\u2069   the\tbuilder' })).toEqual({
			name: 'Bob the builder'
		});
		expect(readProfile({ name: 'x'.repeat(1_000_000) })?.name).toHaveLength(80);
		expect(readProfile({ name: '\u202E\u0000 ' })).toBeUndefined();
		expect(readProfile('Alice')).toBeUndefined();
		expect(readProfile({ name: 5 })).toBeUndefined();
	});

	it('cleanText drops hidden characters and collapses whitespace', () => {
		expect(cleanText(' a\u200D\u00A0 b\r\n')).toBe('a b');
	});
});

describe('nameKey', () => {
	it('compares names across case, width, accents, spacing and punctuation', () => {
		const k = nameKey('Alice');
		for (const n of ['alice', ' ALICE ', 'Ａｌｉｃｅ', 'Alicé', 'A.lice', 'Al ice', 'Ali\u200Bce'])
			expect(nameKey(n)).toBe(k);
		expect(nameKey('Alina')).not.toBe(k);
	});
});
