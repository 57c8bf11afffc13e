/**
 * Runs a {@link FestivalSync} over an automerge-repo network adapter: festival messages travel
 * as adapter messages of type `festival` beside whatever else the adapter carries, so the
 * festival protocol and automerge-repo can share the same links.
 * @module
 */
import type { Message, NetworkAdapterInterface, PeerId } from '@automerge/automerge-repo/slim';
import type { FestivalSync } from './sync.js';

/** The adapter message type that carries festival sync messages. */
export const FESTIVAL_MESSAGE = 'festival';

/** An adapter that can also cut a link (the WebRTC adapter can). */
export interface DroppingAdapter extends NetworkAdapterInterface {
	dropPeer?(peer: PeerId, reason: string): void;
}

/**
 * Wires `sync` to `adapter`: peers the adapter finds become neighbours, messages of type
 * `festival` go to the sync, and neighbours the sync finds misbehaving are cut. Returns a
 * function that unwires it.
 */
export function bindSync(sync: FestivalSync, adapter: DroppingAdapter): () => void {
	const me = () => adapter.peerId!;
	const onCandidate = ({ peerId }: { peerId: PeerId }) => {
		sync.addPeer(peerId, (data) =>
			adapter.send({ type: FESTIVAL_MESSAGE, senderId: me(), targetId: peerId, data } as Message)
		);
	};
	const onGone = ({ peerId }: { peerId: PeerId }) => sync.removePeer(peerId);
	const onMessage = (m: Message) => {
		if (m.type === FESTIVAL_MESSAGE && m.data instanceof Uint8Array)
			void sync.receive(m.senderId, m.data);
	};
	adapter.on('peer-candidate', onCandidate);
	adapter.on('peer-disconnected', onGone);
	adapter.on('message', onMessage);
	return () => {
		adapter.off('peer-candidate', onCandidate);
		adapter.off('peer-disconnected', onGone);
		adapter.off('message', onMessage);
	};
}
