/**
 * Which side of a link runs the DTLS handshake as its client. By default (JSEP) the offer says
 * `a=setup:actpass` and the answerer takes the client's part: its ICE usually works first (it
 * has the caller's candidates before the caller has the answer), so its ClientHello reaches the
 * caller before the caller has started DTLS. libdatachannel (node-datachannel, which the Node
 * programs use) holds such an early packet but loses it about half the time, and the handshake
 * then waits for DTLS's first retransmission, a whole second. So the caller offers
 * `a=setup:active` (RFC 4145: the answerer then answers `passive`) and the callee answers once
 * its own ICE works ({@link iceWorks}): the caller, whose ICE can only work once it has the
 * answer, says the first word, to a callee whose DTLS has been listening since its ICE worked.
 * Browsers and libdatachannel both accept such an offer and answer it `passive`. Behind NATs
 * the callee's ICE cannot work alone (the caller's router drops its checks until the caller
 * checks too), the caller's then works first, and its first packet can still come early to a
 * libdatachannel callee: there the default roles would fare better; a fixed libdatachannel
 * would make the choice moot.
 * @module
 */

/** `sdp` (an offer) with the offerer as the DTLS client: each `a=setup:actpass` made `active`. */
export function offerAsDtlsClient(sdp: string): string {
	return sdp.replace(/^a=setup:actpass(?=\r?$)/gm, 'a=setup:active');
}

/** How long a callee waits for its ICE to work before it answers all the same, ms. */
export const ANSWER_WAIT_MS = 150;

const working = new Set<RTCIceConnectionState>(['connected', 'completed', 'failed', 'closed']);

/**
 * Resolves once the ICE of `pc` (a callee's, its answer set) works, or has failed or closed,
 * or after `ms`. The callee answers then: the caller's ICE can only work once it has the
 * answer, so the caller's first DTLS packet, sent as soon as its ICE works, finds the callee's
 * DTLS (started when the callee's ICE works) listening. A callee's ICE usually works first:
 * it checks the caller's candidates at once, and the caller answers checks before it has the
 * answer. Where it cannot alone (behind some NATs), the answer waits `ms` at most.
 */
export function iceWorks(pc: RTCPeerConnection, ms = ANSWER_WAIT_MS): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			pc.oniceconnectionstatechange = null;
			resolve();
		};
		const timer = setTimeout(done, ms);
		if (working.has(pc.iceConnectionState)) return done();
		pc.oniceconnectionstatechange = () => {
			if (working.has(pc.iceConnectionState)) done();
		};
	});
}
