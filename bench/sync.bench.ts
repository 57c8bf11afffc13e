/**
 * Newcomer sync (issue 4): a festival of 30,000 changes by 50 authors (sealed 20 changes to an
 * entry) reaches a newcomer over a node-datachannel data channel, every change verified against
 * its author's signed entry; beside automerge-repo's own newcomer sync of the same Automerge
 * document over the same adapter, in the same run. Bytes are the message payloads handed to
 * the adapter, counted the same way for both. Both festivals run with the crypto the Node
 * programs run with (src/node/peer.ts): node:crypto's Ed25519 and BLAKE2b, large batches
 * verified on a pool of worker threads.
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
import { nodeCrypto } from '../src/node/crypto/node-crypto.js';
import { VerifyPool } from '../src/node/crypto/verify-pool.js';
import { startSignaling } from '../src/node/signaling/server.js';
import { bigFestival } from './fixture.js';
import { settle, type Sample, type Suite } from './figure.js';

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

/** Where both festivals verify large batches, as the Node programs do. */
let pool: VerifyPool | undefined;

async function ctx(name: string) {
	return {
		identity: await generateIdentity(name),
		device: newDeviceId(),
		storage: new MemoryStorageAdapter(),
		sealDelayMs: 60_000,
		crypto: nodeCrypto((pool ??= new VerifyPool()))
	};
}

/** One newcomer sync of ours and one of automerge-repo's, of the document `holder` holds. */
export interface SyncRun {
	ours: number;
	ourBytes: number;
	theirs: number;
	theirBytes: number;
	/** Entries the newcomer holds (each verified) at the end. */
	verified: number;
}

/**
 * A newcomer syncs `holder`'s festival from it over node-datachannel (signaling at `url`),
 * then automerge-repo's newcomer finds the same document over the same adapter.
 */
export async function newcomerSync(url: string, holder: Festival): Promise<SyncRun> {
	const target = [...A.getHeads(holder.doc)].sort().join();

	// Ours: snapshot + signed headers, every entry rebuilt and verified.
	const topic = `bench-${process.pid}-${++topics}`;
	const newcomer = await Festival.join(await ctx('newcomer'), holder.id);
	const aa = adapter(url, topic);
	const ab = adapter(url, topic);
	const sa = new FestivalSync(holder, { digestMs: 0 });
	const sb = new FestivalSync(newcomer, { digestMs: 0 });
	const unbindA = bindSync(sa, aa);
	const unbindB = bindSync(sb, ab);
	settle();
	let t0 = performance.now();
	aa.connect('holder' as PeerId, {});
	ab.connect('newcomer' as PeerId, {});
	await until(() => [...A.getHeads(newcomer.doc)].sort().join() === target);
	const ours = performance.now() - t0;
	const ourBytes = aa.sentBytes + ab.sentBytes;
	const verified = (await newcomer.entries()).length;
	unbindA();
	unbindB();
	sa.close();
	sb.close();
	aa.disconnect();
	ab.disconnect();

	// automerge-repo: the same document, found by a newcomer repo over the same adapter.
	const topic2 = `bench-${process.pid}-${++topics}`;
	const ra = adapter(url, topic2);
	const rb = adapter(url, topic2);
	const repoA = new Repo({ network: [ra], peerId: 'repo-holder' as PeerId });
	const handle = repoA.import<Record<string, unknown>>(A.save(holder.doc));
	settle();
	t0 = performance.now();
	const repoB = new Repo({ network: [rb], peerId: 'repo-newcomer' as PeerId });
	const found = await repoB.find<Record<string, unknown>>(handle.url);
	await until(() => [...A.getHeads(found.doc())].sort().join() === target);
	const theirs = performance.now() - t0;
	const theirBytes = ra.sentBytes + rb.sentBytes;
	await repoA.shutdown();
	await repoB.shutdown();
	return { ours, ourBytes, theirs, theirBytes, verified };
}

function until(done: () => boolean): Promise<void> {
	return new Promise<void>((resolve) => {
		const check = () => (done() ? resolve() : setTimeout(check, 5));
		check();
	});
}

export const syncSuite: Suite = {
	name: 'sync',
	async prepare() {
		const big = await bigFestival(50, 200, 20);
		await (pool ??= new VerifyPool()).warm();
		const server = await startSignaling({ port: 0 });
		const holder = await Festival.join(await ctx('holder'), big.id, big.entries);
		if (A.getHeads(holder.doc).length === 0) throw new Error('bench festival did not build');
		// Both newcomers sync once before the runs, untimed, as ingest and its baseline do: the
		// first in a process pays for growing Automerge's memory for a second large document and
		// for compiling what it runs, and ours, which goes first, would pay for both.
		await newcomerSync(server.url, holder);
		return {
			async run(): Promise<Sample[]> {
				const r = await newcomerSync(server.url, holder);
				return [
					{
						name: `newcomer sync, ${big.changes.length} changes by 50 authors in ${big.entries.length} entries (all verified, node:crypto + verify pool): time`,
						value: Math.round(r.ours),
						unit: 'ms',
						baseline: Math.round(r.theirs),
						ratio: r.ours / r.theirs,
						target: '<= 1.0x automerge-repo (same adapter), in every run',
						checks: [{ of: 'ratio', op: '<=', limit: 1, every: true }],
						holds: r.verified === big.entries.length
					},
					{
						name: `newcomer sync, ${big.changes.length} changes by 50 authors: bytes on the wire`,
						value: r.ourBytes,
						unit: 'bytes',
						baseline: r.theirBytes,
						ratio: r.ourBytes / r.theirBytes,
						target: '<= 1.1x automerge-repo',
						checks: [{ of: 'ratio', op: '<=', limit: 1.1 }]
					}
				];
			},
			async close() {
				await server.close();
				await pool?.close();
				pool = undefined;
			}
		};
	}
};
