/**
 * `festival settings` (shown to anyone, changed by the festival's creator only) and
 * `festival forget` (a festival leaves this home; others keep theirs).
 */
import { describe, expect, it } from 'vitest';
import { cliHomes, type CliPerson } from './homes.fixture.js';

const homes = cliHomes('settings');

async function send(from: CliPerson, fest: string, to: CliPerson): Promise<void> {
	const file = `${homes.path('bundle')}.bin`;
	await from.ok('bundle', 'export', fest, file);
	await to.ok('bundle', 'import', file);
}

describe('festival settings and forget', () => {
	it('the creator changes name, time zone and description; another author is refused', async () => {
		const alice = await homes.person('Alice');
		const bob = await homes.person('Bob');
		const fest = await alice.ok('create', 'Camp', '--tz', 'UTC');
		expect(await alice.ok('settings', fest, '--name', 'Lake Camp', '--tz', 'Europe/Berlin')).toBe(
			'changed name, tz of "Lake Camp"'
		);
		await alice.ok('settings', fest, '--description', 'By the water');
		const shown = await alice.ok('settings', fest);
		expect(shown).toContain('name: Lake Camp');
		expect(shown).toContain('time zone: Europe/Berlin');
		expect(shown).toContain('description: By the water');
		expect(shown).toContain(`creator: ${alice.key}`);
		expect(await alice.ok('list')).toContain('Lake Camp');

		const bad = await alice.run('settings', fest, '--tz', 'Mars/Base');
		expect(bad.code).not.toBe(0);
		expect(bad.stderr).toMatch(/unknown time zone "Mars\/Base"/);

		await send(alice, fest, bob);
		const refused = await bob.run('settings', fest, '--name', 'Bob Fest');
		expect(refused.code).not.toBe(0);
		expect(refused.stderr).toMatch(/only the festival's creator/);
		expect(await bob.ok('settings', fest)).toContain('name: Lake Camp');
	});

	it('forget removes a festival from this home only', async () => {
		const alice = await homes.person('Alice');
		const bob = await homes.person('Bob');
		const fest = await alice.ok('create', 'Gone', '--tz', 'UTC');
		const kept = await alice.ok('create', 'Kept', '--tz', 'UTC');
		await send(alice, fest, bob);
		expect(await alice.ok('forget', fest.slice(0, 12))).toMatch(/^removed "Gone" \(/);
		const list = await alice.ok('list');
		expect(list).not.toContain(fest);
		expect(list).toContain(kept);
		expect((await alice.run('show', fest)).code).not.toBe(0);
		expect(await bob.ok('list')).toContain(fest);
	});
});
