import { describe, expect, it } from 'vitest';
import type { FestivalDoc } from '../document/doc.js';
import { writeGroupNode } from '../document/groups.js';
import { makeGroupNode } from '../../model/group.js';
import { mayDecideAny } from './decides.js';
import { runPolicies } from './policy.js';
import { ALICE, BOB, CAROL, Fest, hours, tree } from './tree.fixture.js';

const NOW = new Date('2026-06-01T00:00:00Z');

describe('whether someone may decide anything in a tree', () => {
	it('is no for whoever owns no resource where there is no group, yes for an owner', () => {
		const f = new Fest(ALICE, 'Village');
		const hall = f.resource(BOB, { name: 'Hall', policy: 'first-come' });
		f.event(CAROL, hours(10, 11), [{ resource: hall }]);
		expect(mayDecideAny(tree(f), ALICE)).toBe(false);
		expect(mayDecideAny(tree(f), CAROL)).toBe(false);
		expect(mayDecideAny(tree(f), BOB)).toBe(true);
		// The same as a full run: nothing for Alice, Bob's first-come policy accepts.
		expect(runPolicies(tree(f), ALICE, NOW)).toEqual([]);
		expect(runPolicies(tree(f), BOB, NOW)).toHaveLength(1);
	});

	it('is maybe for everyone once the tree holds a group record', () => {
		const f = new Fest(ALICE, 'Village');
		f.resource(BOB, { name: 'Hall' });
		const n = makeGroupNode(BOB, { type: 'create', name: 'Crew', nonce: '01' }, []);
		f.edit(BOB, (d) => writeGroupNode(d as FestivalDoc, n));
		expect(mayDecideAny(tree(f), ALICE)).toBe(true);
	});
});
