import type { Message, PeerId } from '@automerge/automerge-repo/slim';
import { describe, expect, it, vi } from 'vitest';
import { chunkMessage } from './chunking.js';
import { linkOptions } from './link-options.fixture.js';
import { PeerLink, type LinkHandlers, type RTCPeerConnectionConstructor } from './peer-link.js';
import { decodeFrame, encodeHello, encodeMessage } from './wire.js';

/** A data channel that only records what is sent; the test drives its state and events. */
class FakeChannel {
	readyState: RTCDataChannelState = 'connecting';
	binaryType = 'blob';
	bufferedAmount = 0;
	bufferedAmountLowThreshold = 0;
	sent: Uint8Array[] = [];
	onopen: (() => void) | null = null;
	onclose: (() => void) | null = null;
	onerror: (() => void) | null = null;
	onmessage: ((e: { data: unknown }) => void) | null = null;
	onbufferedamountlow: (() => void) | null = null;
	send(b: Uint8Array): void {
		this.sent.push(b);
	}
	close(): void {
		this.readyState = 'closed';
	}
}

/** A peer connection whose remote side opens one data channel when the test says so. */
class FakePeerConnection {
	static last: FakePeerConnection | undefined;
	ondatachannel: ((e: { channel: FakeChannel }) => void) | null = null;
	onicecandidate: unknown = null;
	onconnectionstatechange: unknown = null;
	connectionState = 'new';
	constructor() {
		FakePeerConnection.last = this;
	}
	close(): void {}
}

const alice = 'alice-1' as PeerId;
const bob = 'bob-1' as PeerId;

function answeringLink(): {
	link: PeerLink;
	channel: FakeChannel;
	ready: string[];
	got: Message[];
	closed: string[];
} {
	const ready: string[] = [];
	const got: Message[] = [];
	const closed: string[] = [];
	const link = new PeerLink(
		linkOptions({
			localPeerId: bob,
			remotePeerId: alice,
			remoteSession: 's',
			initiator: false,
			RTCPeerConnection: FakePeerConnection as unknown as RTCPeerConnectionConstructor,
			handlers: {
				onReady: () => ready.push('ready'),
				onFrame: (_l, f) => {
					if (f.kind === 'message') got.push(f.message);
				},
				onClose: (_l, reason, detail) => closed.push(`${reason}: ${detail}`)
			}
		})
	);
	const channel = new FakeChannel();
	FakePeerConnection.last!.ondatachannel!({ channel });
	return { link, channel, ready, got, closed };
}

const kinds = (sent: Uint8Array[]) =>
	sent.map((f) => (decodeFrame(f.subarray(1)) as { ok: true; value: { kind: string } }).value.kind);

describe('PeerLink', () => {
	it('sends its hello first even when the channel reports open, and the remote hello arrives, before its open event (regression)', () => {
		const { link, channel, ready } = answeringLink();
		// The channel is open, but its `open` event has not run yet; the remote's hello arrives.
		channel.readyState = 'open';
		for (const f of chunkMessage(encodeHello(alice, {}))) channel.onmessage!({ data: f.buffer });
		expect(ready).toEqual(['ready']);
		// Being ready, the sync layer answers at once.
		link.send('t', {
			type: 'festival',
			senderId: bob,
			targetId: alice,
			data: new Uint8Array([1, 2, 3])
		} as Message);
		channel.onopen!();
		expect(kinds(channel.sent)).toEqual(['hello', 'message']);
		link.close();
	});

	it('sends its hello once, when the channel opens, then messages in order', () => {
		const { link, channel } = answeringLink();
		channel.readyState = 'open';
		channel.onopen!();
		channel.onopen!();
		for (const f of chunkMessage(encodeHello(alice, {}))) channel.onmessage!({ data: f.buffer });
		link.send('t', {
			type: 'festival',
			senderId: bob,
			targetId: alice,
			data: new Uint8Array([1])
		} as Message);
		link.send('t', {
			type: 'festival',
			senderId: bob,
			targetId: alice,
			data: new Uint8Array([2])
		} as Message);
		expect(kinds(channel.sent)).toEqual(['hello', 'message', 'message']);
		link.close();
	});
	it('holds messages that come before the hello and delivers them after it; too many end the link without a ban', () => {
		const { link, channel, got, closed } = answeringLink();
		channel.readyState = 'open';
		channel.onopen!();
		const msg = (n: number) =>
			encodeMessage('t', {
				type: 'festival',
				senderId: alice,
				targetId: bob,
				data: new Uint8Array([n])
			} as Message);
		for (const f of chunkMessage(msg(1))) channel.onmessage!({ data: f.buffer });
		expect(got).toHaveLength(0);
		expect(closed).toEqual([]);
		for (const f of chunkMessage(encodeHello(alice, {}))) channel.onmessage!({ data: f.buffer });
		expect(got.map((m) => [...(m as { data: Uint8Array }).data])).toEqual([[1]]);
		link.close();

		const flood = answeringLink();
		flood.channel.readyState = 'open';
		flood.channel.onopen!();
		for (let i = 0; i < 65; i++)
			for (const f of chunkMessage(msg(i))) flood.channel.onmessage!({ data: f.buffer });
		expect(flood.closed).toEqual(['failed: too many messages before hello']);
	});
});

/** A calling peer connection that takes only answers whose SDP starts with 'good'. */
class CallingPeerConnection {
	static last: CallingPeerConnection | undefined;
	/** The SDP of the offers it makes. */
	static offerSdp = 'offer';
	onicecandidate: unknown = null;
	onconnectionstatechange: unknown = null;
	ondatachannel: unknown = null;
	connectionState = 'new';
	localDescription: { sdp: string } | null = null;
	remote: string[] = [];
	candidates: string[] = [];
	constructor() {
		CallingPeerConnection.last = this;
	}
	createDataChannel(): FakeChannel {
		return new FakeChannel();
	}
	async createOffer(): Promise<{ type: 'offer'; sdp: string }> {
		return { type: 'offer', sdp: CallingPeerConnection.offerSdp };
	}
	async setLocalDescription(d: { sdp: string }): Promise<void> {
		this.localDescription = d;
	}
	async setRemoteDescription(d: { sdp: string }): Promise<void> {
		if (!d.sdp.startsWith('good')) throw new Error('not an answer to this offer');
		this.remote.push(d.sdp);
	}
	async addIceCandidate(c: { candidate: string }): Promise<void> {
		this.candidates.push(c.candidate);
	}
	close(): void {}
}

/** A link calling bob over a {@link CallingPeerConnection}, with `handlers` (the others do nothing). */
function callingLink(handlers: Partial<LinkHandlers<PeerLink>>): PeerLink {
	return new PeerLink(
		linkOptions({
			localPeerId: alice,
			remotePeerId: bob,
			initiator: true,
			RTCPeerConnection: CallingPeerConnection as unknown as RTCPeerConnectionConstructor,
			handlers
		})
	);
}

describe('PeerLink calling', () => {
	it('skips answers that do not apply, takes the session of the one that does, and then ignores other sessions', async () => {
		const closed: string[] = [];
		let offered: () => void = () => undefined;
		const offer = new Promise<void>((r) => (offered = r));
		const link = callingLink({
			onSignal: (_l, s) => {
				if (s.type === 'offer') offered();
			},
			onClose: (_l, r, d) => closed.push(`${r}: ${d}`)
		});
		const pc = CallingPeerConnection.last!;
		await offer;
		expect(link.remoteSession).toBeUndefined();
		link.handleSignal({ type: 'candidate', candidate: { candidate: 'early' } }, 'bob-session');
		link.handleSignal({ type: 'answer', sdp: 'forged garbage' }, 'mallory-session');
		link.handleSignal({ type: 'answer', sdp: 'good answer' }, 'bob-session');
		// the candidate that came early is applied last, once an answer took
		await vi.waitFor(() => expect(pc.candidates, 'the early candidate applied').toContain('early'));
		expect(closed).toEqual([]);
		expect(link.answered).toBe(true);
		expect(link.remoteSession).toBe('bob-session');
		expect(pc.remote).toEqual(['good answer']);
		expect(pc.candidates).toEqual(['early']);
		link.handleSignal(
			{ type: 'candidate', candidate: { candidate: 'from mallory' } },
			'mallory-session'
		);
		link.handleSignal({ type: 'answer', sdp: 'good but late' }, 'bob-session');
		link.handleSignal({ type: 'candidate', candidate: { candidate: 'late' } }, 'bob-session');
		// signals are handled in order: once the last one is applied, the ones before it were seen
		await vi.waitFor(() => expect(pc.candidates, 'the late candidate applied').toContain('late'));
		expect(pc.remote).toEqual(['good answer']);
		expect(pc.candidates).toEqual(['early', 'late']);
		link.close();
	});

	it('offers as the DTLS client: the offer it sends says setup:active where its own says actpass', async () => {
		CallingPeerConnection.offerSdp =
			'v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=setup:actpass\r\na=mid:0\r\n';
		let sent = '';
		const link = callingLink({
			onSignal: (_l, s) => {
				if (s.type === 'offer') sent = s.sdp;
			}
		});
		try {
			await vi.waitFor(() => expect(sent).not.toBe(''));
			expect(CallingPeerConnection.last!.localDescription!.sdp).toContain('a=setup:actpass\r\n');
			expect(sent).toBe(
				'v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=setup:active\r\na=mid:0\r\n'
			);
		} finally {
			CallingPeerConnection.offerSdp = 'offer';
			link.close();
		}
	});
});
