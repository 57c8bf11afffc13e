/**
 * Which side of a link runs the DTLS handshake as its client. By default (JSEP) the offer says
 * `a=setup:actpass` and the answerer takes the client's part: its ICE usually works first (it
 * has the caller's candidates before the caller has the answer), so its ClientHello reaches the
 * caller before the caller has started DTLS. libdatachannel (node-datachannel, which the Node
 * programs use) holds such an early packet but loses it about half the time, and the handshake
 * then waits for DTLS's first retransmission, a whole second. So the caller offers
 * `a=setup:active` (RFC 4145: the answerer then answers `passive`): the caller, whose ICE works
 * last, says the first word, to a callee whose DTLS has been listening since its ICE worked.
 * Browsers and libdatachannel both accept such an offer and answer it `passive`.
 * @module
 */

/** `sdp` (an offer) with the offerer as the DTLS client: each `a=setup:actpass` made `active`. */
export function offerAsDtlsClient(sdp: string): string {
	return sdp.replace(/^a=setup:actpass(?=\r?$)/gm, 'a=setup:active');
}
