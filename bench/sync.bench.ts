/**
 * Newcomer sync (issue 4): a festival of 30,000 changes by 50 authors (sealed 20 changes to an
 * entry) reaches a newcomer over a node-datachannel data channel, every change verified against
 * its author's signed entry; beside automerge-repo's own newcomer sync of the same Automerge
 * document over the same adapter, in the same run. Bytes are the message payloads handed to
 * the adapter, counted the same way for both.
 */
import * as A from '@automerge/automerge';
import { Repo, type Message, type PeerId } from '@automerge/automerge-repo';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { WebSocket } from 'ws';
import { Festival } from '../src/lib/core/festival/festival.js';
import { generateIdentity, newDeviceId } from '../src/lib/core/identity/identity.js';
import {
	WebRTCNetworkAdapter,
	type WebRTCAdapterOptions
} from '../src/lib/core/net/webrtc-adapter.js';
import { MemoryStorageAdapter } from '../src/lib/core/store/memory-storage-adapter.js';
import { bindSync } from '../src/lib/core/sync/bind.js';
import { FestivalSync } from '../src/lib/core/sync/sync.js';
import { startSignaling } from '../src/node/signaling/server.js';
import { bigFestival } from './fixture.js';
import type { Figure } from './figure.js';

let topics = 0;
function adapter(url: string, topic: string): WebRTCNetworkAdapter & { sentBytes: number } {
	const a = new WebRTCNetworkAdapter({
		signalingUrl: url,
		topic,
		RTCPeerConnection: RTCPeerConnection as unknown as WebRTCAdapterOptions['RTCPeerConnection'],
		WebSocket,
		iceServers: []
	}) as WebRTCNetworkAdapter & { sentBytes: number };
	a.sentBytes = 0;
	const send = a.send.bind(a);
	a.send = (m: Message) => {
		a.sentBytes += m.data?.length ?? 0;
		send(m);
	};
	return a;
}

async function ctx(name: string) {
	return {
		identity: await generateIdentity(name),
		device: newDeviceId(),
		storage: new MemoryStorageAdapter(),
		sealDelayMs: 60_000
	};
}

export async function syncBench(): Promise<Figure[]> {
	const big = await bigFestival(50, 200, 20);
	const server = await startSignaling({ port: 0 });
	try {
		const holder = await Festival.join(await ctx('holder'), big.id, big.entries);
		if (A.getHeads(holder.doc).length === 0) throw new Error('bench festival did not build');
		const target = [...A.getHeads(holder.doc)].sort().join();

		// Ours: snapshot + signed headers, every entry rebuilt and verified.
		const topic = `bench-${process.pid}-${++topics}`;
		const newcomer = await Festival.join(await ctx('newcomer'), big.id);
		const aa = adapter(server.url, topic);
		const ab = adapter(server.url, topic);
		const sa = new FestivalSync(holder, { digestMs: 0 });
		const sb = new FestivalSync(newcomer, { digestMs: 0 });
		bindSync(sa, aa);
		bindSync(sb, ab);
		let t0 = performance.now();
		aa.connect('holder' as PeerId, {});
		ab.connect('newcomer' as PeerId, {});
		await new Promise<void>((resolve) => {
			const check = () =>
				[...A.getHeads(newcomer.doc)].sort().join() === target ? resolve() : setTimeout(check, 5);
			check();
		});
		const ours = performance.now() - t0;
		const ourBytes = aa.sentBytes + ab.sentBytes;
		const verified = (await newcomer.entries()).length;
		sa.close();
		sb.close();
		aa.disconnect();
		ab.disconnect();

		// automerge-repo: the same document, found by a newcomer repo over the same adapter.
		const topic2 = `bench-${process.pid}-${++topics}`;
		const ra = adapter(server.url, topic2);
		const rb = adapter(server.url, topic2);
		const repoA = new Repo({ network: [ra], peerId: 'repo-holder' as PeerId });
		const handle = repoA.import<Record<string, unknown>>(A.save(holder.doc));
		t0 = performance.now();
		const repoB = new Repo({ network: [rb], peerId: 'repo-newcomer' as PeerId });
		const found = await repoB.find<Record<string, unknown>>(handle.url);
		await new Promise<void>((resolve) => {
			const check = () =>
				[...A.getHeads(found.doc())].sort().join() === target ? resolve() : setTimeout(check, 5);
			check();
		});
		const theirs = performance.now() - t0;
		const theirBytes = ra.sentBytes + rb.sentBytes;
		repoA.shutdown();
		repoB.shutdown();

		return [
			{
				name: `newcomer sync, ${big.changes.length} changes by 50 authors in ${big.entries.length} entries (${verified} verified): time`,
				value: Math.round(ours),
				unit: 'ms',
				baseline: Math.round(theirs),
				ratio: ours / theirs,
				target: '<= 2x automerge-repo',
				pass: ours / theirs <= 2
			},
			{
				name: 'newcomer sync: bytes on the wire',
				value: ourBytes,
				unit: 'bytes',
				baseline: theirBytes,
				ratio: ourBytes / theirBytes,
				target: '<= 2x automerge-repo',
				pass: ourBytes / theirBytes <= 2
			}
		];
	} finally {
		await server.close();
	}
}
