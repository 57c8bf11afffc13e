import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANSWER_WAIT_MS, iceWorks, offerAsDtlsClient } from './dtls-role.js';

describe('offerAsDtlsClient', () => {
	it('makes each actpass setup of an offer active and leaves the rest as it was', () => {
		const sdp = [
			'v=0',
			'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
			'a=setup:actpass',
			'a=mid:0',
			'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
			'a=setup:actpass',
			'a=x-note:a=setup:actpass',
			''
		];
		const out = offerAsDtlsClient(sdp.join('\r\n')).split('\r\n');
		expect(out.filter((l) => l.startsWith('a=setup:'))).toEqual([
			'a=setup:active',
			'a=setup:active'
		]);
		expect(out.filter((l) => !l.startsWith('a=setup:'))).toEqual(
			sdp.filter((l) => !l.startsWith('a=setup:'))
		);
		// bare newlines too, and an offer that already chose stays as it is
		expect(offerAsDtlsClient('a=setup:actpass\na=mid:0')).toBe('a=setup:active\na=mid:0');
		expect(offerAsDtlsClient('a=setup:passive\r\n')).toBe('a=setup:passive\r\n');
	});
});

/** The ICE state of a peer connection, changed by the test. */
class FakeIce {
	iceConnectionState: RTCIceConnectionState = 'checking';
	oniceconnectionstatechange: (() => void) | null = null;
	set(state: RTCIceConnectionState): void {
		this.iceConnectionState = state;
		this.oniceconnectionstatechange?.();
	}
}

describe('iceWorks', () => {
	afterEach(() => void vi.useRealTimers());

	it('resolves when the ICE works (or failed), not before', async () => {
		vi.useFakeTimers();
		for (const end of ['connected', 'completed', 'failed'] as const) {
			const pc = new FakeIce();
			let done = false;
			void iceWorks(pc as unknown as RTCPeerConnection).then(() => (done = true));
			await vi.advanceTimersByTimeAsync(ANSWER_WAIT_MS / 2);
			pc.set('checking');
			await vi.advanceTimersByTimeAsync(0);
			expect(done).toBe(false);
			pc.set(end);
			await vi.advanceTimersByTimeAsync(0);
			expect(done).toBe(true);
			expect(pc.oniceconnectionstatechange).toBeNull();
		}
	});

	it('resolves at once when it works already, and after the wait when it does not work alone', async () => {
		vi.useFakeTimers();
		const working = new FakeIce();
		working.iceConnectionState = 'connected';
		let now = false;
		void iceWorks(working as unknown as RTCPeerConnection).then(() => (now = true));
		await vi.advanceTimersByTimeAsync(0);
		expect(now).toBe(true);
		const stuck = new FakeIce();
		let late = false;
		void iceWorks(stuck as unknown as RTCPeerConnection).then(() => (late = true));
		await vi.advanceTimersByTimeAsync(ANSWER_WAIT_MS - 1);
		expect(late).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect(late).toBe(true);
		expect(stuck.oniceconnectionstatechange).toBeNull();
	});
});
