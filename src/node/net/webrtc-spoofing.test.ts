/**
 * Spoofed signaling: Mallory is subscribed to the festival's topic, sees every signal (the
 * server relays a publish to every subscriber) and publishes messages in Bob's name. None of
 * them may end or block Alice's link to Bob, get Bob banned, or make Alice take Mallory's
 * session for Bob's. Real node-datachannel peers and a real signaling server.
 */
import type { Message, PeerId } from '@automerge/automerge-repo/slim';
import { describe, expect, it, vi } from 'vitest';
import type { WebRTCNetworkAdapter } from '../../lib/core/net/webrtc-adapter.js';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import type { WebRTCAdapterOptions } from '../../lib/core/net/webrtc-options.js';
import {
	freshTopic,
	nodeAdapter,
	waitFor,
	watchTopic,
	type Published,
	type TopicWatch,
	signalingRig
} from './test-peers.js';

const server = signalingRig();
const { live, watches } = server;

const id = (s: string): PeerId => s as PeerId;
type Data = Published;
type Mallory = TopicWatch & {
	forge: (d: Data) => void;
	react: (fn: (d: Data) => void) => void;
	session: (peer: string) => string;
};

/** Mallory: a bare signaling client on the topic that records what is said and says what she likes. */
async function mallory(topic: string): Promise<Mallory> {
	const w = await watchTopic(server.url, topic);
	watches.push(w);
	const session = (peer: string): string =>
		String(w.seen.find((d) => d.from === peer && typeof d.session === 'string')?.session);
	return { ...w, forge: w.publish, react: w.onPublish, session };
}

function adapter(
	topic: string,
	extra: Parameters<typeof nodeAdapter>[2] = {}
): WebRTCNetworkAdapter {
	const a = nodeAdapter(server.url, topic, { announceMs: 200, connectTimeoutMs: 3000, ...extra });
	live.push(a);
	return a;
}

/** Alice and Bob linked, and Mallory on their topic. */
async function linked(extra: Parameters<typeof nodeAdapter>[2] = {}) {
	const topic = freshTopic();
	const m = await mallory(topic);
	const alice = adapter(topic, extra);
	const bob = adapter(topic, extra);
	alice.connect(id('alice'), {});
	bob.connect(id('bob'), {});
	await linkedPair(alice, bob, 'a link');
	const drops: string[] = [];
	alice.on('peer-disconnected', ({ peerId }) => drops.push(`alice lost ${peerId}`));
	bob.on('peer-disconnected', ({ peerId }) => drops.push(`bob lost ${peerId}`));
	// the call that made the link: the last answer said
	const answer = [...m.seen]
		.reverse()
		.find((d) => d.type === 'signal' && d.signal?.type === 'answer');
	if (!answer) throw new Error('no answer seen');
	return {
		m,
		alice,
		bob,
		drops,
		caller: String(answer.to),
		callee: String(answer.from),
		cid: String(answer.cid)
	};
}

/** Alice and Bob still talk: a message goes through. */
async function stillTalk(alice: WebRTCNetworkAdapter, bob: WebRTCNetworkAdapter): Promise<void> {
	const got = waitFor<Message>(bob, 'message');
	alice.send({
		type: 'ephemeral-test',
		senderId: id('alice'),
		targetId: id('bob'),
		data: new Uint8Array([7])
	} as unknown as Message);
	expect(((await got) as { data: Uint8Array }).data[0]).toBe(7);
}

/** Waits until Alice and Bob are linked to each other. */
async function linkedPair(
	alice: WebRTCNetworkAdapter,
	bob: WebRTCNetworkAdapter,
	what: string,
	timeout = 10_000
): Promise<void> {
	await vi.waitFor(
		() => {
			expect(alice.peers, what).toEqual(['bob']);
			expect(bob.peers, what).toEqual(['alice']);
		},
		{ timeout, interval: 20 }
	);
}

/**
 * Waits out what forged messages could set off: Alice and Bob each make `rounds` announce
 * rounds after them (some 200 ms apart; forged messages reach them within a millisecond
 * through the same server), in each of which they also call for links.
 */
async function afterRounds(m: Mallory, rounds = 5) {
	await m.announceRounds(['alice', 'bob'], rounds);
}

describe('spoofed signaling against a working link', () => {
	it("spoofed announce: an announce in Bob's name with a new session does not end Alice's link to Bob", async () => {
		const { m, alice, bob, drops } = await linked();
		m.forge({ type: 'announce', from: 'bob', session: 'mallory-session' });
		m.forge({ type: 'announce', from: 'bob', session: 'mallory-session-2', to: 'alice' });
		m.forge({ type: 'announce', from: 'alice', session: 'mallory-session-3', to: 'bob' });
		await afterRounds(m);
		expect(drops).toEqual([]);
		await stillTalk(alice, bob);
	});

	it("spoofed decline: a decline naming the working link's call does not end it", async () => {
		const { m, alice, bob, drops, caller, callee, cid } = await linked();
		m.forge({
			type: 'signal',
			from: callee,
			to: caller,
			session: m.session(callee),
			cid,
			signal: { type: 'decline' }
		});
		m.forge({
			type: 'signal',
			from: caller,
			to: callee,
			session: m.session(caller),
			cid,
			signal: { type: 'decline' }
		});
		await afterRounds(m);
		expect(drops).toEqual([]);
		await stillTalk(alice, bob);
	});

	it("spoofed offer: a new call in Bob's name does not replace Alice's working link", async () => {
		const { m, alice, bob, drops } = await linked();
		m.forge({
			type: 'signal',
			from: 'bob',
			to: 'alice',
			session: m.session('bob'),
			cid: 'mallory-call',
			signal: { type: 'offer', sdp: 'v=0\r\n' }
		});
		m.forge({
			type: 'signal',
			from: 'alice',
			to: 'bob',
			session: m.session('alice'),
			cid: 'mallory-call-2',
			signal: { type: 'offer', sdp: 'v=0\r\n' }
		});
		await afterRounds(m);
		expect(drops).toEqual([]);
		await stillTalk(alice, bob);
	});

	it("spoofed candidate: an ICE candidate naming the working link's call is not applied", async () => {
		const applied: string[] = [];
		class Recording extends RTCPeerConnection {
			override addIceCandidate(c?: RTCIceCandidateInit): Promise<void> {
				applied.push(String(c?.candidate));
				return super.addIceCandidate(c as RTCIceCandidateInit);
			}
		}
		const { m, alice, bob, drops, caller, callee, cid } = await linked({
			RTCPeerConnection: Recording as unknown as WebRTCAdapterOptions['RTCPeerConnection']
		});
		const candidate = {
			candidate: 'candidate:1 1 UDP 2122260223 203.0.113.66 40000 typ host',
			sdpMid: '0',
			sdpMLineIndex: 0
		};
		m.forge({
			type: 'signal',
			from: callee,
			to: caller,
			session: m.session(callee),
			cid,
			signal: { type: 'candidate', candidate }
		});
		m.forge({
			type: 'signal',
			from: caller,
			to: callee,
			session: m.session(caller),
			cid,
			signal: { type: 'candidate', candidate }
		});
		await afterRounds(m, 3);
		expect(applied.filter((c) => c.includes('203.0.113.66'))).toEqual([]);
		expect(drops).toEqual([]);
		await stillTalk(alice, bob);
	});

	it("spoofed signals for calls that are not the link's (answers, candidates, declines) change nothing", async () => {
		const { m, alice, bob, drops } = await linked();
		for (const [from, to] of [
			['bob', 'alice'],
			['alice', 'bob']
		] as const) {
			const session = m.session(from);
			m.forge({
				type: 'signal',
				from,
				to,
				session,
				cid: 'unknown-call',
				signal: { type: 'answer', sdp: 'v=0\r\n' }
			});
			m.forge({
				type: 'signal',
				from,
				to,
				session,
				cid: 'unknown-call',
				signal: {
					type: 'candidate',
					candidate: { candidate: 'candidate:1 1 UDP 1 203.0.113.9 9 typ host', sdpMid: '0' }
				}
			});
			m.forge({
				type: 'signal',
				from,
				to,
				session,
				cid: 'unknown-call',
				signal: { type: 'decline' }
			});
		}
		await afterRounds(m);
		expect(drops).toEqual([]);
		await stillTalk(alice, bob);
	});
});

describe('spoofed signaling against calls in progress', () => {
	it("spoofed declines: Mallory declining every call in the callee's name cannot keep Alice and Bob apart", async () => {
		const topic = freshTopic();
		const m = await mallory(topic);
		m.react((d) => {
			if (d.type === 'signal' && d.signal?.type === 'offer') {
				m.forge({
					type: 'signal',
					from: d.to,
					to: d.from,
					session: m.session(String(d.to)),
					cid: d.cid,
					signal: { type: 'decline' }
				});
			}
		});
		const alice = adapter(topic);
		const bob = adapter(topic);
		alice.connect(id('alice'), {});
		bob.connect(id('bob'), {});
		await linkedPair(alice, bob, 'a link despite the declines', 6000);
	});

	it("spoofed answers: Mallory answering every call with garbage in the callee's name cannot keep Alice and Bob apart", async () => {
		const topic = freshTopic();
		const m = await mallory(topic);
		m.react((d) => {
			if (d.type === 'signal' && d.signal?.type === 'offer') {
				m.forge({
					type: 'signal',
					from: d.to,
					to: d.from,
					session: m.session(String(d.to)),
					cid: d.cid,
					signal: { type: 'answer', sdp: 'v=0\r\nnot an answer\r\n' }
				});
			}
		});
		const alice = adapter(topic);
		const bob = adapter(topic);
		alice.connect(id('alice'), {});
		bob.connect(id('bob'), {});
		await linkedPair(alice, bob, 'a link despite the answers', 6000);
	});

	it("spoofed glare: an offer in Bob's name once Bob answered Alice's call does not replace it", async () => {
		// Bob ('b') is content with one link (to Carol, who takes no more), so only Zoe calls, and
		// her id is the larger: in a real glare, Bob's call would win over hers.
		const topic = freshTopic();
		const m = await mallory(topic);
		const bob = adapter(topic, { targetPeers: 1 });
		const carol = adapter(topic, { targetPeers: 1, maxPeers: 1 });
		bob.connect(id('b'), {});
		carol.connect(id('c'), {});
		await vi.waitFor(
			() => {
				expect(bob.peers, 'Bob and Carol linked').toEqual(['c']);
				expect(carol.peers, 'Bob and Carol linked').toEqual(['b']);
			},
			{ timeout: 10_000, interval: 20 }
		);
		// whenever Bob answers, Mallory calls the caller in Bob's name at once
		m.react((d) => {
			if (d.type === 'signal' && d.signal?.type === 'answer' && d.from === 'b') {
				m.forge({
					type: 'signal',
					from: 'b',
					to: d.to,
					session: m.session('b'),
					cid: `glare-${String(d.cid)}`,
					signal: { type: 'offer', sdp: 'v=0\r\n' }
				});
			}
		});
		const zoe = adapter(topic, { targetPeers: 1 });
		zoe.connect(id('z'), {});
		await vi.waitFor(
			() => expect(zoe.peers, 'Zoe linked to Bob despite the offers').toContain('b'),
			{ timeout: 8000, interval: 20 }
		);
	});

	it("spoofed offer: a new call in the caller's name does not replace a call being answered", async () => {
		const topic = freshTopic();
		const m = await mallory(topic);
		// whenever someone calls, Mallory calls again in the caller's name at once
		m.react((d) => {
			if (
				d.type === 'signal' &&
				d.signal?.type === 'offer' &&
				!String(d.cid).startsWith('again-')
			) {
				m.forge({
					type: 'signal',
					from: d.from,
					to: d.to,
					session: d.session,
					cid: `again-${String(d.cid)}`,
					signal: { type: 'offer', sdp: 'v=0\r\n' }
				});
			}
		});
		const alice = adapter(topic);
		const bob = adapter(topic);
		alice.connect(id('alice'), {});
		bob.connect(id('bob'), {});
		await linkedPair(alice, bob, 'a link despite the offers', 6000);
	});

	it('session poisoning: Mallory echoing every announce with a session of her own cannot keep Alice and Bob apart', async () => {
		const topic = freshTopic();
		const m = await mallory(topic);
		let n = 0;
		m.react((d) => {
			if (d.type === 'announce') m.forge({ ...d, session: `mallory-${++n}` });
		});
		const alice = adapter(topic);
		const bob = adapter(topic);
		alice.connect(id('alice'), {});
		bob.connect(id('bob'), {});
		await linkedPair(alice, bob, 'a link despite the announces', 6000);
		const drops: string[] = [];
		alice.on('peer-disconnected', ({ peerId }) => drops.push(`alice lost ${peerId}`));
		await afterRounds(m);
		expect(drops).toEqual([]);
		await stillTalk(alice, bob);
	});
});
