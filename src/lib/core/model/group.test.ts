import { describe, expect, it } from 'vitest';
import * as A from '@automerge/automerge';
import {
	groupKeyId,
	groupNodeKey,
	makeGroupNode,
	MAX_SEEN,
	readGroupNode,
	type GroupId
} from './group.js';

const ALICE = 'a'.repeat(64);
const MALLORY = 'f'.repeat(64);
const S = (s: string) => new A.ImmutableString(s);

describe('group nodes', () => {
	const create = makeGroupNode(ALICE, { type: 'create', name: 'Crew', nonce: '01' }, []);
	const g = create.id as GroupId;
	const add = makeGroupNode(ALICE, { type: 'add', group: g, member: MALLORY, admin: true }, [g]);
	const stored = { type: S('add'), group: S(g), member: S(MALLORY), admin: true, seen: [S(g)] };

	it('an id names its author: the same content by someone else is another node (no collision)', () => {
		const forged = makeGroupNode(MALLORY, { type: 'create', name: 'Crew', nonce: '01' }, []);
		expect(forged.id).not.toBe(create.id);
		expect(groupKeyId(groupNodeKey(ALICE, add.id))).toBe(add.id);
		expect(groupKeyId(ALICE)).toBeUndefined();
	});

	it('reads a stored node only when it hashes to its id with its author', () => {
		expect(readGroupNode(stored, ALICE, add.id)).toEqual({ ok: true, node: add });
		// Read as another author's (the map's creator is not the key's author), or edited: no.
		expect(readGroupNode(stored, MALLORY, add.id).ok).toBe(false);
		const edited = { ...stored, admin: false };
		expect(readGroupNode(edited, ALICE, add.id)).toMatchObject({
			ok: false,
			reason: /match its id/
		});
	});

	it('refuses malformed nodes with a reason', () => {
		const seen = Array.from({ length: MAX_SEEN + 1 }, () => S(g));
		expect(readGroupNode({ ...stored, seen }, ALICE, add.id).ok).toBe(false);
		expect(readGroupNode({ ...stored, member: S('me') }, ALICE, add.id).ok).toBe(false);
		expect(readGroupNode({ ...stored, type: S('grant') }, ALICE, add.id).ok).toBe(false);
		expect(readGroupNode('x', ALICE, add.id).ok).toBe(false);
	});
});
