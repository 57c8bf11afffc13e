import { cbor, type Message, type PeerId } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeHello, encodeMessage, encodeTopic, parseSignaling } from './wire.js';

describe('signaling messages', () => {
	it('reads announces and signals', () => {
		expect(parseSignaling({ type: 'announce', from: 'a', session: 's' })).toEqual({
			type: 'announce',
			from: 'a',
			session: 's'
		});
		expect(parseSignaling({ type: 'announce', from: 'a', session: 's', to: 'b' })).toEqual({
			type: 'announce',
			from: 'a',
			session: 's',
			to: 'b'
		});
		expect(
			parseSignaling({
				type: 'signal',
				from: 'a',
				to: 'b',
				session: 's',
				cid: 'c',
				signal: { type: 'offer', sdp: 'v=0' }
			})
		).toMatchObject({
			signal: { type: 'offer', sdp: 'v=0' }
		});
		expect(
			parseSignaling({
				type: 'signal',
				from: 'a',
				to: 'b',
				session: 's',
				cid: 'c',
				signal: { type: 'candidate', candidate: { candidate: 'x', sdpMid: '0', extra: 1 } }
			})
		).toMatchObject({ signal: { type: 'candidate', candidate: { candidate: 'x', sdpMid: '0' } } });
		expect(
			parseSignaling({
				type: 'signal',
				from: 'a',
				to: 'b',
				session: 's',
				cid: 'c',
				signal: { type: 'decline', extra: 1 }
			})
		).toMatchObject({
			signal: { type: 'decline' }
		});
	});

	it('ignores anything malformed', () => {
		const bad: unknown[] = [
			null,
			'announce',
			[],
			{ type: 'announce', from: 'a' },
			{ type: 'announce', from: '', session: 's' },
			{ type: 'announce', from: 'a', session: 's', to: 5 },
			{ type: 'announce', from: 'x'.repeat(300), session: 's' },
			{ type: 'signal', from: 'a', to: 'b', session: 's', cid: 'c' },
			{ type: 'signal', from: 'a', to: 'b', session: 's', cid: 'c', signal: { type: 'offer' } },
			{
				type: 'signal',
				from: 'a',
				to: 'b',
				session: 's',
				cid: 'c',
				signal: { type: 'rollback', sdp: '' }
			},
			{
				type: 'signal',
				from: 'a',
				to: 'b',
				session: 's',
				cid: 'c',
				signal: { type: 'candidate', candidate: 'x' }
			},
			{ type: 'signal', from: 'a', session: 's', cid: 'c', signal: { type: 'offer', sdp: '' } },
			{ type: 'other', from: 'a', session: 's' }
		];
		for (const b of bad) expect(parseSignaling(b)).toBeUndefined();
	});
});

describe('data channel frames', () => {
	it('round-trips hello and messages', () => {
		expect(
			decodeFrame(encodeHello('a' as PeerId, { storageId: 'st' as never, isEphemeral: false }))
		).toEqual({
			ok: true,
			value: { kind: 'hello', peerId: 'a', peerMetadata: { storageId: 'st', isEphemeral: false } }
		});
		const m = {
			type: 'sync',
			senderId: 'a',
			targetId: 'b',
			documentId: 'd',
			data: new Uint8Array([1, 2, 3])
		} as unknown as Message;
		const d = decodeFrame(encodeMessage('t1', m));
		expect(d.ok && d.value.kind === 'message' && d.value.topic).toBe('t1');
		expect(d.ok && d.value.kind === 'message' && d.value.message).toMatchObject({
			type: 'sync',
			senderId: 'a',
			targetId: 'b'
		});
		expect(
			d.ok &&
				d.value.kind === 'message' &&
				Array.from((d.value.message as { data: Uint8Array }).data)
		).toEqual([1, 2, 3]);
	});

	it('round-trips topic joins and leaves', () => {
		expect(decodeFrame(encodeTopic('t1'))).toEqual({
			ok: true,
			value: { kind: 'join', topic: 't1' }
		});
		expect(decodeFrame(encodeTopic('t1', true))).toEqual({
			ok: true,
			value: { kind: 'leave', topic: 't1' }
		});
	});

	it('refuses garbage without throwing', () => {
		const bad = [
			new Uint8Array([]),
			new Uint8Array([0xff, 0xff]),
			cbor.encode('text'),
			cbor.encode([2, {}]),
			cbor.encode([0, { peerId: 5 }]),
			cbor.encode([0, { peerId: 'a', peerMetadata: 'x' }]),
			cbor.encode([0, { peerId: 'a', peerMetadata: { isEphemeral: 'yes' } }]),
			cbor.encode([2, { topic: 7 }]),
			cbor.encode([3, { topic: '' }]),
			cbor.encode([1, { type: 'sync', senderId: 'a', targetId: 'b' }]),
			cbor.encode([4, { topic: 't', message: { type: 'sync', senderId: 'a' } }]),
			cbor.encode([4, { message: { type: 'sync', senderId: 'a', targetId: 'b' } }]),
			cbor.encode([
				4,
				{ topic: 't', message: { type: 'sync', senderId: 'a', targetId: 'b', data: 'not bytes' } }
			]),
			cbor.encode([4, { topic: 't', message: 'message' }])
		];
		for (const b of bad) expect(decodeFrame(b).ok).toBe(false);
	});
});
