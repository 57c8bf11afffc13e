/**
 * The caller of a link is its DTLS client (core/net/dtls-role.ts), over real WebRTC
 * (node-datachannel): libdatachannel answers the caller's `a=setup:active` offer `passive`,
 * the callee answers once its ICE works (its DTLS listening), and the link opens.
 */
import type { PeerId } from '@automerge/automerge-repo/slim';
import { cleanup } from 'node-datachannel';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PeerLink, type RTCPeerConnectionConstructor } from '../../lib/core/net/peer-link.js';
import { linkOptions } from '../../lib/core/net/link-options.fixture.js';
import type { SignalPayload } from '../../lib/core/net/wire.js';

afterAll(() => cleanup());

/** Peer connections made, newest last. */
const made: RTCPeerConnection[] = [];
class Recorded extends RTCPeerConnection {
	constructor(config?: RTCConfiguration) {
		super(config);
		made.push(this);
	}
}

const alice = 'alice-dtls' as PeerId;
const bob = 'bob-dtls' as PeerId;

/** A link between `me` and `them`, whose signals go to `signal` and whose hello marks it ready. */
function link(me: PeerId, them: PeerId, initiator: boolean, signal: (s: SignalPayload) => void) {
	const state = { ready: false, closed: '' };
	const l = new PeerLink(
		linkOptions({
			localPeerId: me,
			remotePeerId: them,
			...(initiator ? {} : { remoteSession: 'alice-session' }),
			cid: 'call-1',
			initiator,
			RTCPeerConnection: Recorded as unknown as RTCPeerConnectionConstructor,
			connectTimeoutMs: 20_000,
			handlers: {
				onSignal: (_l, s) => signal(s),
				onReady: () => (state.ready = true),
				onClose: (_l, reason, detail) => (state.closed = `${reason}: ${detail}`)
			}
		})
	);
	return { l, state };
}

describe('DTLS roles over node-datachannel', () => {
	it('the caller offers setup:active, the callee answers passive once its ICE works, and the link opens', async () => {
		const setups: string[] = [];
		const setup = (sdp: string) => sdp.match(/^a=setup:\w+/m)?.[0] ?? 'none';
		const to: { callee?: ReturnType<typeof link> } = {};
		const toCallee: SignalPayload[] = [];
		// The caller's candidates reach the callee only after a while (none in the offer), so its
		// answer is ready well before its ICE can work.
		const deliver = (s: SignalPayload) => {
			if (to.callee) to.callee.l.handleSignal(s, 'alice-session');
			else toCallee.push(s);
		};
		const caller = link(alice, bob, true, (s) => {
			if (s.type === 'candidate') return void setTimeout(() => deliver(s), 50);
			if (s.type !== 'offer') return deliver(s);
			setups.push(`offer ${setup(s.sdp)}`);
			deliver({ ...s, sdp: s.sdp.replace(/^a=(candidate:.*|end-of-candidates)\r?\n/gm, '') });
		});
		const callee = (to.callee = link(bob, alice, false, (s) => {
			if (s.type === 'answer')
				setups.push(`answer ${setup(s.sdp)}, ICE ${made[made.length - 1]!.iceConnectionState}`);
			caller.l.handleSignal(s, 'bob-session');
		}));
		for (const s of toCallee.splice(0)) callee.l.handleSignal(s, 'alice-session');
		try {
			await vi.waitFor(() => expect(caller.state.ready && callee.state.ready).toBe(true), {
				timeout: 10_000
			});
			expect(setups).toEqual(['offer a=setup:active', 'answer a=setup:passive, ICE connected']);
			expect([caller.state.closed, callee.state.closed]).toEqual(['', '']);
		} finally {
			caller.l.close();
			callee.l.close();
		}
	});
});
