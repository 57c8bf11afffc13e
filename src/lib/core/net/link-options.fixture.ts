/**
 * {@link PeerLink} options for tests: what a test names (peers, side, peer connection class,
 * the handlers it listens with), the rest fixed (no ICE servers, our hello, 16 KiB chunks,
 * 1 MiB messages, a 60 s connect timeout, handlers that do nothing).
 * @module
 */
import type { LinkHandlers, LinkOptions, PeerLink } from './peer-link.js';
import { encodeHello } from './wire.js';

/** Options for a test link: what `o` gives replaces a default; its `handlers` add to the do-nothing ones. */
export function linkOptions(
	o: Pick<LinkOptions, 'localPeerId' | 'remotePeerId' | 'initiator' | 'RTCPeerConnection'> &
		Partial<Omit<LinkOptions, 'handlers'>> & {
			readonly handlers?: Partial<LinkHandlers<PeerLink>>;
		}
): LinkOptions {
	const { handlers, ...rest } = o;
	return {
		cid: 'c',
		iceServers: [],
		hello: encodeHello(o.localPeerId, {}),
		chunkBytes: 16 * 1024,
		maxMessageBytes: 1 << 20,
		connectTimeoutMs: 60_000,
		...rest,
		handlers: {
			onSignal: () => undefined,
			onReady: () => undefined,
			onFrame: () => undefined,
			onClose: () => undefined,
			...handlers
		}
	};
}
