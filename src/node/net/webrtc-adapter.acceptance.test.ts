/**
 * automerge-repo's own network adapter acceptance suite, run on the WebRTC adapter: three
 * adapters per setup on a fresh topic, through a real signaling server, over real
 * node-datachannel data channels.
 */
// the full Automerge entry loads its wasm, which the acceptance suite's repos need
import '@automerge/automerge';
import { runNetworkAdapterTests } from '@automerge/automerge-repo/helpers/tests/network-adapter-tests.js';
import { cleanup } from 'node-datachannel';
import { afterAll, beforeAll } from 'vitest';
import type { WebRTCNetworkAdapter } from '../../lib/core/net/webrtc-adapter.js';
import { startSignaling, type RunningSignaling } from '../signaling/server.js';
import { freshTopic, nodeAdapter } from './test-peers.js';

let server: RunningSignaling;
beforeAll(async () => {
	server = await startSignaling({ port: 0 });
});
afterAll(async () => {
	await server.close();
	cleanup();
});

runNetworkAdapterTests(async () => {
	const topic = freshTopic();
	const adapters: [WebRTCNetworkAdapter, WebRTCNetworkAdapter, WebRTCNetworkAdapter] = [
		nodeAdapter(server.url, topic),
		nodeAdapter(server.url, topic),
		nodeAdapter(server.url, topic)
	];
	return {
		adapters,
		teardown: () => {
			for (const a of adapters) a.disconnect();
		}
	};
}, 'WebRTC over node-datachannel');
